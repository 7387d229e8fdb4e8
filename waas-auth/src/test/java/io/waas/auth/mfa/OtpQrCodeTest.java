package io.waas.auth.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtpQrCodeTest {
  @TempDir
  @SuppressWarnings("NullAway.Init")
  Path dir;

  private static Result decode(byte[] png) throws Exception {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new ImageLuminanceSource(img)));
    return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
  }

  @Test
  void png_decodesBackToTheUri() throws Exception {
    OtpAuthUri uri = OtpAuthUri.generateTotp("Bäckerei Müller", "jürgen@example.com", TotpParameters.strong());
    byte[] png = OtpQrCode.png(uri);
    Result r = decode(png);
    assertEquals(uri.toUriString(), r.getText());
    assertEquals("M", r.getResultMetadata().get(ResultMetadataType.ERROR_CORRECTION_LEVEL));
  }

  @Test
  void png_hasQuietZoneOfFourModules() throws Exception {
    OtpAuthUri uri = OtpAuthUri.generateTotp("Acme", "alice", TotpParameters.authenticatorApps());
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(OtpQrCode.png(uri)));
    int quiet = OtpQrCode.QUIET_ZONE_MODULES * OtpQrCode.PIXELS_PER_MODULE;
    for (int i = 0; i < quiet; i++) {
      for (int j = 0; j < img.getWidth(); j++) {
        assertEquals(0xFFFFFF, img.getRGB(i, j) & 0xFFFFFF, "left border");
        assertEquals(0xFFFFFF, img.getRGB(j, i) & 0xFFFFFF, "top border");
      }
    }
    // The finder pattern's dark corner starts right after the quiet zone.
    assertEquals(0, img.getRGB(quiet, quiet) & 0xFFFFFF);
  }

  @Test
  void writePng_writesDecodableFileAndNoTemporaryFiles() throws Exception {
    OtpAuthUri uri = OtpAuthUri.generateTotp("Acme", "alice", TotpParameters.authenticatorApps());
    Path file = dir.resolve("qr.png");
    Files.writeString(file, "old content");
    OtpQrCode.writePng(uri, file);
    assertEquals(uri.toUriString(), decode(Files.readAllBytes(file)).getText());
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(1, s.count(), "the temporary file was moved, not left behind");
    }
  }

  @Test
  void writePng_intoMissingDirectory_failsWithoutPartialFile() {
    OtpAuthUri uri = OtpAuthUri.generateTotp("Acme", "alice", TotpParameters.authenticatorApps());
    Path file = dir.resolve("missing/qr.png");
    assertThrows(IOException.class, () -> OtpQrCode.writePng(uri, file));
    assertTrue(Files.notExists(file));
  }
}
