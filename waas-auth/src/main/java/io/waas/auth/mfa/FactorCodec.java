package io.waas.auth.mfa;

import io.waas.core.MalformedDataException;
import io.waas.crypto.EncryptionContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The pieces of the factor storage strings ({@link TotpFactor#encode()}, {@link HotpFactor#encode()}):
 * dot-separated fields, text as unpadded base64url of UTF-8, numbers in canonical decimal.
 *
 * <p>Parsing is strict so that every accepted string is the one canonical encoding of its factor:
 * exact field count, no padding, no non-canonical base64 (trailing bits), no leading zeros, no
 * signs, well-formed UTF-8. Messages name the field that is wrong and never echo the input (which
 * contains a sealed secret).
 */
final class FactorCodec {
  /** The longest encoded string accepted. */
  static final int MAX_LENGTH = 8192;
  /** The longest sealed secret accepted, in bytes. */
  static final int MAX_SEALED = 2048;

  private static final Pattern FACTOR_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  /** A canonical non-negative decimal of at most 18 digits (fits a long): no sign, no leading zeros. */
  static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,17}");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private FactorCodec() {}

  static String text(String s) {
    return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String bytes(byte[] b) {
    return B64.encodeToString(b);
  }

  static String[] split(String encoded, String prefix, int fields) throws MalformedDataException {
    if (encoded.length() > MAX_LENGTH) {
      throw new MalformedDataException("factor encoding is longer than " + MAX_LENGTH + " characters");
    }
    if (!encoded.startsWith(prefix + ".")) {
      throw new MalformedDataException("not a factor encoding: expected the prefix '" + prefix + ".'");
    }
    String[] parts = encoded.substring(prefix.length() + 1).split("\\.", -1);
    if (parts.length != fields) {
      throw new MalformedDataException(
          "factor encoding must have " + fields + " fields after the prefix, had " + parts.length);
    }
    return parts;
  }

  static byte[] decodeBytes(String field, String what) throws MalformedDataException {
    byte[] b;
    try {
      b = B64D.decode(field);
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException(what + " is not unpadded base64url");
    }
    if (!B64.encodeToString(b).equals(field)) {
      throw new MalformedDataException(what + " is not canonical base64url");
    }
    return b;
  }

  static String decodeText(String field, String what) throws MalformedDataException {
    byte[] b = decodeBytes(field, what);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedDataException(what + " is not valid UTF-8");
    }
  }

  static long decimal(String field, String what, long min, long max) throws MalformedDataException {
    if (!DECIMAL.matcher(field).matches()) {
      throw new MalformedDataException(what + " is not a canonical decimal number");
    }
    long v = Long.parseLong(field);
    if (v < min || v > max) {
      throw new MalformedDataException(what + " is out of range " + min + ".." + max);
    }
    return v;
  }

  static String factorId(String field) throws MalformedDataException {
    if (!FACTOR_ID.matcher(field).matches()) {
      throw new MalformedDataException("factor id must be 1 to 64 characters of [A-Za-z0-9_-]");
    }
    return field;
  }

  static OtpAlgorithm algorithm(String field) throws MalformedDataException {
    for (OtpAlgorithm a : OtpAlgorithm.values()) {
      if (a.uriName().equals(field)) {
        return a;
      }
    }
    throw new MalformedDataException("unknown OTP algorithm (expected SHA1, SHA256 or SHA512)");
  }

  static byte[] sealed(String field) throws MalformedDataException {
    byte[] b = decodeBytes(field, "sealed secret");
    if (b.length == 0 || b.length > MAX_SEALED) {
      throw new MalformedDataException("sealed secret must have 1 to " + MAX_SEALED + " bytes");
    }
    return b;
  }

  /** Checks that tenant and subject are usable in an encryption context. */
  static void checkOwner(String tenant, String subject) throws MalformedDataException {
    try {
      EncryptionContext.builder(tenant).subject(subject);
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException("tenant or subject id is invalid: " + e.getMessage());
    }
  }

  /** Checks a factor id given by the application (rather than parsed). */
  static String checkFactorId(String id) {
    if (!FACTOR_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("factor id must be 1 to 64 characters of [A-Za-z0-9_-]");
    }
    return id;
  }
}
