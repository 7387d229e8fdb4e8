package io.waas.auth.apikey;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link ApiKeys#verify}: a status and, when the key's secret matched, its metadata.
 *
 * <p>Immutable and thread-safe.
 */
public final class ApiKeyVerification {
  private final ApiKeyStatus status;
  private final @Nullable ApiKeyMetadata metadata;

  private ApiKeyVerification(ApiKeyStatus status, @Nullable ApiKeyMetadata metadata) {
    this.status = status;
    this.metadata = metadata;
  }

  static ApiKeyVerification of(ApiKeyStatus status, @Nullable ApiKeyMetadata metadata) {
    return new ApiKeyVerification(Objects.requireNonNull(status), metadata);
  }

  /**
   * Returns whether the key was accepted.
   *
   * @return whether the status is {@link ApiKeyStatus#VALID}
   */
  public boolean isValid() {
    return status == ApiKeyStatus.VALID;
  }

  /**
   * Returns the outcome.
   *
   * @return the status
   */
  public ApiKeyStatus status() {
    return status;
  }

  /**
   * Returns the key's metadata: present when the secret matched (statuses {@code VALID}, {@code REVOKED},
   * {@code EXPIRED}), so that the tenant and scopes are known; empty otherwise.
   *
   * @return the metadata, if the key is genuine
   */
  public Optional<ApiKeyMetadata> metadata() {
    return Optional.ofNullable(metadata);
  }

  /**
   * Returns the metadata of an accepted key, or throws.
   *
   * @return the metadata
   * @throws ApiKeyRejectedException if the key was not accepted
   */
  public ApiKeyMetadata requireValid() throws ApiKeyRejectedException {
    if (status != ApiKeyStatus.VALID || metadata == null) {
      throw new ApiKeyRejectedException(status);
    }
    return metadata;
  }

  @Override
  public String toString() {
    return "ApiKeyVerification{status=" + status + (metadata == null ? "" : ", keyId=" + metadata.keyId()) + "}";
  }
}
