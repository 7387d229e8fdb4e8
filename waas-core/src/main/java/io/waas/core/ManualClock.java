package io.waas.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that moves only when told to: the seam through which tests control time in
 * every SDK component that takes a {@code Clock} (key ages, cache expiry, TOTP windows).
 *
 * <p>Thread-safe.
 */
public final class ManualClock extends Clock {
  /** Shared between clocks made by {@link #withZone}, so advancing one moves all. */
  private static final class Time {
    private Instant now;

    Time(Instant now) {
      this.now = now;
    }
  }

  private final Time now;
  private final ZoneId zone;

  private ManualClock(Time now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * Creates a clock standing at {@code start}, in UTC.
   *
   * @param start the initial instant
   * @return the clock
   */
  public static ManualClock at(Instant start) {
    return new ManualClock(new Time(start), ZoneOffset.UTC);
  }

  /**
   * Moves the clock forward (or backward, with a negative duration).
   *
   * @param amount how far to move
   * @return the new instant
   */
  public Instant advance(Duration amount) {
    synchronized (now) {
      now.now = now.now.plus(amount);
      return now.now;
    }
  }

  /**
   * Sets the clock to an instant.
   *
   * @param instant the new time
   */
  public void set(Instant instant) {
    synchronized (now) {
      now.now = instant;
    }
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    // Shares the instant with this clock, so advancing either moves both.
    return new ManualClock(now, newZone);
  }

  @Override
  public Instant instant() {
    synchronized (now) {
      return now.now;
    }
  }
}
