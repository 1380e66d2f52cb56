package nl.werkplaats.ops;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import nl.werkplaats.Redact;

/**
 * The server logs through java.util.logging only (Vert.x, Hazelcast and the libraries' SLF4J end there too).
 * This sets the format of the console: text (the JDK's) or JSON lines ({@code WERKPLAATS_LOG_FORMAT=json}),
 * both with secrets taken out ({@link Redact}: passwords in URLs, bearer tokens, token/key parameters), and
 * keeps logging alive through the shutdown hook, so that a drain's lines are not lost.
 */
public final class Logs {
  /**
   * Vert.x's own connections that no handler of ours watches (the clustered event bus's links to other members,
   * above all) log an error of their socket here, at SEVERE.
   */
  static final String VERTX_CONNECTIONS = "io.vertx.core.net.impl.ConnectionBase";

  /** Held, so that its filter stays: java.util.logging keeps loggers only weakly. */
  private static final Logger VERTX_CONNECTION_LOG = Logger.getLogger(VERTX_CONNECTIONS);

  private Logs() {}

  /** Console output in JSON lines or text, for the root logger's handlers; secrets redacted either way. */
  public static void configure(boolean json) {
    Logger root = Logger.getLogger("");
    Handler[] handlers = root.getHandlers();
    if (handlers.length == 0) {
      root.addHandler(new ConsoleHandler());
      handlers = root.getHandlers();
    }
    for (Handler h : handlers) {
      if (h instanceof ConsoleHandler) {
        h.setFormatter(json ? new JsonLines() : new RedactedText());
      }
    }
    VERTX_CONNECTION_LOG.setFilter(Logs::unlessPeerGone);
  }

  /**
   * A connection reset or broken by the other side (a member killed, a client or proxy gone) is the network's
   * matter, not a failure of this node: our own connections log it at FINE, and so does this for Vert.x's, whose
   * default would be SEVERE. Every other record passes as it is.
   */
  static boolean unlessPeerGone(LogRecord r) {
    if (r.getLevel().intValue() <= Level.FINE.intValue() || !(peerGone(r.getMessage()) || peerGone(r.getThrown()))) {
      return true;
    }
    LogRecord fine = new LogRecord(Level.FINE, "connection closed by the other side: " + r.getMessage());
    fine.setLoggerName(r.getLoggerName());
    fine.setThrown(r.getThrown());
    VERTX_CONNECTION_LOG.log(fine);
    return false;
  }

  private static boolean peerGone(Throwable t) {
    return t instanceof java.io.IOException && peerGone(t.getMessage());
  }

  private static boolean peerGone(String message) {
    return message != null && (message.startsWith("Connection reset") || message.startsWith("Broken pipe"));
  }

  /** Logs a line about one command: its request id goes into the line (a field of its own in JSON). */
  public static void aboutCommand(Logger log, Level level, String requestId, String message) {
    if (log.isLoggable(level)) {
      CommandRecord r = new CommandRecord(level, message + " (request " + requestId + ")", requestId);
      r.setLoggerName(log.getName());
      log.log(r);
    }
  }

  static final class CommandRecord extends LogRecord {
    final String requestId;

    CommandRecord(Level level, String message, String requestId) {
      super(level, message);
      this.requestId = requestId;
    }
  }

  /** One JSON object per line: time, level, logger, thread, message, requestId when about a command, error. */
  public static final class JsonLines extends Formatter {
    @Override
    public String format(LogRecord r) {
      StringBuilder out = new StringBuilder(256).append('{');
      field(out, "time", Instant.ofEpochMilli(r.getMillis()).toString()).append(',');
      field(out, "level", r.getLevel().getName()).append(',');
      field(out, "logger", r.getLoggerName() == null ? "" : r.getLoggerName()).append(',');
      field(out, "thread", Thread.currentThread().getName()).append(',');
      field(out, "message", Redact.secrets(formatMessage(r)));
      if (r instanceof CommandRecord c) {
        out.append(',');
        field(out, "requestId", c.requestId);
      }
      if (r.getThrown() != null) {
        StringWriter trace = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(trace));
        out.append(',');
        field(out, "error", Redact.secrets(trace.toString()));
      }
      return out.append("}\n").toString();
    }

    private static StringBuilder field(StringBuilder out, String name, String value) {
      out.append('"').append(name).append("\":\"");
      JsonStringEncoder.getInstance().quoteAsString(value, out);
      return out.append('"');
    }
  }

  /** The JDK's text format, with secrets taken out. */
  public static final class RedactedText extends SimpleFormatter {
    @Override
    public String format(LogRecord r) {
      return Redact.secrets(super.format(r));
    }
  }

  /**
   * The JDK's LogManager removes every handler from a shutdown hook of its own, racing the drain's hook: the
   * drain's lines would be lost. This one skips that reset; {@link #resetAtLast()} does it at the very end.
   * Installed with {@code java.util.logging.manager} before the first logger (Main does it).
   */
  public static final class KeptLogManager extends LogManager {
    @Override
    public void reset() {
      if (!Thread.currentThread().getClass().getName().startsWith(LogManager.class.getName())) {
        super.reset();
      }
    }

    void resetNow() {
      super.reset();
    }
  }

  /** Flushes and closes the handlers when the node has stopped (the end of the shutdown hook). */
  public static void resetAtLast() {
    if (LogManager.getLogManager() instanceof KeptLogManager kept) {
      kept.resetNow();
    }
  }
}
