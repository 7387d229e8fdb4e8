package io.waas.crypto;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whose keys: a tenant, or one data subject (an end user) within a tenant. Each scope has its own
 * keyset, so each can be rotated and crypto-shredded on its own: shredding a subject erases that
 * person's data and nothing else; shredding a tenant erases the tenant and all its subjects.
 *
 * <p>Ids are 1 to 128 characters of well-formed Unicode, without control characters or surrounding
 * white space. They are not secret: they appear in exception messages, events and key listings.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyScope {
  /** The longest allowed tenant or subject id, in characters. */
  public static final int MAX_ID_LENGTH = 128;

  private final String tenant;
  private final @Nullable String subject;
  private final int hash;

  private KeyScope(String tenant, @Nullable String subject) {
    this.tenant = checkId("tenant", tenant);
    this.subject = subject == null ? null : checkId("subject", subject);
    this.hash = Objects.hash(tenant, subject);
  }

  /**
   * Returns the scope of a tenant's own keys.
   *
   * @param tenant the tenant id
   * @return the scope
   * @throws IllegalArgumentException if the id is empty, too long or has control characters
   */
  public static KeyScope tenant(String tenant) {
    return new KeyScope(tenant, null);
  }

  /**
   * Returns the scope of one data subject's keys within a tenant.
   *
   * @param tenant the tenant id
   * @param subject the data subject id (for example a user id)
   * @return the scope
   * @throws IllegalArgumentException if an id is empty, too long or has control characters
   */
  public static KeyScope subject(String tenant, String subject) {
    return new KeyScope(tenant, subject);
  }

  static String checkId(String what, String id) {
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          what + " id must have 1 to " + MAX_ID_LENGTH + " characters, had " + id.length());
    }
    if (!id.strip().equals(id)) {
      throw new IllegalArgumentException(what + " id must not start or end with white space");
    }
    for (int i = 0; i < id.length(); i++) {
      if (Character.isISOControl(id.charAt(i))) {
        throw new IllegalArgumentException(what + " id has a control character at index " + i);
      }
    }
    return checkWellFormed(what + " id", id);
  }

  /**
   * Refuses strings with unpaired surrogates: they have no UTF-8 encoding, and Java would silently
   * encode them as '?', making two different ids or contexts encode to the same bytes.
   */
  static String checkWellFormed(String what, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(what + " has an unpaired surrogate at index " + i);
      }
    }
    return s;
  }

  /**
   * Returns the tenant id.
   *
   * @return the tenant
   */
  public String tenant() {
    return tenant;
  }

  /**
   * Returns the data subject id, if this is a subject scope.
   *
   * @return the subject or {@code null}
   */
  public @Nullable String subject() {
    return subject;
  }

  /**
   * Tells whether this scope belongs to a data subject rather than the tenant itself.
   *
   * @return whether {@link #subject()} is set
   */
  public boolean isSubject() {
    return subject != null;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof KeyScope
        && ((KeyScope) o).tenant.equals(tenant)
        && Objects.equals(((KeyScope) o).subject, subject);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /**
   * Returns a readable name, for example {@code tenant 'acme'} or {@code tenant 'acme' subject
   * 'user-17'}.
   */
  @Override
  public String toString() {
    return subject == null
        ? "tenant '" + tenant + "'"
        : "tenant '" + tenant + "' subject '" + subject + "'";
  }
}
