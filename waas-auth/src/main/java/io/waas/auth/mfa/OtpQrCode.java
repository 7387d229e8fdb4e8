package io.waas.auth.mfa;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Renders an {@link OtpAuthUri} as a QR code PNG for authenticator apps to scan: ZXing's {@code
 * QRCodeWriter} with error correction level M (15% damage tolerated; what most issuers use) and
 * the standard 4-module quiet zone, one black-and-white pixel block of {@value #PIXELS_PER_MODULE}
 * by {@value #PIXELS_PER_MODULE} pixels per module, written by {@link ImageIO}.
 *
 * <p><b>The image contains the secret.</b> Send it only to the enrolling user over TLS, with
 * {@code Cache-Control: no-store}; do not keep it. {@link #writePng} creates the file readable by
 * its owner only where the file system supports POSIX permissions.
 *
 * <p>Thread-safe (stateless).
 */
public final class OtpQrCode {
  /** The side of one QR module in pixels. */
  public static final int PIXELS_PER_MODULE = 8;

  /** The quiet zone around the code, in modules (ISO/IEC 18004 requires 4). */
  public static final int QUIET_ZONE_MODULES = 4;

  private OtpQrCode() {}

  /**
   * Renders the URI as a PNG image.
   *
   * @param uri the otpauth URI (with its secret)
   * @return the PNG bytes
   * @throws IllegalStateException if the URI is too long for a QR code (cannot happen for URIs of
   *     at most {@link OtpAuthUri#MAX_LENGTH} characters)
   */
  public static byte[] png(OtpAuthUri uri) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeTo(uri, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  /**
   * Writes the PNG to {@code file} atomically: to a temporary file in the same directory, which is
   * then moved over {@code file} with {@link StandardCopyOption#ATOMIC_MOVE}, so readers never see
   * a partial image and a failure leaves no partial file.
   *
   * @param uri the otpauth URI (with its secret)
   * @param file where to write
   * @throws IOException if the file cannot be written, or the file system cannot move atomically
   */
  public static void writePng(OtpAuthUri uri, Path file) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
          OutputStream os = java.nio.channels.Channels.newOutputStream(ch)) {
        writeTo(uri, os);
        os.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot write " + target + " atomically on this file system", e);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writeTo(OtpAuthUri uri, OutputStream out) throws IOException {
    BitMatrix m = matrix(uri.toUriString());
    int size = m.getWidth() * PIXELS_PER_MODULE;
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
    int white = 0xFFFFFF;
    for (int y = 0; y < m.getHeight(); y++) {
      for (int x = 0; x < m.getWidth(); x++) {
        if (!m.get(x, y)) {
          for (int dy = 0; dy < PIXELS_PER_MODULE; dy++) {
            for (int dx = 0; dx < PIXELS_PER_MODULE; dx++) {
              img.setRGB(x * PIXELS_PER_MODULE + dx, y * PIXELS_PER_MODULE + dy, white);
            }
          }
        }
      }
    }
    if (!ImageIO.write(img, "png", out)) {
      throw new IOException("no PNG writer in this JDK");
    }
  }

  /** Returns the module matrix including the quiet zone, one bit per module. */
  static BitMatrix matrix(String text) {
    Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
    hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
    hints.put(EncodeHintType.MARGIN, QUIET_ZONE_MODULES);
    hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
    try {
      // Width and height 0: the smallest size, one pixel per module.
      return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
    } catch (WriterException e) {
      throw new IllegalStateException("text is too long for a QR code", e);
    }
  }
}
