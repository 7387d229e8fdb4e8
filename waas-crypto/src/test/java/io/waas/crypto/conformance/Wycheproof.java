package io.waas.crypto.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads Wycheproof vector files from {@code <waas.vectors>/wycheproof/} and tallies results.
 *
 * <p>The vectors are never copied into the repository: without the property (or with a missing
 * directory) every conformance test is reported as skipped, so a fresh clone cannot mistake "no
 * vectors" for "conformant".
 */
final class Wycheproof {
  static final String SKIP_MESSAGE = "needs ../shared/vectors/wycheproof; run with -Dwaas.vectors=...";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private Wycheproof() {}

  /**
   * Reads one vector file, or skips the calling test when the vectors are not available.
   *
   * @param fileName for example {@code aes_gcm_test.json}
   * @return the parsed file
   */
  static JsonNode load(String fileName) throws IOException {
    String root = System.getProperty("waas.vectors", "").strip();
    assumeTrue(!root.isEmpty(), SKIP_MESSAGE);
    Path dir = Path.of(root).resolve("wycheproof");
    // Tests run in the module directory; a relative path like ../shared/vectors is usually meant
    // from the project root, one level up.
    if (!dir.isAbsolute() && !Files.isDirectory(dir) && Files.isDirectory(Path.of("..").resolve(dir))) {
      dir = Path.of("..").resolve(dir);
    }
    assumeTrue(Files.isDirectory(dir), SKIP_MESSAGE + " (" + dir.toAbsolutePath() + " is absent)");
    // Upstream keeps the files in testvectors_v1/; accept them directly under wycheproof/ too.
    Path file = dir.resolve("testvectors_v1").resolve(fileName);
    if (!Files.isRegularFile(file)) {
      file = dir.resolve(fileName);
    }
    // The directory exists, so a missing file is a broken setup, not a reason to skip.
    assertTrue(Files.isRegularFile(file), "vector directory " + dir + " has no " + fileName);
    return JSON.readTree(file.toFile());
  }

  static byte[] hex(JsonNode test, String field) {
    JsonNode n = test.get(field);
    assertTrue(n != null && n.isTextual(), "vector has no hex field '" + field + "'");
    return HEX.parseHex(n.asText());
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** What a vector's {@code result} allows. */
  enum Expected {
    VALID,
    INVALID,
    ACCEPTABLE;

    static Expected of(JsonNode test) {
      String r = test.path("result").asText();
      return switch (r) {
        case "valid" -> VALID;
        case "invalid" -> INVALID;
        case "acceptable" -> ACCEPTABLE;
        default -> throw new AssertionError("unknown result '" + r + "' in tcId " + test.path("tcId"));
      };
    }
  }

  /** Counts one file's outcomes for one primitive, prints the summary line and asserts on it. */
  static final class Tally {
    private final String file;
    private final String primitive;
    private final int numberOfTests;
    private int run;
    private int passed;
    private int notApplicable;
    private final List<String> failures = new ArrayList<>();

    Tally(String file, String primitive, JsonNode vectors) {
      this.file = file;
      this.primitive = primitive;
      this.numberOfTests = vectors.path("numberOfTests").asInt(-1);
    }

    void notApplicable() {
      notApplicable++;
    }

    /**
     * Records one run vector.
     *
     * @param test the vector
     * @param accepted whether the primitive accepted it (and produced the expected output)
     * @param detail what happened, for the failure message
     */
    void record(JsonNode test, boolean accepted, String detail) {
      run++;
      Expected expected = Expected.of(test);
      boolean ok =
          expected == Expected.ACCEPTABLE || (expected == Expected.VALID) == accepted;
      if (ok) {
        passed++;
      } else {
        failures.add(
            "tcId " + test.path("tcId").asInt() + " (" + expected + ", "
                + test.path("comment").asText() + "): " + detail);
      }
    }

    /** Prints the summary line CI logs show, then fails on any failed vector. */
    void finish() {
      System.out.println(
          "wycheproof " + file + ": " + run + " run, " + passed + " passed, " + failures.size()
              + " failed, " + notApplicable + " not applicable (" + primitive + ")");
      // Every vector is either run or counted as not applicable: nothing is dropped silently.
      assertEquals(numberOfTests, run + notApplicable, file + ": vectors seen vs numberOfTests");
      assertTrue(run > 0, file + ": no vector was applicable to " + primitive);
      assertEquals(List.of(), failures, file + " failed under " + primitive);
    }
  }
}
