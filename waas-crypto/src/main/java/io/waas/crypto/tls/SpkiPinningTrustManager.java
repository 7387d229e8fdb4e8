package io.waas.crypto.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager that first lets another trust manager validate the peer's certificate chain (path
 * to a trust anchor, validity, host name where configured) and then requires that at least one
 * public key on the chain's signature path matches a pin.
 *
 * <h2>Security guarantees</h2>
 *
 * <p>A pin adds a condition; it never replaces validation: an untrusted chain fails even if it
 * carries a pinned key. Which keys count: the leaf's, then each issuer's whose signature on the previous certificate
 * verifies, from the presented chain, up to the trust anchor that signed the last of them (its key
 * counts too, even when the peer does not send it). Certificates the peer appends without having
 * signed the path do not count, so an attacker cannot satisfy a pin by appending the genuine,
 * public, pinned certificate to a chain issued by another CA.
 *
 * <p>Design: JSSE does not expose the path the delegate validated, so the path is re-derived here
 * from signatures (bounded to {@value #MAX_PATH} certificates). Each link is checked
 * cryptographically, so every key found genuinely certified the leaf.
 *
 * <p>Pin at least two keys, the current one and a backup kept offline: if the only pinned key is
 * lost or must be replaced, clients reject the server until they are updated.
 *
 * <p>Thread-safe and immutable if the delegate is (JDK trust managers are).
 */
public final class SpkiPinningTrustManager extends X509ExtendedTrustManager {
  private static final int MAX_PATH = 10;

  private final X509ExtendedTrustManager delegate;
  private final Set<SpkiPin> pins;

  private SpkiPinningTrustManager(X509ExtendedTrustManager delegate, Set<SpkiPin> pins) {
    this.delegate = delegate;
    this.pins = pins;
  }

  /**
   * Wraps a trust manager.
   *
   * @param delegate validates the chain first, for example the PKIX trust manager of a {@code
   *     TrustManagerFactory}
   * @param pins the accepted keys; at least one
   * @return the pinning trust manager
   * @throws IllegalArgumentException if {@code pins} is empty
   */
  public static SpkiPinningTrustManager wrap(X509ExtendedTrustManager delegate, Collection<SpkiPin> pins) {
    if (pins.isEmpty()) {
      throw new IllegalArgumentException("at least one pin is needed");
    }
    return new SpkiPinningTrustManager(delegate, Set.copyOf(pins));
  }

  /**
   * The pinned keys.
   *
   * @return an immutable set
   */
  public Set<SpkiPin> pins() {
    return pins;
  }

  /**
   * Validates with the delegate, then checks the pins.
   *
   * @throws CertificateException if the delegate rejects the chain
   * @throws SpkiPinMismatchException if the chain is valid but no key on its path is pinned
   */
  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, socket);
    checkPins(chain);
  }

  /**
   * Validates with the delegate, then checks the pins.
   *
   * @throws CertificateException if the delegate rejects the chain
   * @throws SpkiPinMismatchException if the chain is valid but no key on its path is pinned
   */
  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, engine);
    checkPins(chain);
  }

  /**
   * Validates with the delegate, then checks the pins.
   *
   * @throws CertificateException if the delegate rejects the chain
   * @throws SpkiPinMismatchException if the chain is valid but no key on its path is pinned
   */
  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate.checkServerTrusted(chain, authType);
    checkPins(chain);
  }

  /**
   * Validates with the delegate, then checks the pins.
   *
   * @throws CertificateException if the delegate rejects the chain
   * @throws SpkiPinMismatchException if the chain is valid but no key on its path is pinned
   */
  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
    checkPins(chain);
  }

  /**
   * Validates with the delegate, then checks the pins.
   *
   * @throws CertificateException if the delegate rejects the chain
   * @throws SpkiPinMismatchException if the chain is valid but no key on its path is pinned
   */
  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
    checkPins(chain);
  }

  /**
   * Validates with the delegate, then checks the pins.
   *
   * @throws CertificateException if the delegate rejects the chain
   * @throws SpkiPinMismatchException if the chain is valid but no key on its path is pinned
   */
  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
    checkPins(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }

  private void checkPins(X509Certificate[] chain) throws SpkiPinMismatchException {
    if (chain.length == 0) {
      throw new SpkiPinMismatchException("empty certificate chain");
    }
    List<X509Certificate> path = signaturePath(chain, delegate.getAcceptedIssuers());
    for (X509Certificate cert : path) {
      if (pins.contains(SpkiPin.of(cert))) {
        return;
      }
    }
    throw new SpkiPinMismatchException(
        "certificate chain of '" + chain[0].getSubjectX500Principal().getName() + "' is valid but none of the "
            + path.size() + " public keys on its path matches the " + pins.size() + " pinned keys (leaf key: "
            + SpkiPin.of(chain[0]) + ")");
  }

  /** The leaf, the presented issuers whose signatures verify, and the anchor that signed the last. */
  static List<X509Certificate> signaturePath(X509Certificate[] chain, X509Certificate[] anchors) {
    List<X509Certificate> path = new ArrayList<>();
    Set<X509Certificate> seen = new LinkedHashSet<>();
    X509Certificate current = chain[0];
    path.add(current);
    seen.add(current);
    while (path.size() < MAX_PATH) {
      if (contains(anchors, current)) {
        break;
      }
      X509Certificate anchor = issuerAmong(current, anchors, seen);
      if (anchor != null) {
        path.add(anchor);
        break;
      }
      X509Certificate next = issuerAmong(current, chain, seen);
      if (next == null) {
        break;
      }
      path.add(next);
      seen.add(next);
      current = next;
    }
    return path;
  }

  private static boolean contains(X509Certificate[] certs, X509Certificate cert) {
    for (X509Certificate c : certs) {
      if (c.equals(cert)) {
        return true;
      }
    }
    return false;
  }

  private static @org.jspecify.annotations.Nullable X509Certificate issuerAmong(
      X509Certificate cert, X509Certificate[] candidates, Set<X509Certificate> exclude) {
    for (X509Certificate candidate : candidates) {
      if (exclude.contains(candidate)
          || !candidate.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
        continue;
      }
      try {
        cert.verify(candidate.getPublicKey());
        return candidate;
      } catch (java.security.GeneralSecurityException | RuntimeException e) {
        // same name, different key: not this certificate's issuer
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "SpkiPinningTrustManager[" + pins.size() + " pins]";
  }
}
