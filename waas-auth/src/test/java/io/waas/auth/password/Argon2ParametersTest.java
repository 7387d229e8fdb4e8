package io.waas.auth.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Argon2ParametersTest {
  @Test
  void owaspMinimum_is19MiB2Iterations1Lane() {
    Argon2Parameters p = Argon2Parameters.owaspMinimum();
    assertEquals(19456, p.memoryKiB());
    assertEquals(2, p.iterations());
    assertEquals(1, p.parallelism());
    assertEquals(19456L * 1024, p.memoryBytes());
    assertTrue(p.meetsOwaspFloor());
    assertEquals("m=19456,t=2,p=1", p.toString());
  }

  @Test
  void rfc9106LowMemory_is64MiB3Iterations4Lanes() {
    Argon2Parameters p = Argon2Parameters.rfc9106LowMemory();
    assertEquals(65536, p.memoryKiB());
    assertEquals(3, p.iterations());
    assertEquals(4, p.parallelism());
  }

  @ParameterizedTest(name = "m={0} t={1}")
  @CsvSource({
    "47104, 1", "19456, 2", "12288, 3", "9216, 4", "7168, 5", // OWASP's list itself
    "65536, 1", "19456, 3", "20000, 2", "7168, 10", "1048576, 1",
  })
  void of_meetsOrExceedsAnOwaspConfiguration_isAccepted(int m, int t) {
    Argon2Parameters p = Argon2Parameters.of(m, t, 1);
    assertTrue(p.meetsOwaspFloor());
    assertEquals(m, p.memoryKiB());
  }

  @ParameterizedTest(name = "m={0} t={1}")
  @CsvSource({"47103, 1", "19455, 2", "19456, 1", "12287, 3", "9215, 4", "7167, 5", "7167, 100", "4096, 50", "46000, 1"})
  void of_weakerThanEveryOwaspConfiguration_isRefused(int m, int t) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Argon2Parameters.of(m, t, 1));
    assertTrue(String.valueOf(e.getMessage()).contains("insecureForTests"), e.getMessage());
  }

  @Test
  void insecureForTests_allowsWeakButMarksIt() {
    Argon2Parameters p = Argon2Parameters.insecureForTests(256, 1, 1);
    assertFalse(p.meetsOwaspFloor());
    assertTrue(p.toString().contains("INSECURE"), p.toString());
  }

  @ParameterizedTest(name = "m={0} t={1} p={2}")
  @CsvSource({"7, 1, 1", "15, 1, 2", "19456, 0, 1", "19456, 101, 1", "19456, 2, 0", "19456, 2, 65", "4194305, 1, 1"})
  void anyFactory_structurallyImpossible_isRefused(int m, int t, int p) {
    assertThrows(IllegalArgumentException.class, () -> Argon2Parameters.insecureForTests(m, t, p));
    assertThrows(IllegalArgumentException.class, () -> Argon2Parameters.of(m, t, p));
  }

  @Test
  void equals_comparesTheThreeCosts() {
    assertEquals(Argon2Parameters.of(19456, 2, 1), Argon2Parameters.owaspMinimum());
    assertEquals(Argon2Parameters.of(19456, 2, 1).hashCode(), Argon2Parameters.owaspMinimum().hashCode());
    assertFalse(Argon2Parameters.of(19456, 3, 1).equals(Argon2Parameters.owaspMinimum()));
  }
}
