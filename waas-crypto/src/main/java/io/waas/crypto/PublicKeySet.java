package io.waas.crypto;

import io.waas.core.KeyNotFoundException;
import io.waas.core.MalformedDataException;
import io.waas.crypto.internal.DetachedSignature;
import io.waas.crypto.internal.JwkSetCodec;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The public keys of a named signing keyset, for verifying its signatures without the key store:
 * export it from {@link KeyRing#publicKeys(String)} as a JWK Set or PEM, publish or ship it, and
 * import it elsewhere with {@link #fromJwkSetJson(String)} to get a {@link SignatureVerifier}.
 *
 * <pre>{@code
 * String jwks = keys.publicKeys("audit").toJwkSetJson();        // publish this
 * SignatureVerifier v = PublicKeySet.fromJwkSetJson(jwks).verifier();
 * v.verify(signature, record);                                  // no key store needed
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Only public keys: a JWK with private members is refused on import, and export never
 *       writes any.
 *   <li>Every key is checked on import: supported type and curve, exact lengths, a point on the
 *       curve, {@code alg}/{@code use} consistent with signature verification, unique key ids.
 *   <li>The verifier selects the key by the id the signature names and verifies with that key's
 *       algorithm, never with one the signature chooses.
 * </ul>
 *
 * <p><b>Limits:</b> a public key set is a snapshot. It knows nothing of keys disabled or destroyed
 * in the key store after it was exported; re-export after such changes. How the set reaches its
 * verifiers (and whether they can trust it) is up to the application.
 *
 * <p>Immutable and thread-safe.
 */
public final class PublicKeySet {
  private static final String SCOPE = "public key set";

  private final List<SigningPublicKey> keys;
  private final Map<Long, SigningPublicKey> byId;
  private final SignatureVerifier verifier = this::verify;

  PublicKeySet(List<SigningPublicKey> keys) {
    this.keys = Collections.unmodifiableList(new ArrayList<>(keys));
    Map<Long, SigningPublicKey> m = new LinkedHashMap<>();
    for (SigningPublicKey k : keys) {
      if (m.put(k.keyId(), k) != null) {
        throw new IllegalArgumentException("key id " + k.kid() + " twice");
      }
    }
    this.byId = m;
  }

  /**
   * Imports a JWK Set (RFC 7517) of Ed25519 ({@code "kty":"OKP","crv":"Ed25519"}) and P-256
   * ({@code "kty":"EC","crv":"P-256"}) public keys, as {@link #toJwkSetJson()} writes them. Each
   * key needs a {@code kid} of 8 lower-case hex digits (the SDK key id); {@code alg}, {@code use}
   * ({@code "sig"}) and {@code key_ops} ({@code ["verify"]}) are optional but checked when present.
   *
   * @param json the JWK Set JSON text
   * @return the key set
   * @throws MalformedDataException if the text is not a JWK Set of valid, supported public keys,
   *     with a message saying which key and member is wrong
   */
  public static PublicKeySet fromJwkSetJson(String json) throws MalformedDataException {
    List<SigningPublicKey> keys = new ArrayList<>();
    for (JwkSetCodec.Jwk k : JwkSetCodec.parse(json)) {
      keys.add(new SigningPublicKey(k.keyId, k.algorithm, k.publicKey));
    }
    return new PublicKeySet(keys);
  }

  /**
   * Returns the keys, in the order of the set (for an exported set: oldest first).
   *
   * @return an unmodifiable list, possibly empty for a keyset whose keys are all disabled
   */
  public List<SigningPublicKey> keys() {
    return keys;
  }

  /**
   * Returns the key with an id.
   *
   * @param keyId the key id
   * @return the key
   * @throws KeyNotFoundException if the set has no such key
   */
  public SigningPublicKey key(long keyId) throws KeyNotFoundException {
    SigningPublicKey k = byId.get(keyId);
    if (k == null) {
      throw new KeyNotFoundException(
          "public key set has no key " + JwkSetCodec.kid(keyId) + " (signed by a newer key, or by another keyset?)",
          SCOPE,
          keyId);
    }
    return k;
  }

  /**
   * Returns a verifier of SDK signatures ({@link Signer#sign}) that uses only these public keys.
   * It accepts only the SDK's signature format; for bare signatures from other tools use {@link
   * SigningPublicKey#verifyRawSignature}.
   *
   * @return the thread-safe verifier
   */
  public SignatureVerifier verifier() {
    return verifier;
  }

  private void verify(byte[] signature, byte[] data) throws GeneralSecurityException {
    DetachedSignature s = DetachedSignature.parse(signature);
    SigningPublicKey k = key(s.keyId());
    if (k.algorithm() != s.algorithm()) {
      throw new VerificationFailedException(
          "signature names algorithm " + s.algorithm() + " but key " + k.kid() + " is " + k.algorithm(), null);
    }
    k.verifyJws(s.raw(), data);
  }

  /**
   * Exports the set as JWK Set JSON (RFC 7517; RFC 8037 for Ed25519): each key with {@code kty},
   * {@code crv}, {@code x} (and {@code y} for P-256), {@code kid}, {@code alg} ({@code EdDSA} or
   * {@code ES256}) and {@code use: "sig"}.
   *
   * @return compact JSON
   */
  public String toJwkSetJson() {
    List<JwkSetCodec.Jwk> out = new ArrayList<>(keys.size());
    for (SigningPublicKey k : keys) {
      out.add(new JwkSetCodec.Jwk(k.keyId(), k.algorithm(), k.rawPublicKey()));
    }
    return JwkSetCodec.write(out);
  }

  /**
   * Exports the set as PEM: for each key a line {@code kid: <kid> alg: <alg>} (explanatory text,
   * which RFC 7468 parsers skip) followed by its {@code PUBLIC KEY} block. PEM cannot carry key
   * ids itself; prefer {@link #toJwkSetJson()} for exchange between SDKs.
   *
   * @return the PEM text
   */
  public String toPem() {
    StringBuilder b = new StringBuilder();
    for (SigningPublicKey k : keys) {
      b.append("kid: ").append(k.kid()).append(" alg: ").append(k.algorithm().jwsAlgorithm()).append('\n');
      b.append(k.toPem());
    }
    return b.toString();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof PublicKeySet other && other.keys.equals(keys);
  }

  @Override
  public int hashCode() {
    return keys.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("PublicKeySet[");
    for (int i = 0; i < keys.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(keys.get(i).kid()).append(' ').append(keys.get(i).algorithm().jwsAlgorithm());
    }
    return b.append(']').toString();
  }
}
