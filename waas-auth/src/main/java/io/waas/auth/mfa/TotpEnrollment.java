package io.waas.auth.mfa;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * A started TOTP enrollment: the {@linkplain #pendingFactor() pending factor} to store, and the
 * otpauth URI and QR code to show the user once. Made by {@link TotpEnroller#start}.
 *
 * <p>The pending factor becomes active only when the user proves their authenticator works by
 * entering its first code ({@link #confirm}); it expires after the enroller's configured time.
 *
 * <p><b>This object holds the plaintext secret</b> (in the URI) so that it can be shown to the user:
 * keep it only for the request that shows it; persist the {@link #pendingFactor()} (whose secret is
 * sealed) across requests. {@link #toString()} shows no secret.
 *
 * <p>Immutable and thread-safe.
 */
public final class TotpEnrollment {
  private final TotpEnroller enroller;
  private final TotpFactor pending;
  private final OtpAuthUri uri;

  TotpEnrollment(TotpEnroller enroller, TotpFactor pending, OtpAuthUri uri) {
    this.enroller = enroller;
    this.pending = pending;
    this.uri = uri;
  }

  /**
   * Returns the pending factor to store (its secret is sealed) until the user confirms.
   *
   * @return the pending factor
   */
  public TotpFactor pendingFactor() {
    return pending;
  }

  /**
   * Returns the otpauth URI, which contains the secret.
   *
   * @return the URI
   */
  public OtpAuthUri otpAuthUri() {
    return uri;
  }

  /**
   * Returns the otpauth URI text (with the secret), for "enter this key manually" links.
   *
   * @return the URI text
   */
  public String otpAuthUriString() {
    return uri.toUriString();
  }

  /**
   * Renders the QR code of the URI as PNG (see {@link OtpQrCode}).
   *
   * @return the PNG bytes
   */
  public byte[] qrCodePng() {
    return OtpQrCode.png(uri);
  }

  /**
   * Writes the QR code PNG to a file atomically (see {@link OtpQrCode#writePng}).
   *
   * @param file where to write
   * @throws IOException if it cannot be written
   */
  public void writeQrCodePng(Path file) throws IOException {
    OtpQrCode.writePng(uri, file);
  }

  /**
   * Confirms the enrollment with the first code from the user's authenticator; same as {@link
   * TotpEnroller#confirm(TotpFactor, CharSequence)} with {@link #pendingFactor()}.
   *
   * @param code the code the user typed
   * @return the active factor, to store in place of the pending one
   * @throws EnrollmentExpiredException if the enrollment expired
   * @throws OtpRejectedException if the code was not accepted
   * @throws GeneralSecurityException if the secret cannot be decrypted
   */
  public TotpFactor confirm(CharSequence code) throws GeneralSecurityException {
    return enroller.confirm(pending, code);
  }

  @Override
  public String toString() {
    return "TotpEnrollment[" + pending + "]";
  }
}
