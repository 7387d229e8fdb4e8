package io.waas.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.waas.core.SecurityEventListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Child process for {@link KeyStoreCrashSafetyTest}: rotates a tenant's keys in a loop and, after
 * each rotation has returned (is committed), prints the key id and a ciphertext made after it.
 *
 * <p>Arguments: key store directory, master key file, tenant, maximum number of rotations.
 */
public final class RotationChild {
  private RotationChild() {}

  static byte[] plaintext(String tenant, int i) {
    return ("child data of " + tenant + " #" + i).getBytes(UTF_8);
  }

  static EncryptionContext context(String tenant, int i) {
    return EncryptionContext.of(tenant, "child", Integer.toString(i));
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path keyFile = Path.of(args[1]);
    String tenant = args[2];
    int max = Integer.parseInt(args[3]);
    PrintStream out = new PrintStream(System.out, true, UTF_8);
    try (KeyRing ring = KeyRing.builder()
        .directory(dir)
        .masterKey(MasterKeySource.keyFile(keyFile))
        .eventListener(SecurityEventListener.none())
        .build()) {
      KeyScope scope = KeyScope.tenant(tenant);
      out.println("READY");
      for (int i = 0; i < max; i++) {
        KeyMetadata m = ring.rotate(scope, i % 3 == 0 ? AeadAlgorithm.XCHACHA20_POLY1305 : AeadAlgorithm.AES_256_GCM);
        byte[] ct = ring.encryptor().encrypt(plaintext(tenant, i), context(tenant, i));
        out.println("COMMITTED " + m.keyId() + " " + i + " " + Base64.getEncoder().encodeToString(ct) + " END");
      }
      out.println("DONE");
    }
  }
}
