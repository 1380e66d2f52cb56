package nl.werkplaats.summary;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a summary's numbers, dates and times read in its language and the server's time zone: "2,7" and
 * "1 december 2026, 14:05" in Dutch, "2.7" and "1 December 2026, 14:05" in English. The canonical JSON keeps
 * its machine form (two-decimal strings, ISO-8601 UTC); only the renderings use this.
 */
final class Presentation {
  /** The time zone of the renderings when none is configured. */
  static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Amsterdam");

  final Labels l;
  final ZoneId zone;
  final Locale locale;
  private final DateTimeFormatter dateTime;
  private final DateTimeFormatter date;

  Presentation(String language, ZoneId zone) {
    this.l = new Labels(language);
    this.zone = zone;
    this.locale = "en".equals(language) ? Locale.UK : Locale.forLanguageTag("nl-NL");
    this.dateTime = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", locale).withZone(zone);
    this.date = DateTimeFormatter.ofPattern("d MMMM yyyy", locale);
  }

  Presentation(Summary summary, ZoneId zone) {
    this(summary.language(), zone);
  }

  /**
   * A figure as the screens show it: at most one decimal, with a decimal comma in Dutch ("2.67" → "2,7",
   * "8.00" → "8"); "–" when there is none.
   */
  String number(String fixed) {
    BigDecimal n = decimal(fixed);
    if (n == null) {
      return "–";
    }
    String plain = n.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    return locale == Locale.UK ? plain : plain.replace('.', ',');
  }

  /** The number in a canonical two-decimal string, or null when it is missing or not a number. */
  static BigDecimal decimal(String fixed) {
    if (fixed == null || fixed.isBlank()) {
      return null;
    }
    try {
      return new BigDecimal(fixed.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** An ISO-8601 instant as a local date and time: "1 december 2026, 14:05"; "–" when there is none. */
  String dateTime(String iso) {
    Instant at = instant(iso);
    return at == null ? "–" : dateTime.format(at);
  }

  /** An ISO date ("2026-06-30") as "30 juni 2026"; unchanged when it is not a date, empty when missing. */
  String date(String iso) {
    LocalDate d = localDate(iso);
    return d == null ? (iso == null ? "" : iso) : date.format(d);
  }

  static Instant instant(String iso) {
    return parse(iso, Instant::parse);
  }

  static LocalDate localDate(String iso) {
    return parse(iso, LocalDate::parse);
  }

  /** The parsed value, or null when the text is missing or not in ISO-8601 form. */
  private static <T> T parse(String iso, Function<String, T> parser) {
    if (iso == null || iso.isBlank()) {
      return null;
    }
    try {
      return parser.apply(iso);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Milliseconds as whole minutes. */
  static long minutes(long ms) {
    return Math.round(ms / 60000.0);
  }

  /**
   * Per organisation its assent to the joint answer of a checklist question, as one line each: "Gemeente
   * Gouda: stemt in met versie 3 (Anna, 1 december 2026, 14:05)"; then the facilitator's override, if any.
   */
  java.util.List<String> consent(com.fasterxml.jackson.databind.JsonNode step) {
    java.util.List<String> lines = new java.util.ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode c : step.path("consent")) {
      String state = c.path("state").asText();
      StringBuilder line = new StringBuilder(c.path("organisation").asText()).append(": ")
          .append(String.format(l.get("consent." + state), c.path("rev").asInt()));
      if (!state.equals("waiting")) {
        line.append(" (");
        if (c.hasNonNull("name")) {
          line.append(c.path("name").asText()).append(", ");
        }
        line.append(dateTime(c.path("at").asText(null))).append(')');
      }
      lines.add(line.toString());
    }
    com.fasterxml.jackson.databind.JsonNode by = step.path("agreedBy");
    if (by.isObject()) {
      lines.add(l.get("agreedBy") + ": " + (by.hasNonNull("name") ? by.path("name").asText() + ", " : "")
          + by.path("organisation").asText());
    }
    return lines;
  }
}
