package nl.werkplaats.store;

/**
 * What the store's group commit did since the store opened, for metrics: transactions that wrote room changes
 * ({@code batches}), the changes in them, the most in one, and the time spent writing and committing them
 * (microseconds, in all and the longest). Changes per batch: {@code changes / batches}.
 */
public record WriteStatistics(long batches, long changes, long largestBatch, long writeMicros, long longestWriteMicros) {
  public static final WriteStatistics NONE = new WriteStatistics(0, 0, 0, 0, 0);

  /** Changes per transaction, on average (0 before the first). */
  public double changesPerBatch() {
    return batches == 0 ? 0 : (double) changes / batches;
  }
}
