package io.waas.auth.mfa;

import com.google.zxing.LuminanceSource;
import java.awt.image.BufferedImage;

/**
 * A ZXing {@link LuminanceSource} over a {@link BufferedImage}: what zxing-javase's
 * BufferedImageLuminanceSource does, which the SDK does not depend on. Test-only.
 */
final class ImageLuminanceSource extends LuminanceSource {
  private final byte[] luminance;

  ImageLuminanceSource(BufferedImage image) {
    super(image.getWidth(), image.getHeight());
    luminance = new byte[image.getWidth() * image.getHeight()];
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        luminance[y * image.getWidth() + x] = (byte) ((r * 299 + g * 587 + b * 114) / 1000);
      }
    }
  }

  @Override
  public byte[] getRow(int y, byte[] row) {
    byte[] out = row.length >= getWidth() ? row : new byte[getWidth()];
    System.arraycopy(luminance, y * getWidth(), out, 0, getWidth());
    return out;
  }

  @Override
  public byte[] getMatrix() {
    return luminance.clone();
  }
}
