/**
 * A key-encryption key held in a hardware security module (or any PKCS#11 token): {@link
 * io.waas.crypto.pkcs11.Pkcs11KeyEncryptionKey}, configured by {@link
 * io.waas.crypto.pkcs11.Pkcs11KekConfig}. The key never leaves the token; wrapping and unwrapping
 * run inside it through the JDK's SunPKCS11 provider.
 */
@NullMarked
package io.waas.crypto.pkcs11;

import org.jspecify.annotations.NullMarked;
