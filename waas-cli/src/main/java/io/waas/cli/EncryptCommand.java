package io.waas.cli;

import io.waas.crypto.CiphertextHeader;
import io.waas.crypto.EncryptionContext;
import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyScope;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine.Command;

/**
 * {@code waas encrypt}: encrypts a file under a tenant's (or data subject's) primary key, bound to
 * an encryption context.
 *
 * <p>The tenant must already have keys ({@code waas keys create}), so that a mistyped tenant id
 * fails instead of quietly creating keys nobody will use again. A data subject's first key is
 * created on first use, as the SDK does, since subjects are many and come and go.
 */
@Command(
    name = "encrypt",
    description = {
      "Encrypt a file with a tenant's key, bound to an encryption context.",
      "Decrypting needs the same tenant, subject, purpose, record and attributes."
    })
final class EncryptCommand extends FileCryptCommand {
  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    EncryptionContext ctx = checkedContext();
    byte[] plaintext =
        SafeFiles.readLimited(files.in(), WaasCommand.root(spec).maxInputBytes(), "input file");
    try (KeyRing ring = store.open(StoreOptions.Mode.MUST_EXIST, b -> b.createKeysOnFirstUse(false))) {
      KeyScope tenant = KeyScope.tenant(ctx.tenant());
      if (ring.keys(tenant).isEmpty()) {
        throw new CommandFailedException(
            ExitCodes.DATA_OR_KEY,
            tenant + " has no keys in key store " + store.directory() + "; create them with"
                + " 'waas keys create --store " + store.directory() + " --tenant " + ctx.tenant() + "'");
      }
      if (ctx.keyScope().isSubject() && ring.keys(ctx.keyScope()).isEmpty()) {
        ring.createKeys(ctx.keyScope());
        out.println("Created the first key of " + ctx.keyScope() + ".");
      }
      byte[] ciphertext = ring.encryptor().encrypt(plaintext, ctx);
      SafeFiles.writeAtomically(files.out(), ciphertext, files.force());
      CiphertextHeader h = CiphertextHeader.parse(ciphertext);
      out.printf(
          "Encrypted %s (%d bytes) to %s (%d bytes) with key %d (%s) of %s.%n",
          files.in(), plaintext.length, files.out(), ciphertext.length, h.keyId(),
          AlgorithmNames.of(h.algorithm()), ctx.keyScope());
      out.flush();
      return ExitCodes.OK;
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }
}
