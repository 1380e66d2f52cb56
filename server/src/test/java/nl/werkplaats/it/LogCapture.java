package nl.werkplaats.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the server logs (java.util.logging, which Vert.x, Hazelcast and SLF4J end up in). */
final class LogCapture extends Handler implements AutoCloseable {
  final List<LogRecord> records = new CopyOnWriteArrayList<>();

  static LogCapture start() {
    LogCapture c = new LogCapture();
    c.setLevel(Level.ALL);
    Logger.getLogger("").addHandler(c);
    return c;
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  List<LogRecord> severe() {
    return records.stream().filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
  }

  /** Records that carry a stack trace, at WARNING or above. */
  List<LogRecord> stackTraces() {
    return records.stream().filter(r -> r.getThrown() != null && r.getLevel().intValue() >= Level.WARNING.intValue())
        .toList();
  }

  static String describe(List<LogRecord> records) {
    StringBuilder sb = new StringBuilder();
    for (LogRecord r : records) {
      sb.append(r.getLevel()).append(' ').append(r.getLoggerName()).append(": ").append(r.getMessage())
          .append(r.getThrown() == null ? "" : " / " + r.getThrown()).append('\n');
    }
    return sb.toString();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
