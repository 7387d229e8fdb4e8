package io.waas.crypto.json;

import io.waas.core.WaasSecurityException;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * Thrown when an encrypted field of a JSON document cannot be decrypted. {@link #pointer()} names
 * the field and {@link #reason()} says why:
 *
 * <ul>
 *   <li>{@link io.waas.crypto.DecryptionFailedException}: the value was modified, or was moved here
 *       from another field, record, purpose or tenant with the same keys;
 *   <li>{@link io.waas.crypto.MalformedCiphertextException}: the value is not an encrypted field
 *       envelope (for example a plaintext value where an encrypted one belongs);
 *   <li>{@link io.waas.core.KeyUnavailableException} subclasses: the key it names is unknown in
 *       the scope (moved from another tenant, or a foreign key store), disabled, or destroyed
 *       (crypto-shredded);
 *   <li>{@link io.waas.core.MalformedDataException}: the field is missing, or decrypted to
 *       something that is not JSON.
 * </ul>
 *
 * <p>The message names the field and record, never the value or its envelope.
 */
public final class FieldDecryptionException extends WaasSecurityException {
  private static final long serialVersionUID = 1L;

  private final String pointer;
  private final String recordId;
  private final GeneralSecurityException reason;

  /**
   * Creates an exception.
   *
   * @param pointer the JSON Pointer of the field, relative to the object that holds it for
   *     annotated POJO fields
   * @param recordId the record the field was read for
   * @param reason the underlying typed failure
   */
  public FieldDecryptionException(String pointer, String recordId, GeneralSecurityException reason) {
    super(
        "encrypted field '" + pointer + "' of record '" + recordId + "' could not be decrypted: "
            + reason.getMessage(),
        reason);
    this.pointer = pointer;
    this.recordId = recordId;
    this.reason = reason;
  }

  /**
   * Returns the field.
   *
   * @return its JSON Pointer, for example {@code /customer/ssn}
   */
  public String pointer() {
    return pointer;
  }

  /**
   * Returns the record id the field was decrypted for.
   *
   * @return the record id
   */
  public String recordId() {
    return recordId;
  }

  /**
   * Returns why decryption failed.
   *
   * @return the typed failure (also {@link #getCause()})
   */
  public GeneralSecurityException reason() {
    return reason;
  }

  /**
   * Finds a field decryption failure in a cause chain, for example in the {@code
   * JsonMappingException} Jackson throws when {@link EncryptedFieldsModule} cannot decrypt a
   * field while reading a POJO.
   *
   * @param thrown what was thrown
   * @return the first {@code FieldDecryptionException} in its cause chain, if any
   */
  public static Optional<FieldDecryptionException> in(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof FieldDecryptionException) {
        return Optional.of((FieldDecryptionException) t);
      }
    }
    return Optional.empty();
  }
}
