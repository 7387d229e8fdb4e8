/**
 * Authentication and authorization for WaaS services: Argon2id password hashing with a policy after
 * NIST SP 800-63B, MFA (TOTP/HOTP with replay protection, recovery codes), login throttling,
 * multi-tenant RBAC and API keys.
 *
 * <p>Everything that stores state takes a small store SPI with an in-memory implementation (the
 * embedded default) and a JDBC implementation (tested against PostgreSQL).
 */
module io.waas.auth {
  requires transitive io.waas.core;
  requires transitive io.waas.crypto;
  requires static transitive org.jspecify;
  requires transitive java.sql; // the JDBC stores take a javax.sql.DataSource
  requires java.desktop; // javax.imageio writes the enrollment QR code PNG
  requires de.mkammerer.argon2.nolibs;
  requires org.bouncycastle.provider;
  requires com.google.zxing;
  requires com.nulabinc.zxcvbn;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports io.waas.auth.password;
  exports io.waas.auth.mfa;
  exports io.waas.auth.throttle;
  exports io.waas.auth.rbac;
  exports io.waas.auth.apikey;
}
