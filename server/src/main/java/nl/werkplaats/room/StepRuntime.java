package nl.werkplaats.room;

/**
 * How one step stands in this session: opened yet, locked, revealed, its timer, and time spent in it.
 * Kept per step, so that going back to a step finds it as it was left.
 */
public record StepRuntime(
    boolean opened, boolean locked, boolean revealed, Timer timer, long firstOpenedAt, long enteredAt, long timeSpentMs) {

  public static StepRuntime unopened() {
    return new StepRuntime(false, false, false, null, 0, 0, 0);
  }

  public StepRuntime withLocked(boolean value) {
    return new StepRuntime(opened, value, revealed, timer, firstOpenedAt, enteredAt, timeSpentMs);
  }

  public StepRuntime withRevealed() {
    return new StepRuntime(opened, locked, true, timer, firstOpenedAt, enteredAt, timeSpentMs);
  }

  public StepRuntime withTimer(Timer value) {
    return new StepRuntime(opened, locked, revealed, value, firstOpenedAt, enteredAt, timeSpentMs);
  }

  /** Entered (again) at {@code now}: opened, its timer running again (or started at its default length). */
  public StepRuntime enteredAt(long now, long defaultDurationMs, boolean roomRunning) {
    Timer t = timer;
    if (!opened && defaultDurationMs > 0) {
      t = Timer.started(now, defaultDurationMs);
    }
    if (t != null) {
      t = roomRunning ? t.resumedAt(now) : t.stoppedAt(now);
    }
    return new StepRuntime(true, locked, revealed, t, opened ? firstOpenedAt : now, now, timeSpentMs);
  }

  /** Left at {@code now}: its timer stops with what remained, the time spent is added up. */
  public StepRuntime leftAt(long now, boolean roomWasRunning) {
    long spent = roomWasRunning && enteredAt > 0 ? Math.max(0, now - enteredAt) : 0;
    return new StepRuntime(opened, locked, revealed, timer == null ? null : timer.stoppedAt(now), firstOpenedAt, 0,
        timeSpentMs + spent);
  }
}
