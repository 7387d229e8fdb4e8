/**
 * Tamper-evident audit logs of {@link io.waas.core.SecurityEvent}s: append-only, hash-chained
 * records authenticated with a key ring's {@link io.waas.crypto.MessageAuthenticator}, signed
 * checkpoints, crash-safe appends, file rotation, and a verifier that says which record was
 * modified, deleted, inserted or reordered.
 *
 * <p>Start with {@link io.waas.crypto.audit.AuditLog} to write and {@link
 * io.waas.crypto.audit.AuditLogVerifier} to check.
 */
@NullMarked
package io.waas.crypto.audit;

import org.jspecify.annotations.NullMarked;
