/**
 * Encryption at rest for multi-tenant data.
 *
 * <p>Start with {@link io.waas.crypto.KeyRing}: it opens a key store, hands out a {@link
 * io.waas.crypto.DataEncryptor}, and rotates and shreds keys. Every ciphertext is bound to an
 * {@link io.waas.crypto.EncryptionContext}.
 */
@NullMarked
package io.waas.crypto;

import org.jspecify.annotations.NullMarked;
