package io.waas.cli;

import io.waas.auth.mfa.OtpAlgorithm;
import io.waas.auth.mfa.OtpAuthUri;
import io.waas.auth.mfa.OtpQrCode;
import io.waas.auth.mfa.TotpParameters;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code waas auth totp-enroll}: makes a new TOTP secret, prints its {@code otpauth://} URI and
 * writes the URI as a QR code PNG for an authenticator app. For operators and for trying out
 * authenticator apps; services enroll users with the SDK's {@code TotpEnroller}, which also keeps
 * the secret encrypted and requires a first code before the factor is active.
 */
@Command(
    name = "totp-enroll",
    description = {
      "Make a new TOTP secret: print its otpauth:// URI and write it as a QR code PNG to scan with an"
          + " authenticator app.",
      "The URI and the QR code contain the secret: keep both away from logs and shared screens."
    })
final class TotpEnrollCommand implements Callable<Integer> {
  @Mixin
  @SuppressWarnings("UnusedVariable") // picocli reads it
  private HelpOption help = new HelpOption();

  @Spec
  @SuppressWarnings("NullAway.Init") // injected by picocli
  private CommandSpec spec;

  @Option(names = "--issuer", required = true, paramLabel = "NAME", description = "Who issues the code (shown in the app).")
  @SuppressWarnings("NullAway.Init") // required; injected by picocli
  private String issuer;

  @Option(names = "--account", required = true, paramLabel = "NAME", description = "The account, e.g. an email address.")
  @SuppressWarnings("NullAway.Init") // required; injected by picocli
  private String account;

  @Option(names = "--qr", required = true, paramLabel = "FILE", description = "Where to write the QR code PNG.")
  @SuppressWarnings("NullAway.Init") // required; injected by picocli
  private Path qr;

  @Option(names = "--force", description = "Replace FILE if it exists.")
  private boolean force;

  @Option(
      names = "--algorithm",
      paramLabel = "ALG",
      description = "SHA1 (default; what every app supports), SHA256 or SHA512.")
  private @Nullable String algorithm;

  @Option(names = "--digits", paramLabel = "N", description = "6 (default), 7 or 8.")
  private @Nullable Integer digits;

  @Option(names = "--period", paramLabel = "SECONDS", description = "Time step in seconds. Default: 30.")
  private @Nullable Integer period;

  @Override
  public Integer call() throws IOException {
    TotpParameters parameters = parameters();
    OtpAuthUri uri;
    try {
      uri = OtpAuthUri.generateTotp(issuer, account, parameters);
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(ExitCodes.USAGE, String.valueOf(e.getMessage()));
    }
    // The PNG is built in memory and published atomically: no half-written image is left behind.
    SafeFiles.writeAtomically(qr, OtpQrCode.png(uri), force);
    PrintWriter out = spec.commandLine().getOut();
    out.println(uri.toUriString());
    PrintWriter err = spec.commandLine().getErr();
    if (!parameters.equals(TotpParameters.authenticatorApps())) {
      err.println("note: not every authenticator app supports " + parameters + "; test yours before relying on it");
    }
    return ExitCodes.OK;
  }

  private TotpParameters parameters() {
    if (algorithm == null && digits == null && period == null) {
      return TotpParameters.authenticatorApps();
    }
    try {
      TotpParameters.Builder b = TotpParameters.builder();
      if (algorithm != null) {
        b.algorithm(OtpAlgorithm.valueOf(algorithm.toUpperCase(Locale.ROOT)));
      }
      if (digits != null) {
        b.digits(digits);
      }
      if (period != null) {
        b.period(Duration.ofSeconds(period));
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(ExitCodes.USAGE, "bad TOTP parameters: " + e.getMessage()
          + " (algorithm SHA1, SHA256 or SHA512; digits 6 to 8; period "
          + TotpParameters.MIN_PERIOD_SECONDS + " to " + TotpParameters.MAX_PERIOD_SECONDS + " s)");
    }
  }
}
