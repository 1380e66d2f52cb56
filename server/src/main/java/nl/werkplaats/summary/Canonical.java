package nl.werkplaats.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The canonical form of a summary: UTF-8 JSON, object keys sorted (by UTF-16 code units, as RFC 8785), no
 * whitespace between tokens, strings escaped minimally (quote, backslash and control characters only), and
 * only integers, strings, booleans and null as values (averages are fixed-decimal strings). The SHA-256 of
 * these bytes, in lowercase hex, is the summary's identity.
 */
public final class Canonical {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private Canonical() {}

  public static byte[] bytes(JsonNode node) {
    StringBuilder sb = new StringBuilder(4096);
    write(sb, node);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes the canonical form by hand rather than through a JSON library, so that the bytes (and so the
   * hashes of summaries frozen years ago) cannot change with a library upgrade.
   */
  private static void write(StringBuilder sb, JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      Iterator<String> it = node.fieldNames();
      it.forEachRemaining(names::add);
      names.sort(null); // String.compareTo: UTF-16 code units, as RFC 8785
      sb.append('{');
      for (int i = 0; i < names.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        string(sb, names.get(i));
        sb.append(':');
        write(sb, node.get(names.get(i)));
      }
      sb.append('}');
    } else if (node.isArray()) {
      sb.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(sb, node.get(i));
      }
      sb.append(']');
    } else if (node.isTextual()) {
      string(sb, node.textValue());
    } else if (node.isIntegralNumber()) {
      sb.append(node.bigIntegerValue().toString());
    } else if (node.isBoolean()) {
      sb.append(node.booleanValue());
    } else if (node.isNull()) {
      sb.append("null");
    } else {
      throw new IllegalArgumentException("the canonical form has only objects, arrays, strings, integers, booleans "
          + "and null, not " + node.getNodeType() + ": " + node);
    }
  }

  /** A JSON string: quote, backslash and control characters escaped, everything else as is (UTF-8). */
  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            sb.append('\uFFFD'); // a lone surrogate cannot be UTF-8: replaced, always the same way
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Reads JSON bytes (any formatting) back into a tree; throws IllegalArgumentException when they are no JSON. */
  public static JsonNode parse(byte[] json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException("empty document");
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

}
