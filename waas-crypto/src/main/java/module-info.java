/**
 * Encryption at rest for multi-tenant data: authenticated, key-committing encryption bound to an
 * encryption context, envelope encryption with per-tenant (and per-data-subject) keys wrapped by a
 * key-encryption key, rotation, re-encryption and crypto-shredding.
 *
 * <p>Only {@code io.waas.crypto} is exported; {@code io.waas.crypto.internal} holds the
 * implementation and may change in any release.
 */
module io.waas.crypto {
  requires transitive io.waas.core;
  requires static transitive org.jspecify;
  requires com.google.crypto.tink;
  requires de.mkammerer.argon2.nolibs;
  requires com.fasterxml.jackson.databind;
  requires org.bouncycastle.provider;
  requires org.slf4j;

  exports io.waas.crypto;
}
