package io.waas.auth.rbac;

import java.util.Objects;

/** Validation of tenant, user and role identifiers. */
final class Names {
  /** Longest tenant or user id. */
  static final int MAX_ID = 256;

  /** Longest role name. */
  static final int MAX_ROLE = 64;

  private Names() {}

  /** Tenant and user ids: 1 to 256 characters, no control characters, no surrounding space. */
  static String checkId(String id, String what) {
    Objects.requireNonNull(id, what);
    if (id.isEmpty() || id.length() > MAX_ID) {
      throw new IllegalArgumentException(what + " must be 1 to " + MAX_ID + " characters");
    }
    for (int i = 0; i < id.length(); i++) {
      if (Character.isISOControl(id.charAt(i))) {
        throw new IllegalArgumentException(what + " must not contain control characters");
      }
    }
    if (id.strip().length() != id.length()) {
      throw new IllegalArgumentException(what + " must not start or end with white space");
    }
    return id;
  }

  /** Role names: a letter or digit, then letters, digits, {@code _ . -}; at most 64. */
  static String checkRole(String name) {
    Objects.requireNonNull(name, "role name");
    if (name.isEmpty() || name.length() > MAX_ROLE) {
      throw new IllegalArgumentException("role name must be 1 to " + MAX_ROLE + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-'))) {
        throw new IllegalArgumentException("role name '" + name
            + "' must start with a letter or digit and contain only letters, digits, '_', '.', '-'");
      }
    }
    return name;
  }
}
