package io.waas.crypto.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waas.core.MalformedDataException;
import io.waas.crypto.SignatureAlgorithm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * JWK Set (RFC 7517) reading and writing for signature public keys: {@code OKP}/{@code Ed25519}
 * (RFC 8037) and {@code EC}/{@code P-256} (RFC 7518).
 *
 * <p>The reader is strict on purpose, because a public key set decides whose signatures are
 * trusted: duplicate JSON members, trailing data, unknown members, private members ({@code d} and
 * the like), other key types and curves, {@code alg}/{@code use}/{@code key_ops} values other than
 * signature verification with the matching algorithm, non-canonical or padded base64url, wrong
 * coordinate lengths, points not on the curve, a missing, malformed or duplicate {@code kid}, and
 * empty or oversized sets are all refused with {@link MalformedDataException}. A {@code kid} is
 * the SDK's key id: 8 lower-case hex digits, not all zero.
 */
public final class JwkSetCodec {
  /** The longest JSON text accepted, in characters. */
  public static final int MAX_JSON_CHARS = 4 << 20;
  /** The most keys a set may hold (as many as a signing keyset). */
  public static final int MAX_KEYS = SigningKeysetCodec.MAX_KEYS;

  private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k", "priv");
  private static final Set<String> ALLOWED_MEMBERS = Set.of("kty", "crv", "x", "y", "kid", "alg", "use", "key_ops");
  private static final int COORDINATE_CHARS = 43; // unpadded base64url of 32 bytes

  private static final ObjectMapper JSON =
      new ObjectMapper(
              JsonFactory.builder()
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(8)
                          .maxStringLength(1024)
                          .maxNumberLength(32)
                          .maxDocumentLength(MAX_JSON_CHARS)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JwkSetCodec() {}

  /** One public key of a set. */
  public static final class Jwk {
    public final long keyId;
    public final SignatureAlgorithm algorithm;
    /** Raw public key: 32 bytes for Ed25519, the 65-byte uncompressed point for P-256. */
    public final byte[] publicKey;

    /**
     * Creates an entry.
     *
     * @param keyId the key id, 1 to 2<sup>32</sup>-1
     * @param algorithm the algorithm
     * @param publicKey the raw public key; kept, not copied
     */
    public Jwk(long keyId, SignatureAlgorithm algorithm, byte[] publicKey) {
      this.keyId = keyId;
      this.algorithm = algorithm;
      this.publicKey = publicKey;
    }
  }

  /**
   * Formats a key id as a {@code kid}.
   *
   * @param keyId the key id
   * @return 8 lower-case hex digits
   */
  public static String kid(long keyId) {
    return String.format(Locale.ROOT, "%08x", keyId);
  }

  /**
   * Parses a {@code kid}.
   *
   * @param kid the text
   * @return the key id
   * @throws MalformedDataException unless it is 8 lower-case hex digits, not all zero
   */
  public static long parseKid(String kid) throws MalformedDataException {
    if (kid.length() != 8) {
      throw new MalformedDataException("kid must be 8 lower-case hex digits (an SDK key id)");
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      char c = kid.charAt(i);
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else {
        throw new MalformedDataException("kid must be 8 lower-case hex digits (an SDK key id)");
      }
      v = (v << 4) | d;
    }
    if (v == 0) {
      throw new MalformedDataException("kid 00000000 is not a key id");
    }
    return v;
  }

  /**
   * Parses a JWK Set.
   *
   * @param json the JSON text
   * @return the keys, in the set's order
   * @throws MalformedDataException if the text is not a valid set of supported public keys
   */
  public static List<Jwk> parse(String json) throws MalformedDataException {
    if (json.length() > MAX_JSON_CHARS) {
      throw new MalformedDataException("JWK Set is too long: " + json.length() + " characters");
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedDataException("JWK Set is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedDataException("JWK Set must be a JSON object with a \"keys\" array");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String member = it.next();
      if (!member.equals("keys")) {
        throw new MalformedDataException("JWK Set has unsupported member '" + printable(member) + "'");
      }
    }
    JsonNode keys = root.get("keys");
    if (keys == null || !keys.isArray()) {
      throw new MalformedDataException("JWK Set must have a \"keys\" array");
    }
    if (keys.isEmpty()) {
      throw new MalformedDataException("JWK Set has no keys");
    }
    if (keys.size() > MAX_KEYS) {
      throw new MalformedDataException("JWK Set has too many keys: " + keys.size() + " (at most " + MAX_KEYS + ")");
    }
    List<Jwk> out = new ArrayList<>(keys.size());
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      Jwk k = parseKey(keys.get(i), "keys[" + i + "]");
      if (!seen.add(k.keyId)) {
        throw new MalformedDataException("JWK Set has kid " + kid(k.keyId) + " twice");
      }
      out.add(k);
    }
    return out;
  }

