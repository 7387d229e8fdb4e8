package io.waas.crypto.tls;

/** Which end of a connection a context, factory or engine serves. */
enum TlsRole {
  CLIENT,
  SERVER
}
