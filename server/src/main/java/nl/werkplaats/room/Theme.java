package nl.werkplaats.room;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A session's house style, chosen by the organiser when the room is made: a logo and two colours. The client
 * uses the colours only as the values of two design tokens (CSS custom properties) and the logo only as an
 * image source, so nothing here can become CSS or HTML: colours are {@code #rrggbb} and nothing else, the logo
 * is a small PNG, JPEG or WebP image as a base64 data URL whose bytes really are that kind of image. Both
 * colours must keep the interface readable: white text on {@link #primaryColour} and dark text on
 * {@link #lightColour} each reach 4.5:1 (WCAG 2.1 AA).
 *
 * @param logo a {@code data:image/(png|jpeg|webp);base64,…} URL of at most {@link #MAX_LOGO_CHARS}, or null
 * @param primaryColour header, buttons, links and the current step, or null for the default
 * @param lightColour light backgrounds (the current step in the agenda, one's own answer), or null
 */
public record Theme(String logo, String primaryColour, String lightColour) {

  /** Characters of the logo's data URL (about 36 KB of image). */
  public static final int MAX_LOGO_CHARS = 49_152;
  /** The contrast every theme colour must keep with the text on it. */
  public static final double MIN_CONTRAST = 4.5;
  /** The interface's text colour, written on {@link #lightColour}. */
  public static final String TEXT_COLOUR = "#1a1a1a";

  private static final Pattern COLOUR = Pattern.compile("#[0-9a-f]{6}");
  private static final Pattern LOGO = Pattern.compile("data:image/(png|jpeg|webp);base64,([A-Za-z0-9+/]+={0,2})");
  private static final Set<String> FIELDS = Set.of("logo", "primaryColour", "lightColour");

  /**
   * The theme of a create-room request's {@code theme} member (absent or null: no theme).
   *
   * @throws Rejected {@code invalid_value} naming the field and what is wrong with it
   */
  public static Theme fromJson(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw invalid("theme is an object with logo, primaryColour and lightColour");
    }
    node.fieldNames().forEachRemaining(f -> {
      if (!FIELDS.contains(f)) {
        throw invalid("theme has no field " + f + " (only logo, primaryColour, lightColour)");
      }
    });
    Theme t = new Theme(text(node, "logo"), text(node, "primaryColour"), text(node, "lightColour"));
    return t.logo == null && t.primaryColour == null && t.lightColour == null ? null : t.checked();
  }

  /** This theme with its colours in lower case, once every field is valid. */
  public Theme checked() {
    String primary = colour(primaryColour, "primaryColour");
    String light = colour(lightColour, "lightColour");
    if (primary != null && contrast(primary, "#ffffff") < MIN_CONTRAST) {
      throw invalid(String.format(Locale.ROOT, "theme.primaryColour %s has a contrast of %.2f:1 with white text; at least %.1f:1 is needed",
          primary, contrast(primary, "#ffffff"), MIN_CONTRAST));
    }
    if (light != null && contrast(light, TEXT_COLOUR) < MIN_CONTRAST) {
      throw invalid(String.format(Locale.ROOT, "theme.lightColour %s has a contrast of %.2f:1 with the text (%s); at least %.1f:1 is needed",
          light, contrast(light, TEXT_COLOUR), TEXT_COLOUR, MIN_CONTRAST));
    }
    if (logo != null) {
      checkLogo(logo);
    }
    return new Theme(logo, primary, light);
  }

  /** The WCAG contrast ratio of two {@code #rrggbb} colours, 1 to 21. */
  public static double contrast(String a, String b) {
    double la = luminance(a);
    double lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  private static double luminance(String hex) {
    double r = channel(Integer.parseInt(hex.substring(1, 3), 16));
    double g = channel(Integer.parseInt(hex.substring(3, 5), 16));
    double b = channel(Integer.parseInt(hex.substring(5, 7), 16));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  private static double channel(int v) {
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  private static String colour(String value, String field) {
    if (value == null) {
      return null;
    }
    String v = value.toLowerCase(Locale.ROOT);
    if (!COLOUR.matcher(v).matches()) {
      throw invalid("theme." + field + " is a colour written as #rrggbb (six hexadecimal digits)");
    }
    return v;
  }

  private static void checkLogo(String logo) {
    if (logo.length() > MAX_LOGO_CHARS) {
      throw invalid("theme.logo is at most " + MAX_LOGO_CHARS + " characters (an image of about 36 KB)");
    }
    var m = LOGO.matcher(logo);
    if (!m.matches()) {
      throw invalid("theme.logo is a data:image/png, image/jpeg or image/webp URL in base64");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(m.group(2));
    } catch (IllegalArgumentException e) {
      throw invalid("theme.logo is not valid base64");
    }
    boolean fits = switch (m.group(1)) {
      case "png" -> startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a);
      case "jpeg" -> startsWith(bytes, 0, 0xff, 0xd8, 0xff);
      default -> startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P');
    };
    if (!fits) {
      throw invalid("theme.logo is not a " + m.group(1) + " image");
    }
  }

  private static boolean startsWith(byte[] bytes, int offset, int... expected) {
    if (bytes.length < offset + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((bytes[offset + i] & 0xff) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw invalid("theme." + field + " is a string");
    }
    return v.asText().isEmpty() ? null : v.asText();
  }

  private static Rejected invalid(String message) {
    return new Rejected(ErrorCode.INVALID_VALUE, message);
  }
}
