/**
 * Multi-factor authentication: HOTP (RFC 4226) and TOTP (RFC 6238) with replay protection, enrollment (otpauth URIs, QR codes) and recovery codes.
 */
@NullMarked
package io.waas.auth.mfa;

import org.jspecify.annotations.NullMarked;
