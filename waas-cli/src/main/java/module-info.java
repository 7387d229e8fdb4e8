/**
 * The {@code waas} command-line tool: a guided demo of the SDK, key management for the embedded
 * key store, and file encryption. It is an application, not a library: it exports nothing, and
 * opens its package to picocli only, which injects options into the command classes by reflection.
 */
module io.waas.cli {
  requires io.waas.crypto;
  requires io.waas.auth;
  requires org.bouncycastle.provider; // the demo makes a bcrypt hash "from an old system"
  requires info.picocli;
  requires static org.jspecify;

  opens io.waas.cli to info.picocli;
}
