package io.waas.auth.password;

/**
 * Password hash formats of other systems that a {@link PasswordHasher} can verify — never create —
 * so that a user base can migrate to Argon2id one login at a time. Each must be enabled explicitly
 * on the builder: accepting weaker hashes is opt-in. A successful verification of any of them
 * always yields an {@linkplain PasswordMatch#upgradedHash() upgraded Argon2id hash}.
 */
public enum LegacyAlgorithm {
  /**
   * bcrypt as OpenBSD, Spring Security, passlib and PHP write it: {@code $2a$}, {@code $2b$} or
   * {@code $2y$}, two-digit cost 4 to 20, 22 characters of salt and 31 of hash. As in every bcrypt
   * implementation, only the first 72 bytes of the UTF-8 password count.
   */
  BCRYPT,

  /**
   * scrypt as passlib writes it: {@code $scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>}, salt and
   * hash in Base64 without padding ({@code .} is accepted for {@code +}, as in passlib's adapted
   * Base64). Memory {@code 128·r·N} up to 1 GiB.
   */
  SCRYPT,

  /**
   * PBKDF2-HMAC-SHA256 in two spellings: passlib's {@code $pbkdf2-sha256$<rounds>$<salt>$<hash>}
   * (adapted Base64: {@code .} for {@code +}, no padding) and Django's {@code
   * pbkdf2_sha256$<iterations>$<salt>$<Base64 hash>} (the salt used as its UTF-8 text). Up to 10
   * million iterations.
   */
  PBKDF2_SHA256
}
