package io.waas.cli;

import io.waas.crypto.CiphertextHeader;
import io.waas.crypto.CiphertextStreamException;
import io.waas.crypto.EncryptionContext;
import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyScope;
import io.waas.crypto.StreamHeader;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code waas encrypt}: encrypts a file under a tenant's (or data subject's) primary key, bound to
 * an encryption context.
 *
 * <p>The tenant must already have keys ({@code waas keys create}), so that a mistyped tenant id
 * fails instead of quietly creating keys nobody will use again. A data subject's first key is
 * created on first use, as the SDK does, since subjects are many and come and go.
 *
 * <p>Files of {@value #DEFAULT_STREAMING_THRESHOLD_MIB} MiB or more, and any file with {@code
 * --streaming}, use the SDK's streaming format (1 MiB segments, constant memory, no size limit);
 * smaller files are encrypted in memory, in one piece. {@code waas decrypt} tells the formats
 * apart by their magic bytes.
 */
@Command(
    name = "encrypt",
    description = {
      "Encrypt a file with a tenant's key, bound to an encryption context.",
      "Decrypting needs the same tenant, subject, purpose, record and attributes.",
      "Files of " + EncryptCommand.DEFAULT_STREAMING_THRESHOLD_MIB + " MiB or more are encrypted as a stream"
          + " (constant memory, any size)."
    })
final class EncryptCommand extends FileCryptCommand {
  static final int DEFAULT_STREAMING_THRESHOLD_MIB = 64;

  @Option(
      names = "--streaming",
      description = "Use the streaming format whatever the file's size (default: only from "
          + DEFAULT_STREAMING_THRESHOLD_MIB + " MiB on).")
  private boolean streaming;

  /** Hidden: lets tests take the streaming path with small files. */
  @Option(names = "--streaming-threshold", hidden = true, paramLabel = "BYTES")
  private long streamingThreshold = (long) DEFAULT_STREAMING_THRESHOLD_MIB << 20;

  @Override
  public Integer call() throws Exception {
    EncryptionContext ctx = checkedContext();
    if (Files.isDirectory(files.in())) {
      throw new CommandFailedException(ExitCodes.USAGE, "input file " + files.in() + " is a directory");
    }
    // A pipe or device reports no useful size: it goes in memory unless --streaming says otherwise.
    long size = Files.isRegularFile(files.in()) ? Files.size(files.in()) : -1;
    boolean stream = streaming || size >= streamingThreshold;
    byte[] plaintext =
        stream ? new byte[0] : SafeFiles.readLimited(files.in(), WaasCommand.root(spec).maxInputBytes(), "input file");
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
        summary("Created the first key of " + ctx.keyScope() + ".");
      }
      if (stream) {
        return encryptStream(ring, ctx, size);
      }
      byte[] ciphertext = ring.encryptor().encrypt(plaintext, ctx);
      SafeFiles.writeAtomically(files.out(), ciphertext, files.force());
      CiphertextHeader h = CiphertextHeader.parse(ciphertext);
      summary(
          String.format(
              "Encrypted %s (%d bytes) to %s (%d bytes) with key %d (%s) of %s.",
              files.in(), plaintext.length, files.out(), ciphertext.length, h.keyId(),
              AlgorithmNames.of(h.algorithm()), ctx.keyScope()));
      return ExitCodes.OK;
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /** Streams the input through the SDK's streaming encryption into an atomically written file. */
  private int encryptStream(KeyRing ring, EncryptionContext ctx, long size) throws Exception {
    long[] counts = new long[2]; // plaintext bytes read, ciphertext bytes written
    try (ProgressBar progress = progressBar("Encrypting", size)) {
      SafeFiles.writeAtomically(
          files.out(),
          files.force(),
          out -> {
            OutputStream counted = new CountingOutputStream(out, counts);
            byte[] buf = new byte[COPY_BUFFER];
            try (InputStream in = Files.newInputStream(files.in());
                OutputStream enc = ring.streamingEncryptor().newEncryptingStream(counted, ctx)) {
              for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                enc.write(buf, 0, n);
                counts[0] += n;
                progress.advance(n);
              }
            } catch (CiphertextStreamException e) {
              throw e.securityCause();
            } finally {
              Arrays.fill(buf, (byte) 0);
            }
          });
      progress.finish();
    }
    StreamHeader h = StreamHeader.parse(readPrefix(files.out(), StreamHeader.LENGTH));
    summary(
        String.format(
            "Encrypted %s (%d bytes) to %s (%d bytes, streaming format, %d-byte segments) with key %d"
                + " (aes-256-gcm) of %s.",
            files.in(), counts[0], files.out(), counts[1], h.segmentSize(), h.keyId(), ctx.keyScope()));
    return ExitCodes.OK;
  }
}
