package nl.werkplaats;

import java.util.regex.Pattern;

/** Takes secrets out of text that goes to a log: passwords in JDBC or other URLs, bearer tokens. */
public final class Redact {
  private static final Pattern QUERY = Pattern.compile("(?i)((?:password|passwd|pwd|secret|token|key)=)[^&;\\s]*");
  private static final Pattern USER_INFO = Pattern.compile("(?i)(//[^/:@\\s]+:)[^@/\\s]*@");
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)\\S+");

  private Redact() {}

  public static String secrets(String text) {
    if (text == null) {
      return null;
    }
    String out = QUERY.matcher(text).replaceAll("$1***");
    out = USER_INFO.matcher(out).replaceAll("$1***@");
    return BEARER.matcher(out).replaceAll("$1***");
  }
}
