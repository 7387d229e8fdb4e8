package io.waas.crypto.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waas.core.MalformedDataException;
import io.waas.crypto.PublicKeySet;
import io.waas.crypto.SignatureAlgorithm;
import java.math.BigInteger;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Turns Wycheproof signature vectors into the SDK's inputs: a group's public key into a JWK Set
 * (imported through {@link PublicKeySet#fromJwkSetJson}, the path users take), a vector's raw
 * signature into the SDK's detached format naming that key.
 */
final class WycheproofSignatures {
  /** The key id every imported vector key gets. */
  static final long KEY_ID = 0x0000beefL;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private WycheproofSignatures() {}

  /**
   * Imports a group's public key: its {@code publicKeyJwk} with our kid when the file has one,
   * else a JWK built from the uncompressed coordinates {@code wx}/{@code wy}.
   *
   * @throws MalformedDataException if the SDK refuses the key
   */
  static PublicKeySet importKey(JsonNode group) throws MalformedDataException {
    JsonNode given = group.get("publicKeyJwk");
    ObjectNode jwk;
    if (given != null && given.isObject()) {
      jwk = ((ObjectNode) given).deepCopy();
    } else {
      JsonNode pk = group.path("publicKey");
      jwk = JSON.createObjectNode();
      jwk.put("kty", "EC").put("crv", "P-256");
      jwk.put("x", B64URL.encodeToString(coordinate(pk.path("wx").asText())));
      jwk.put("y", B64URL.encodeToString(coordinate(pk.path("wy").asText())));
    }
    jwk.put("kid", String.format("%08x", KEY_ID));
    ObjectNode set = JSON.createObjectNode();
    set.putArray("keys").add(jwk);
    return PublicKeySet.fromJwkSetJson(set.toString());
  }

  /** A big-endian hex integer (possibly with a leading sign byte) as 32 bytes. */
  private static byte[] coordinate(String hex) {
    byte[] b = new BigInteger(1, HexFormat.of().parseHex(hex)).toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(32, b.length);
    System.arraycopy(b, b.length - n, out, 32 - n, n);
    return out;
  }

  /** The SDK's detached format around a raw signature of any length (wrong lengths are refused). */
  static byte[] sdkSignature(SignatureAlgorithm algorithm, byte[] raw) {
    byte[] out = new byte[6 + raw.length];
    out[0] = 1;
    out[1] = (byte) algorithm.id();
    out[2] = (byte) (KEY_ID >>> 24);
    out[3] = (byte) (KEY_ID >>> 16);
    out[4] = (byte) (KEY_ID >>> 8);
    out[5] = (byte) KEY_ID;
    System.arraycopy(raw, 0, out, 6, raw.length);
    return out;
  }
}
