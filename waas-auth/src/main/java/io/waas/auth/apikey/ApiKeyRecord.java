package io.waas.auth.apikey;

import java.util.Objects;

/**
 * What an {@link ApiKeyStore} keeps per key: the metadata and the hash of the key. The hash is not the
 * key and cannot be turned back into it, but keep it as confidential as the rest of the table; {@link
 * #toString()} leaves it out.
 *
 * <p>Immutable and thread-safe.
 */
public final class ApiKeyRecord {
  private final ApiKeyMetadata metadata;
  private final byte[] keyHash;

  /**
   * Creates a record.
   *
   * @param metadata the key's metadata
   * @param keyHash the stored hash, as made by {@link ApiKeys}; copied
   * @throws IllegalArgumentException if {@code keyHash} is empty or longer than 64 bytes
   */
  public ApiKeyRecord(ApiKeyMetadata metadata, byte[] keyHash) {
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    if (keyHash.length == 0 || keyHash.length > 64) {
      throw new IllegalArgumentException("key hash must be 1 to 64 bytes, was " + keyHash.length);
    }
    this.keyHash = keyHash.clone();
  }

  /**
   * Returns the metadata.
   *
   * @return the metadata
   */
  public ApiKeyMetadata metadata() {
    return metadata;
  }

  /**
   * Returns a copy of the stored hash.
   *
   * @return the hash bytes
   */
  public byte[] keyHash() {
    return keyHash.clone();
  }

  ApiKeyRecord withMetadata(ApiKeyMetadata m) {
    return new ApiKeyRecord(m, keyHash);
  }

  @Override
  public String toString() {
    return "ApiKeyRecord{" + metadata + "}";
  }
}