  private static Jwk parseKey(JsonNode key, String where) throws MalformedDataException {
    if (!key.isObject()) {
      throw new MalformedDataException(where + " is not a JSON object");
    }
    for (Map.Entry<String, JsonNode> field : key.properties()) {
      String member = field.getKey();
      if (PRIVATE_MEMBERS.contains(member)) {
        throw new MalformedDataException(
            where + " has the private key member '" + member + "': a public key set must hold public keys only");
      }
      if (!ALLOWED_MEMBERS.contains(member)) {
        throw new MalformedDataException(where + " has unsupported member '" + printable(member) + "'");
      }
    }
    long keyId = parseKid(requiredText(key, "kid", where));
    where = where + " (kid " + kid(keyId) + ")";
    String kty = requiredText(key, "kty", where);
    String crv = requiredText(key, "crv", where);
    SignatureAlgorithm algorithm;
    byte[] publicKey;
    if (kty.equals("OKP")) {
      if (!crv.equals("Ed25519")) {
        throw new MalformedDataException(where + " has unsupported OKP curve '" + printable(crv) + "' (only Ed25519)");
      }
      if (key.has("y")) {
        throw new MalformedDataException(where + ": an OKP key has no 'y' member");
      }
      algorithm = SignatureAlgorithm.ED25519;
      publicKey = coordinate(key, "x", where);
    } else if (kty.equals("EC")) {
      if (!crv.equals("P-256")) {
        throw new MalformedDataException(where + " has unsupported EC curve '" + printable(crv) + "' (only P-256)");
      }
      algorithm = SignatureAlgorithm.ECDSA_P256_SHA256;
      byte[] x = coordinate(key, "x", where);
      byte[] y = coordinate(key, "y", where);
      publicKey = new byte[65];
      publicKey[0] = 4;
      System.arraycopy(x, 0, publicKey, 1, 32);
      System.arraycopy(y, 0, publicKey, 33, 32);
    } else {
      throw new MalformedDataException(where + " has unsupported kty '" + printable(kty) + "' (only OKP and EC)");
    }
    JsonNode alg = key.get("alg");
    if (alg != null && !(alg.isTextual() && alg.textValue().equals(algorithm.jwsAlgorithm()))) {
      throw new MalformedDataException(
          where + ": alg must be \"" + algorithm.jwsAlgorithm() + "\" for a " + crv + " key");
    }
    JsonNode use = key.get("use");
    if (use != null && !(use.isTextual() && use.textValue().equals("sig"))) {
      throw new MalformedDataException(where + ": use must be \"sig\"");
    }
    JsonNode ops = key.get("key_ops");
    if (ops != null
        && !(ops.isArray() && ops.size() == 1 && ops.get(0).isTextual() && ops.get(0).textValue().equals("verify"))) {
      throw new MalformedDataException(where + ": key_ops must be [\"verify\"]");
    }
    try {
      TinkSignatureKeys.checkPublicKey(algorithm, publicKey);
    } catch (MalformedDataException e) {
      throw new MalformedDataException(where + ": " + e.getMessage(), e);
    }
    return new Jwk(keyId, algorithm, publicKey);
  }

  private static String requiredText(JsonNode key, String member, String where) throws MalformedDataException {
    JsonNode n = key.get(member);
    if (n == null) {
      throw new MalformedDataException(where + " has no '" + member + "' member");
    }
    if (!n.isTextual()) {
      throw new MalformedDataException(where + ": '" + member + "' must be a string");
    }
    return n.textValue();
  }

  /** A 32-byte coordinate in canonical unpadded base64url. */
  private static byte[] coordinate(JsonNode key, String member, String where) throws MalformedDataException {
    String text = requiredText(key, member, where);
    String problem = where + ": '" + member + "' must be 32 bytes in unpadded base64url";
    if (text.length() != COORDINATE_CHARS) {
      throw new MalformedDataException(problem);
    }
    byte[] b;
    try {
      b = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException(problem, e);
    }
    // The decoder ignores non-zero bits after the last byte; only the canonical text is accepted.
    if (b.length != 32 || !Base64.getUrlEncoder().withoutPadding().encodeToString(b).equals(text)) {
      throw new MalformedDataException(problem);
    }
    return b;
  }

  /** Keeps attacker-chosen member names short and printable in messages. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 40; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return s.length() > 40 ? b + "..." : b.toString();
  }

  /**
   * Writes a JWK Set: each key with {@code kty}, {@code crv}, {@code x} (and {@code y}), {@code
   * kid}, {@code alg} and {@code use: "sig"}.
   *
   * @param keys the keys
   * @return compact JSON
   */
  public static String write(List<Jwk> keys) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode array = root.putArray("keys");
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    for (Jwk k : keys) {
      ObjectNode o = array.addObject();
      if (k.algorithm == SignatureAlgorithm.ED25519) {
        o.put("kty", "OKP").put("crv", "Ed25519").put("x", b64.encodeToString(k.publicKey));
      } else {
        o.put("kty", "EC")
            .put("crv", "P-256")
            .put("x", b64.encodeToString(Arrays.copyOfRange(k.publicKey, 1, 33)))
            .put("y", b64.encodeToString(Arrays.copyOfRange(k.publicKey, 33, 65)));
      }
      o.put("kid", kid(k.keyId)).put("alg", k.algorithm.jwsAlgorithm()).put("use", "sig");
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing a JSON tree cannot fail", e);
    }
  }
}
