package io.waas.crypto;

import io.waas.core.MalformedDataException;
import io.waas.crypto.internal.DataKey;
import io.waas.crypto.internal.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The {@link BlindIndex} of a key ring scope and field.
 *
 * <p>Design: the HMAC key is HKDF-derived from each data key with a label naming the field and the
 * parameters ({@code waas-crypto/v1/blind-index/<field>/<normalization>/<bits>}), so no two
 * indexes share a key, and it is built once per data key and cached with it ({@code
 * DataKey.derived}); a call costs one cache lookup and one HMAC of the value (see {@link
 * HmacSha256} for how that HMAC avoids re-hashing the key). Field names cannot contain {@code /},
 * so labels are unambiguous.
 */
final class HmacBlindIndex implements BlindIndex {
  static final int VERSION = 1;
  static final int HEADER_LENGTH = 5;
  private static final String INFO = "waas-crypto/v1/blind-index/";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final KeyRing ring;
  private final KeyScope scope;
  private final String field;
  private final BlindIndexParameters parameters;
  private final String info;
  private final int macBytes;
  private final int tokenChars;

  HmacBlindIndex(KeyRing ring, KeyScope scope, String field, BlindIndexParameters parameters) {
    this.ring = ring;
    this.scope = scope;
    this.field = checkField(field);
    this.parameters = parameters;
    this.info = INFO + field + "/" + parameters.normalization().name() + "/" + parameters.bits();
    this.macBytes = parameters.bits() / 8;
    this.tokenChars = (4 * (HEADER_LENGTH + macBytes) + 2) / 3;
  }

  static String checkField(String field) {
    if (!field.matches("[a-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException(
          "blind index field must be 1 to 64 characters of a-z, 0-9, '.', '_' or '-', was '" + field + "'");
    }
    return field;
  }

  @Override
  public String compute(String value) throws GeneralSecurityException {
    byte[] data = parameters.normalization().apply(value).getBytes(StandardCharsets.UTF_8);
    return token(ring.primaryKey(scope, data.length), data);
  }

  @Override
  public List<String> lookupTokens(String value) throws GeneralSecurityException {
    byte[] data = parameters.normalization().apply(value).getBytes(StandardCharsets.UTF_8);
    List<DataKey> keys = LookupKeys.of(ring, scope);
    List<String> out = new ArrayList<>(keys.size());
    for (DataKey k : keys) {
      out.add(token(k, data));
    }
    return out;
  }

  private String token(DataKey key, byte[] data) throws GeneralSecurityException {
    HmacSha256 mac = key.derived(info, 32, HmacSha256.class, sub -> new HmacSha256(sub, true));
    byte[] raw = new byte[HEADER_LENGTH + macBytes];
    long id = key.id();
    raw[0] = VERSION;
    raw[1] = (byte) (id >>> 24);
    raw[2] = (byte) (id >>> 16);
    raw[3] = (byte) (id >>> 8);
    raw[4] = (byte) id;
    mac.compute(data, raw, HEADER_LENGTH, macBytes);
    return ENCODER.encodeToString(raw);
  }

  @Override
  public long keyIdOf(String token) throws MalformedDataException {
    if (token.length() != tokenChars) {
      throw new MalformedDataException(
          "not a token of this blind index: " + token.length() + " characters, expected " + tokenChars);
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException("not a token of this blind index: not URL-safe base64", null);
    }
    if (raw.length != HEADER_LENGTH + macBytes || raw[0] != VERSION) {
      throw new MalformedDataException("not a token of this blind index: wrong length or version", null);
    }
    long id = ((raw[1] & 0xffL) << 24) | ((raw[2] & 0xff) << 16) | ((raw[3] & 0xff) << 8) | (raw[4] & 0xff);
    if (id == 0) {
      throw new MalformedDataException("not a token of this blind index: key id 0 is never assigned", null);
    }
    return id;
  }

  @Override
  public BlindIndexParameters parameters() {
    return parameters;
  }

  @Override
  public String toString() {
    return "BlindIndex[" + scope + ", " + field + ", " + parameters + "]";
  }
}
