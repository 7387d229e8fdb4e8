package io.waas.auth.apikey;

import java.util.Objects;

/**
 * A newly issued API key: its metadata and, this once, its plaintext. Hand the plaintext to the client
 * and drop this object; the SDK keeps only a hash, so the key cannot be shown again.
 *
 * <p>{@link #toString()} shows the metadata and the public display prefix, never the plaintext. (The
 * plaintext is a {@code String} because that is what it is handed on as; it cannot be wiped from
 * memory.)
 *
 * <p>Immutable and thread-safe.
 */
public final class IssuedApiKey {
  private final ApiKeyMetadata metadata;
  private final String plaintext;

  IssuedApiKey(ApiKeyMetadata metadata, String plaintext) {
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.plaintext = Objects.requireNonNull(plaintext, "plaintext");
  }

  /**
   * Returns the key's metadata.
   *
   * @return the metadata
   */
  public ApiKeyMetadata metadata() {
    return metadata;
  }

  /**
   * Returns the public key id.
   *
   * @return the key id
   */
  public String keyId() {
    return metadata.keyId();
  }

  /**
   * Returns the full key text — the secret. Show it to the client once; never log or store it.
   *
   * @return the key
   */
  public String plaintext() {
    return plaintext;
  }

  @Override
  public String toString() {
    return "IssuedApiKey{" + metadata.displayPrefix() + "_<redacted>, " + metadata + "}";
  }
}
