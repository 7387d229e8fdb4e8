/**
 * Shared types of the WaaS Security SDK: security events and their listener SPI, the SDK's
 * exception hierarchy, zeroizable secret holders, constant-time comparison, secure random tokens
 * and a manual clock for tests.
 *
 * <p>This module depends only on the SLF4J API and JSpecify annotations, so that code needing
 * just these types does not pull in Tink or Bouncy Castle.
 */
module io.waas.core {
  requires static transitive org.jspecify;
  requires org.slf4j;

  exports io.waas.core;
}
