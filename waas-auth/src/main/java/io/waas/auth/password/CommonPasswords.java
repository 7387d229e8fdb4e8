package io.waas.auth.password;

import com.nulabinc.zxcvbn.Feedback;
import com.nulabinc.zxcvbn.StandardDictionaries;
import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.WipeableString;
import com.nulabinc.zxcvbn.Zxcvbn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.CharBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * zxcvbn4j's data, loaded once per process on first use: its "passwords" frequency list (30,000
 * common passwords from breach corpora, lower case) as a blocklist, and its estimator.
 *
 * <p>The blocklist is a set of {@link CharBuffer}s so that the lookup wraps the password's array
 * instead of making a {@code String} of it. zxcvbn receives a {@link WipeableString} copy that is
 * wiped after measuring; its internals do make short-lived strings of substrings (documented
 * limit).
 */
final class CommonPasswords {
  private static final class Holder {
    static final Set<CharBuffer> BLOCKLIST = load();
    static final Zxcvbn ZXCVBN = new Zxcvbn();

    private static Set<CharBuffer> load() {
      try {
        Set<CharBuffer> set = new HashSet<>();
        for (String word : StandardDictionaries.PASSWORDS_LOADER.load().getFrequencies()) {
          set.add(CharBuffer.wrap(word.toLowerCase(java.util.Locale.ROOT)));
        }
        return Set.copyOf(set);
      } catch (IOException e) {
        throw new UncheckedIOException("zxcvbn4j's passwords list is missing from the class path", e);
      }
    }
  }

  private CommonPasswords() {}

  /** Whether the already lower-cased password is on the list. */
  static boolean contains(char[] lowerCase) {
    return Holder.BLOCKLIST.contains(CharBuffer.wrap(lowerCase));
  }

  static int size() {
    return Holder.BLOCKLIST.size();
  }

  static StrengthEstimate estimate(char[] password, List<String> contextWords) {
    WipeableString copy = new WipeableString(password.clone());
    Strength s = Holder.ZXCVBN.measure(copy, contextWords);
    try {
      Feedback f = s.getFeedback();
      String warning = f.getWarning(java.util.Locale.ENGLISH);
      return new StrengthEstimate(
          s.getScore(), s.getGuessesLog10(), warning == null ? "" : warning,
          f.getSuggestions(java.util.Locale.ENGLISH));
    } finally {
      s.wipe();
      copy.wipe();
    }
  }
}
