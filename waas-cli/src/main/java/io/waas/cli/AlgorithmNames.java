package io.waas.cli;

import io.waas.crypto.AeadAlgorithm;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line's names for {@link AeadAlgorithm}s: lower case with dashes, as operators write
 * them ({@code aes-256-gcm}), rather than Java constant names.
 */
final class AlgorithmNames {
  private AlgorithmNames() {}

  /**
   * Returns the command-line name of an algorithm.
   *
   * @param algorithm the algorithm
   * @return for example {@code xchacha20-poly1305}
   */
  static String of(AeadAlgorithm algorithm) {
    return algorithm.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Converts {@code --algorithm} values. */
  static final class Converter implements ITypeConverter<AeadAlgorithm> {
    @Override
    public AeadAlgorithm convert(String value) {
      for (AeadAlgorithm a : AeadAlgorithm.values()) {
        if (of(a).equalsIgnoreCase(value.strip())) {
          return a;
        }
      }
      throw new TypeConversionException(
          "unknown algorithm '" + value + "'; use one of " + String.join(", ", new Candidates()));
    }
  }

  /** Lists the valid names, for help texts and shell completion. */
  static final class Candidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> names = new ArrayList<>();
      for (AeadAlgorithm a : AeadAlgorithm.values()) {
        names.add(of(a));
      }
      return names.iterator();
    }
  }
}
