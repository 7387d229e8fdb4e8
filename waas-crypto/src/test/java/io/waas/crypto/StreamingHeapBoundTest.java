package io.waas.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Constant memory: a 2 GiB stream encrypted and decrypted in a child JVM whose heap is capped at
 * 64 MiB ({@link StreamingHeapChild}). A streaming implementation that buffered the data, or
 * leaked a buffer per segment, would die with {@link OutOfMemoryError} long before the end.
 */
class StreamingHeapBoundTest {
  static final long TWO_GIB = 2L << 30;


  @Test
  void encryptDecrypt_2GiBStreamIn64MiBHeap_digestsMatch(@TempDir Path tmp) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path err = tmp.resolve("child.err");
    Process child =
        new ProcessBuilder(
                java.toString(), "-Xmx64m", "-XX:+UseSerialGC", "-cp", KillableChild.classPath(),
                StreamingHeapChild.class.getName(), tmp.resolve("keys").toString(), Long.toString(TWO_GIB))
            .redirectError(err.toFile())
            .start();
    String output;
    try (InputStream in = child.getInputStream()) {
      output = new String(in.readAllBytes(), UTF_8);
    }
    boolean done = child.waitFor(5, TimeUnit.MINUTES);
    if (!done) {
      child.destroyForcibly();
    }
    assertTrue(done, "child did not finish");
    String diagnostics = "stdout:\n" + output + "\nstderr:\n" + read(err);
    assertEquals(0, child.exitValue(), diagnostics);

    Map<String, String> values = new HashMap<>();
    output.lines().filter(l -> l.contains("=")).forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    String plain = values.get("plaintext-sha256");
    assertNotNull(plain, diagnostics);
    assertEquals(64, plain.length(), diagnostics);
    assertEquals(plain, values.get("decrypted-sha256"), diagnostics);
    assertEquals(Long.toString(TWO_GIB), values.get("plaintext-bytes"), diagnostics);
    assertEquals(Long.toString(TWO_GIB), values.get("decrypted-bytes"), diagnostics);
    assertEquals(
        Long.toString(KeyRingStreamingEncryptor.ciphertextLength(TWO_GIB, KeyRingStreamingEncryptor.DEFAULT_SEGMENT_SHIFT)),
        values.get("ciphertext-bytes"),
        diagnostics);
    long maxHeap = Long.parseLong(values.getOrDefault("max-heap-bytes", "-1"));
    assertTrue(maxHeap > 0 && maxHeap <= 64L << 20, "child heap limit: " + maxHeap);
    System.out.println(
        "2 GiB stream encrypted and decrypted in a child JVM with -Xmx64m (max heap "
            + maxHeap / (1 << 20) + " MiB): ciphertext " + values.get("ciphertext-bytes") + " bytes, sha256 " + plain);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }
}
