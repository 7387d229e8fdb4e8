package io.waas.crypto;

/** The {@link io.waas.core.SecurityEvent} types raised for signing keys and signatures. */
public final class SignatureEvents {
  /** A named signing keyset's first key was created. */
  public static final String SIGNING_KEY_CREATED = "crypto.signing_key.created";
  /** A new primary key was added to a signing keyset. */
  public static final String SIGNING_KEY_ROTATED = "crypto.signing_key.rotated";
  /** A signing key was disabled. */
  public static final String SIGNING_KEY_DISABLED = "crypto.signing_key.disabled";
  /** A disabled signing key was enabled again. */
  public static final String SIGNING_KEY_ENABLED = "crypto.signing_key.enabled";
  /** A signing key's material was destroyed. */
  public static final String SIGNING_KEY_DESTROYED = "crypto.signing_key.destroyed";
  /**
   * A key ring's {@link SignatureVerifier} refused a signature: malformed, not matching, or made
   * with an unavailable key. (Verifiers built from a {@link PublicKeySet} raise no events.)
   */
  public static final String VERIFY_FAILED = "crypto.signature.verify_failed";

  private SignatureEvents() {}
}
