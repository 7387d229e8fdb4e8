package io.waas.crypto.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A strict reader for the PEM text of certificates and PKCS#8 private keys (RFC 7468).
 *
 * <p>Design: the text is scanned as bytes and the base64 body is collected into a byte buffer, so a
 * private key never becomes a {@code String}; every intermediate buffer is zeroed. Explanatory text
 * outside blocks (as written by {@code openssl}) is ignored; RFC 1421 headers inside a block (the
 * legacy encrypted-key format) are refused. Base64 is decoded strictly: a corrupted character is an
 * error, not silently skipped as the MIME decoder would.
 */
final class Pem {
  private static final byte[] BEGIN = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "-----END ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DASHES = "-----".getBytes(StandardCharsets.US_ASCII);
  private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"};

  /** One decoded block; {@link #der} belongs to the caller, who zeroes it for keys. */
  static final class Block {
    final String label;
    final byte[] der;
    final int index;

    Block(String label, byte[] der, int index) {
      this.label = label;
      this.der = der;
      this.index = index;
    }
  }

  private Pem() {}

  static byte[] readFile(Path file, String what) throws TlsConfigurationException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException | SecurityException e) {
      throw new TlsConfigurationException("cannot read " + what + " " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * All blocks of a PEM text, in order.
   *
   * @param source names the input in messages (a file name)
   */
  static List<Block> blocks(byte[] text, String source) throws MalformedPemException {
    List<Block> blocks = new ArrayList<>();
    int pos = 0;
    try {
      while (pos < text.length) {
        int lineEnd = lineEnd(text, pos);
        if (startsWith(text, pos, lineEnd, BEGIN)) {
          String label = label(text, pos + BEGIN.length, lineEnd, source, blocks.size() + 1);
          pos = next(text, lineEnd);
          pos = readBody(text, pos, label, source, blocks);
        } else {
          pos = next(text, lineEnd);
        }
      }
      return blocks;
    } catch (MalformedPemException e) {
      for (Block b : blocks) {
        Arrays.fill(b.der, (byte) 0);
      }
      throw e;
    }
  }

  private static int readBody(byte[] text, int start, String label, String source, List<Block> out)
      throws MalformedPemException {
    int index = out.size() + 1;
    byte[] b64 = new byte[text.length];
    int n = 0;
    int pos = start;
    try {
      while (pos < text.length) {
        int lineEnd = lineEnd(text, pos);
        if (startsWith(text, pos, lineEnd, END)) {
          String endLabel = label(text, pos + END.length, lineEnd, source, index);
          if (!endLabel.equals(label)) {
            throw new MalformedPemException(
                source + ": PEM block " + index + " starts as '" + label + "' but ends as '" + endLabel + "'");
          }
          out.add(new Block(label, decode(b64, n, source, index, label), index));
          return next(text, lineEnd);
        }
        for (int i = pos; i < lineEnd; i++) {
          byte c = text[i];
          if (c == ':') {
            throw new MalformedPemException(
                source + ": PEM block " + index + " (" + label + ") has RFC 1421 headers (legacy encrypted PEM),"
                    + " which are not supported; use PKCS#8 or a PKCS#12 file");
          }
          if (c != ' ' && c != '\t' && c != '\r') {
            b64[n++] = c;
          }
        }
        pos = next(text, lineEnd);
      }
      throw new MalformedPemException(source + ": PEM block " + index + " (" + label + ") has no END line");
    } finally {
      Arrays.fill(b64, (byte) 0);
    }
  }

  private static byte[] decode(byte[] b64, int n, String source, int index, String label)
      throws MalformedPemException {
    ByteBuffer decoded;
    try {
      decoded = Base64.getDecoder().decode(ByteBuffer.wrap(b64, 0, n));
    } catch (IllegalArgumentException e) {
      throw new MalformedPemException(source + ": PEM block " + index + " (" + label + ") is not valid base64");
    }
    byte[] array = decoded.array();
    if (decoded.arrayOffset() == 0 && decoded.position() == 0 && decoded.limit() == array.length) {
      return array;
    }
    byte[] exact = Arrays.copyOfRange(array, decoded.arrayOffset() + decoded.position(),
        decoded.arrayOffset() + decoded.limit());
    Arrays.fill(array, (byte) 0);
    return exact;
  }

  /** The certificates of a PEM text; every block must be a {@code CERTIFICATE}. */
  static List<X509Certificate> certificates(byte[] text, String source) throws MalformedPemException {
    List<Block> blocks = blocks(text, source);
    if (blocks.isEmpty()) {
      throw new MalformedPemException(source + ": no PEM block found (expected -----BEGIN CERTIFICATE-----)");
    }
    List<X509Certificate> certs = new ArrayList<>(blocks.size());
    CertificateFactory factory = certificateFactory();
    for (Block b : blocks) {
      if (!b.label.equals("CERTIFICATE")) {
        Arrays.fill(b.der, (byte) 0);
        throw new MalformedPemException(
            source + ": PEM block " + b.index + " is '" + b.label + "', expected only CERTIFICATE blocks");
      }
      try {
        certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der)));
      } catch (CertificateException | ClassCastException e) {
        throw new MalformedPemException(source + ": PEM block " + b.index + " is not a valid X.509 certificate");
      }
    }
    return certs;
  }

  /**
   * The one PKCS#8 private key of a PEM text. {@code EC PARAMETERS} blocks are ignored; any other
   * block, or a second key, is an error.
   */
  static PrivateKey privateKey(byte[] text, String source) throws MalformedPemException {
    List<Block> blocks = blocks(text, source);
    byte[] der = null;
    int index = 0;
    try {
      for (Block b : blocks) {
        switch (b.label) {
          case "PRIVATE KEY" -> {
            if (der != null) {
              throw new MalformedPemException(source + ": more than one private key (block " + b.index + ")");
            }
            der = b.der;
            index = b.index;
          }
          case "EC PARAMETERS" -> {
            // written by `openssl ecparam -genkey`; the key carries its curve itself
          }
          case "RSA PRIVATE KEY", "EC PRIVATE KEY" ->
              throw new MalformedPemException(
                  source + ": PEM block " + b.index + " is a '" + b.label + "' (PKCS#1/SEC1); only PKCS#8"
                      + " 'PRIVATE KEY' is supported. Convert it: openssl pkcs8 -topk8 -nocrypt -in <file>");
          case "ENCRYPTED PRIVATE KEY" ->
              throw new MalformedPemException(
                  source + ": PEM block " + b.index + " is an encrypted private key; use a PKCS#12 file"
                      + " (TlsIdentity.fromPkcs12) for password-protected keys");
          default ->
              throw new MalformedPemException(
                  source + ": PEM block " + b.index + " is '" + b.label + "', expected a PRIVATE KEY");
        }
      }
      if (der == null) {
        throw new MalformedPemException(source + ": no PEM block found (expected -----BEGIN PRIVATE KEY-----)");
      }
      PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
      for (String algorithm : KEY_ALGORITHMS) {
        try {
          return KeyFactory.getInstance(algorithm).generatePrivate(spec);
        } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
          // try the next algorithm; the key's own OID decides which one parses it
        }
      }
      throw new MalformedPemException(
          source + ": PEM block " + index + " is not a PKCS#8 private key of a supported type (RSA, EC, Ed25519,"
              + " Ed448, RSASSA-PSS)");
    } finally {
      for (Block b : blocks) {
        Arrays.fill(b.der, (byte) 0);
      }
    }
  }

  static CertificateFactory certificateFactory() {
    try {
      return CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
    }
  }

  private static String label(byte[] text, int from, int lineEnd, String source, int index)
      throws MalformedPemException {
    int end = trimEnd(text, from, lineEnd);
    if (end - from < DASHES.length || !startsWith(text, end - DASHES.length, end, DASHES)) {
      throw new MalformedPemException(source + ": PEM block " + index + " has a malformed BEGIN/END line");
    }
    String label = new String(text, from, end - DASHES.length - from, StandardCharsets.US_ASCII);
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '-') {
        throw new MalformedPemException(source + ": PEM block " + index + " has a malformed label");
      }
    }
    return label;
  }

  private static int trimEnd(byte[] text, int from, int end) {
    while (end > from && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r')) {
      end--;
    }
    return end;
  }

  private static int lineEnd(byte[] text, int pos) {
    int i = pos;
    while (i < text.length && text[i] != '\n') {
      i++;
    }
    return i;
  }

  private static int next(byte[] text, int lineEnd) {
    return Math.min(text.length, lineEnd + 1);
  }

  private static boolean startsWith(byte[] text, int from, int lineEnd, byte[] prefix) {
    if (lineEnd - from < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (text[from + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
