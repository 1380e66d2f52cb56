package nl.werkplaats.project;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.werkplaats.summary.TextRenderers;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/** A project's backlog as CSV (Dutch spreadsheet settings, as the summaries), XLSX and an ICS of its due dates. */
final class BacklogExport {
  private BacklogExport() {}

  static final List<String> HEADERS = List.of("Wat", "Organisatie", "Persoon", "Datum", "Status", "Notitie", "Herkomst",
      "Bijgewerkt");

  static String contentType(String format) {
    return switch (format) {
      case "csv" -> "text/csv; charset=utf-8";
      case "xlsx" -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      default -> "text/calendar; charset=utf-8";
    };
  }

  private static List<String> row(BacklogItem i, ZoneId zone) {
    return List.of(i.what(), i.ownerOrganisation(), i.ownerPerson(), i.due() == null ? "" : i.due(), i.status().wire(),
        i.note(), i.originLabel(), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(zone)
            .format(Instant.ofEpochMilli(i.updatedAt())));
  }

  static byte[] csv(List<BacklogItem> items, ZoneId zone) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADERS);
    for (BacklogItem i : items) {
      rows.add(row(i, zone));
    }
    return TextRenderers.csvBytes(rows);
  }

  static byte[] xlsx(Project p, List<BacklogItem> items) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Workbook wb = new Workbook(out, "Werkplaats", "1.0");
      Worksheet ws = wb.newWorksheet("Backlog");
      for (int c = 0; c < HEADERS.size(); c++) {
        ws.value(0, c, HEADERS.get(c));
        ws.style(0, c).bold().fillColor("E8EEF5").set();
      }
      ws.freezePane(0, 1);
      int r = 1;
      for (BacklogItem i : items) {
        List<String> cells = row(i, ZoneOffset.UTC);
        for (int c = 0; c < cells.size(); c++) {
          if (c == 3 && i.due() != null) {
            ws.value(r, c, LocalDate.parse(i.due()));
            ws.style(r, c).format("yyyy-mm-dd").set();
          } else if (c != 7) {
            ws.value(r, c, TextRenderers.visible(cells.get(c)));
          }
        }
        ws.value(r, 7, java.time.LocalDateTime.ofInstant(Instant.ofEpochMilli(i.updatedAt()), ZoneOffset.UTC));
        ws.style(r, 7).format("yyyy-mm-dd hh:mm").set();
        r++;
      }
      ws.width(0, 60);
      ws.width(5, 40);
      ws.width(6, 40);
      wb.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the backlog of " + p.id(), e);
    }
    return out.toByteArray();
  }

  /** The open and running items with a due date, one all-day event each (RFC 5545). */
  static byte[] ics(Project p, List<BacklogItem> items) {
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC)
        .format(Instant.now());
    StringBuilder out = new StringBuilder();
    TextRenderers.line(out, "BEGIN:VCALENDAR");
    TextRenderers.line(out, "VERSION:2.0");
    TextRenderers.line(out, "PRODID:-//Werkplaats//Project backlog//NL");
    TextRenderers.line(out, "CALSCALE:GREGORIAN");
    TextRenderers.line(out, "METHOD:PUBLISH");
    TextRenderers.line(out, "X-WR-CALNAME:" + TextRenderers.ics("Backlog – " + p.title()));
    for (BacklogItem i : items) {
      if (i.due() == null || i.status() == nl.werkplaats.room.BacklogStatus.DONE
          || i.status() == nl.werkplaats.room.BacklogStatus.DROPPED) {
        continue;
      }
      LocalDate due = LocalDate.parse(i.due());
      TextRenderers.line(out, "BEGIN:VEVENT");
      TextRenderers.line(out, "UID:" + TextRenderers.ics(i.id() + "." + p.id()) + "@werkplaats");
      TextRenderers.line(out, "DTSTAMP:" + stamp);
      TextRenderers.line(out, "DTSTART;VALUE=DATE:" + due.format(DateTimeFormatter.BASIC_ISO_DATE));
      TextRenderers.line(out, "DTEND;VALUE=DATE:" + due.plusDays(1).format(DateTimeFormatter.BASIC_ISO_DATE));
      TextRenderers.line(out, "SUMMARY:" + TextRenderers.ics(i.what()));
      String owner = (i.ownerOrganisation() + " " + i.ownerPerson()).strip();
      TextRenderers.line(out, "DESCRIPTION:" + TextRenderers.ics((owner.isEmpty() ? "" : owner + "\n") + i.originLabel()));
      TextRenderers.line(out, "TRANSP:TRANSPARENT");
      TextRenderers.line(out, "END:VEVENT");
    }
    TextRenderers.line(out, "END:VCALENDAR");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
