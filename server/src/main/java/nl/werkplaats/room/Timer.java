package nl.werkplaats.room;

/**
 * A step timer held by the server. While running, {@code deadline} (epoch ms, server clock) is the truth;
 * while stopped (paused room, step left), {@code remainingMs} is.
 */
public record Timer(boolean running, long deadline, long remainingMs, long durationMs) {

  public static Timer started(long now, long durationMs) {
    return new Timer(true, now + durationMs, durationMs, durationMs);
  }

  public long remainingAt(long now) {
    return running ? Math.max(0, deadline - now) : remainingMs;
  }

  public Timer stoppedAt(long now) {
    return running ? new Timer(false, 0, remainingAt(now), durationMs) : this;
  }

  public Timer resumedAt(long now) {
    return running ? this : new Timer(true, now + remainingMs, remainingMs, durationMs);
  }

  /** {@code ms} more time; a running timer that has run out gets {@code ms} from {@code now} on. */
  public Timer extendedBy(long now, long ms) {
    return running
        ? new Timer(true, Math.max(deadline, now) + ms, remainingMs, durationMs + ms)
        : new Timer(false, 0, remainingMs + ms, durationMs + ms);
  }
}
