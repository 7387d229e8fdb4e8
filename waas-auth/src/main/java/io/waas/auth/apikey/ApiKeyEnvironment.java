package io.waas.auth.apikey;

import java.util.Locale;

/**
 * Which environment an API key belongs to, spelled out in the key ({@code waas_live_...}, {@code
 * waas_test_...}) so that a test key pasted into production — or the other way round — is refused
 * before any lookup, and so that people and secret scanners can tell at a glance what leaked.
 */
public enum ApiKeyEnvironment {
  /** Production. */
  LIVE,
  /** Testing, staging, development. */
  TEST;

  /**
   * Returns the marker as written in keys.
   *
   * @return {@code live} or {@code test}
   */
  public String marker() {
    return name().toLowerCase(Locale.ROOT);
  }
}
