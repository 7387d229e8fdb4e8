package io.waas.auth.password;

import java.util.List;

/**
 * zxcvbn's estimate of how hard a password is to guess: a score from 0 (guessable in under 10^3
 * guesses) to 4 (more than 10^10), the log10 of the estimated guesses, and feedback for the user.
 * The feedback texts are zxcvbn's fixed English messages; they never quote the password.
 *
 * <p>Immutable and thread-safe.
 */
public final class StrengthEstimate {
  private final int score;
  private final double guessesLog10;
  private final String warning;
  private final List<String> suggestions;

  StrengthEstimate(int score, double guessesLog10, String warning, List<String> suggestions) {
    this.score = score;
    this.guessesLog10 = guessesLog10;
    this.warning = warning;
    this.suggestions = List.copyOf(suggestions);
  }

  /**
   * Returns the score.
   *
   * @return 0 (too guessable) to 4 (very unguessable)
   */
  public int score() {
    return score;
  }

  /**
   * Returns the base-10 logarithm of the estimated number of guesses.
   *
   * @return log10 of the guesses
   */
  public double guessesLog10() {
    return guessesLog10;
  }

  /**
   * Returns the warning for the user, for example "This is a top-10 common password".
   *
   * @return the warning, or an empty string
   */
  public String warning() {
    return warning;
  }

  /**
   * Returns suggestions for a better password.
   *
   * @return an unmodifiable list, possibly empty
   */
  public List<String> suggestions() {
    return suggestions;
  }

  @Override
  public String toString() {
    return "StrengthEstimate{score=" + score + ", guessesLog10=" + String.format(java.util.Locale.ROOT, "%.1f", guessesLog10)
        + (warning.isEmpty() ? "" : ", warning=" + warning) + '}';
  }
}
