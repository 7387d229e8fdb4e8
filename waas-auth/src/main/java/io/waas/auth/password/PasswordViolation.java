package io.waas.auth.password;

/** Why a {@link PasswordPolicy} rejected a password. Names only; never the password itself. */
public enum PasswordViolation {
  /** Fewer Unicode code points (after NFKC normalization) than the policy's minimum. */
  TOO_SHORT,
  /** More Unicode code points (after NFKC normalization) than the policy's maximum. */
  TOO_LONG,
  /** Not well-formed Unicode: an unpaired surrogate, which has no UTF-8 encoding. */
  INVALID_CHARACTERS,
  /** On the list of commonly used passwords (case-insensitive). */
  COMMON,
  /** Contains a context word: the user name, the e-mail's local part, the site name. */
  CONTAINS_CONTEXT,
  /** Found in a breach corpus by the configured {@link BreachedPasswordCheck}. */
  BREACHED,
  /** The breach check failed or timed out and the policy is configured to fail closed. */
  BREACH_CHECK_UNAVAILABLE,
  /** The strength estimate's score is below the policy's minimum score. */
  TOO_WEAK
}
