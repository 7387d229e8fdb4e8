/**
 * Encryption at rest for multi-tenant data: authenticated, key-committing encryption bound to an
 * encryption context, envelope encryption with per-tenant (and per-data-subject) keys wrapped by a
 * key-encryption key, rotation, re-encryption and crypto-shredding.
 *
 * <p>Exported: {@code io.waas.crypto}, {@code io.waas.crypto.json} (field-level JSON encryption
 * with Jackson), {@code io.waas.crypto.tls} (encryption in transit), {@code
 * io.waas.crypto.pkcs11} (a key-encryption key in an HSM; it uses the JDK's SunPKCS11 provider, so
 * a custom runtime image needs the module {@code jdk.crypto.cryptoki}) and {@code
 * io.waas.crypto.audit} (tamper-evident audit logs). {@code io.waas.crypto.internal} holds the
 * implementation and may change in any release.
 */
module io.waas.crypto {
  requires transitive io.waas.core;
  requires static transitive org.jspecify;
  requires com.google.crypto.tink;
  requires de.mkammerer.argon2.nolibs;
  requires transitive com.fasterxml.jackson.databind; // io.waas.crypto.json's API uses Jackson types
  requires org.bouncycastle.provider;
  requires org.slf4j;
  requires transitive java.net.http;

  exports io.waas.crypto;
  exports io.waas.crypto.audit;
  exports io.waas.crypto.json;
  exports io.waas.crypto.pkcs11;
  exports io.waas.crypto.tls;
}
