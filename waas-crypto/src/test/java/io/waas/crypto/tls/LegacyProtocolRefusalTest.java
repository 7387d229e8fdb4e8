package io.waas.crypto.tls;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.1 is refused by the policy, not only by the JDK's {@code jdk.tls.disabledAlgorithms}: in a
 * child JVM where the JDK allows TLS 1.1 again, a plain JDK server accepts a TLS 1.1 client and the
 * policy's server refuses it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LegacyProtocolRefusalTest {
  @Test
  void tls11Client_jdkAllowsIt_policyServerStillRefuses(@TempDir Path dir) throws Exception {
    Path security = dir.resolve("java.security");
    Files.writeString(security,
        "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224,"
            + " 3DES_EDE_CBC, anon, NULL\n", UTF_8);
    Path pkiDir = Files.createDirectory(dir.resolve("pki"));
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path out = dir.resolve("out.txt");
    Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-Djava.security.properties=" + security,
            "-cp", classPath, LegacyProtocolProbe.class.getName(), pkiDir.toString()))
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      fail("the probe JVM did not finish:\n" + Files.readString(out, UTF_8));
    }
    String output = Files.readString(out, UTF_8);
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("control: accepted TLSv1.1 TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"), output);
    assertTrue(output.contains("policy: refused javax.net.ssl.SSLHandshakeException: "), output);
    String policyLine = output.lines().filter(l -> l.startsWith("policy:")).findFirst().orElse("");
    assertTrue(policyLine.contains("TLSv1.1"), policyLine);
  }
}
