package nl.werkplaats.summary;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/** The downloadable renderings of a frozen summary, by file extension. */
public enum Format {
  JSON("json", "application/json", (s, zone) -> s.canonical()),
  MARKDOWN("md", "text/markdown; charset=utf-8", TextRenderers::markdown),
  HTML("html", "text/html; charset=utf-8", TextRenderers::html),
  PDF("pdf", "application/pdf", PdfRenderer::render),
  CSV("csv", "text/csv; charset=utf-8", TextRenderers::csv),
  XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", XlsxRenderer::render),
  DOCX("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", DocxRenderer::render),
  AGREEMENTS_CSV("csv", "text/csv; charset=utf-8", TextRenderers::agreementsCsv),
  AGREEMENTS_ICS("ics", "text/calendar; charset=utf-8", TextRenderers::ics);

  private final String extension;
  private final String contentType;
  private final BiFunction<Summary, ZoneId, byte[]> renderer;

  Format(String extension, String contentType, BiFunction<Summary, ZoneId, byte[]> renderer) {
    this.extension = extension;
    this.contentType = contentType;
    this.renderer = renderer;
  }

  /** The time zone of the renderings when the server has none configured: Europe/Amsterdam. */
  public static ZoneId defaultZone() {
    return Presentation.DEFAULT_ZONE;
  }

  public String extension() {
    return extension;
  }

  public String contentType() {
    return contentType;
  }

  /** The rendering with times in Europe/Amsterdam. */
  public byte[] render(Summary summary) {
    return render(summary, Presentation.DEFAULT_ZONE);
  }

  /**
   * The rendering with dates and times in {@code zone} (numbers and words in the summary's language); the
   * JSON is the canonical bytes whatever the zone.
   */
  public byte[] render(Summary summary, ZoneId zone) {
    return renderer.apply(summary, zone);
  }

  /** A summary format by extension: json, md, html, pdf, csv, xlsx, docx. */
  public static Optional<Format> ofSummary(String extension) {
    return switch (extension.toLowerCase(Locale.ROOT)) {
      case "json" -> Optional.of(JSON);
      case "md" -> Optional.of(MARKDOWN);
      case "html" -> Optional.of(HTML);
      case "pdf" -> Optional.of(PDF);
      case "csv" -> Optional.of(CSV);
      case "xlsx" -> Optional.of(XLSX);
      case "docx" -> Optional.of(DOCX);
      default -> Optional.empty();
    };
  }

  /** An agreements format by extension: csv, ics. */
  public static Optional<Format> ofAgreements(String extension) {
    return switch (extension.toLowerCase(Locale.ROOT)) {
      case "csv" -> Optional.of(AGREEMENTS_CSV);
      case "ics" -> Optional.of(AGREEMENTS_ICS);
      default -> Optional.empty();
    };
  }

  /** A file name for a download: werkplaats-<room>-v<version>[-agreements].<ext>. */
  public String fileName(String roomId, int version) {
    String safeRoom = roomId.replaceAll("[^A-Za-z0-9_-]", "_");
    String suffix = this == AGREEMENTS_CSV || this == AGREEMENTS_ICS ? "-agreements" : "";
    return "werkplaats-" + safeRoom + "-v" + version + suffix + "." + extension;
  }
}
