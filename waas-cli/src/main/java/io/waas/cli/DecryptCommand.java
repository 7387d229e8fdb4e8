package io.waas.cli;

import io.waas.crypto.AeadAlgorithm;
import io.waas.crypto.CiphertextHeader;
import io.waas.crypto.CiphertextStreamException;
import io.waas.crypto.EncryptionContext;
import io.waas.crypto.KeyRing;
import io.waas.crypto.StreamHeader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import picocli.CommandLine.Command;

/**
 * {@code waas decrypt}: decrypts a file made by {@code waas encrypt}, in either format, told apart
 * by the magic bytes: {@code WC} (one piece, decrypted in memory) or {@code WS} (streaming,
 * decrypted in constant memory, segment by segment).
 *
 * <p>No partial plaintext is ever published. The output is written to a hidden owner-only
 * temporary file in the target directory and renamed into place only after the whole input
 * authenticated: for a stream, after its last segment verified, which is also what detects a
 * stream cut off at a segment boundary. On any failure the temporary file is deleted.
 */
@Command(
    name = "decrypt",
    description = {
      "Decrypt a file made by 'waas encrypt' (either format: in one piece or streaming).",
      "Give the same tenant, subject, purpose, record and attributes as when encrypting.",
      "The output appears only once the whole file authenticated."
    })
final class DecryptCommand extends FileCryptCommand {
  @Override
  public Integer call() throws Exception {
    EncryptionContext ctx = checkedContext();
    if (Files.isDirectory(files.in())) {
      throw new CommandFailedException(ExitCodes.USAGE, "input file " + files.in() + " is a directory");
    }
    byte[] prefix = readPrefix(files.in(), StreamHeader.LENGTH);
    if (StreamHeader.hasMagic(prefix)) {
      // Parse first: a broken header gets a clear error before the store opens.
      return decryptStream(ctx, StreamHeader.parse(prefix));
    }
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
      summary(
          String.format(
              "Decrypted %s to %s (%d bytes) with key %d (%s) of %s.",
              files.in(), files.out(), plaintext.length, h.keyId(), AlgorithmNames.of(h.algorithm()),
              ctx.keyScope()));
      return ExitCodes.OK;
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /** Decrypts a streaming ciphertext into an atomically written file. */
  private int decryptStream(EncryptionContext ctx, StreamHeader header) throws Exception {
    long size = Files.isRegularFile(files.in()) ? Files.size(files.in()) : -1;
    long[] counts = new long[2]; // ciphertext bytes read, plaintext bytes written
    try (KeyRing ring = store.open(StoreOptions.Mode.MUST_EXIST, b -> b.createKeysOnFirstUse(false));
        ProgressBar progress = progressBar("Decrypting", size)) {
      SafeFiles.writeAtomically(
          files.out(),
          files.force(),
          out -> {
            // A whole segment per read: the SDK then decrypts straight into this buffer.
            byte[] buf = new byte[header.segmentSize()];
            try (InputStream in = new ProgressInputStream(Files.newInputStream(files.in()), progress);
                InputStream dec = ring.streamingEncryptor().newDecryptingStream(in, ctx)) {
              for (int n = dec.read(buf); n >= 0; n = dec.read(buf)) {
                out.write(buf, 0, n);
                counts[1] += n;
              }
              // read() returned -1: the last segment verified, so the whole stream is authentic.
            } catch (CiphertextStreamException e) {
              throw e.securityCause();
            } finally {
              Arrays.fill(buf, (byte) 0);
            }
          });
      progress.finish();
    }
    summary(
        String.format(
            "Decrypted %s to %s (%d bytes, streaming format) with key %d (aes-256-gcm) of %s.",
            files.in(), files.out(), counts[1], header.keyId(), ctx.keyScope()));
    return ExitCodes.OK;
  }

  /** Reports the ciphertext bytes read to a progress bar. */
  private static final class ProgressInputStream extends FilterInputStream {
    private final ProgressBar progress;

    ProgressInputStream(InputStream in, ProgressBar progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        progress.advance(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        progress.advance(n);
      }
      return n;
    }
  }
}
