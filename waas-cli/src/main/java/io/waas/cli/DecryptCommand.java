package io.waas.cli;

import io.waas.crypto.AeadAlgorithm;
import io.waas.crypto.CiphertextHeader;
import io.waas.crypto.EncryptionContext;
import io.waas.crypto.KeyRing;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine.Command;

/**
 * {@code waas decrypt}: decrypts a file made by {@code waas encrypt}. The SDK releases plaintext
 * only after the whole ciphertext authenticated, and the output is written atomically, so a
 * failure never leaves plaintext behind.
 */
@Command(
    name = "decrypt",
    description = {
      "Decrypt a file made by 'waas encrypt'.",
      "Give the same tenant, subject, purpose, record and attributes as when encrypting."
    })
final class DecryptCommand extends FileCryptCommand {
  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    EncryptionContext ctx = checkedContext();
    long limit =
        WaasCommand.root(spec).maxInputBytes()
            + CiphertextHeader.overhead(AeadAlgorithm.XCHACHA20_POLY1305);
    byte[] ciphertext = SafeFiles.readLimited(files.in(), limit, "input file");
    // Parse first: a file that is not a ciphertext at all gets a clear error before the store opens.
    CiphertextHeader h = CiphertextHeader.parse(ciphertext);
    byte[] plaintext;
    try (KeyRing ring = store.open(StoreOptions.Mode.MUST_EXIST, b -> b.createKeysOnFirstUse(false))) {
      plaintext = ring.encryptor().decrypt(ciphertext, ctx);
    }
    try {
      SafeFiles.writeAtomically(files.out(), plaintext, files.force());
      out.printf(
          "Decrypted %s to %s (%d bytes) with key %d (%s) of %s.%n",
          files.in(), files.out(), plaintext.length, h.keyId(), AlgorithmNames.of(h.algorithm()),
          ctx.keyScope());
      out.flush();
      return ExitCodes.OK;
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }
}
