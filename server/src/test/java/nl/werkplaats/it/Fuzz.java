package nl.werkplaats.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded malformed and mutated client messages for the WebSocket surface (valid templates, then broken). */
final class Fuzz {
  final Random random;
  private final String roomId;
  private final String facilitatorToken;
  private final List<String> templates;
  private static final String[] VALUES = {
    "1e400", "-1e400", "1e308", "-0.0", "1.5", "-1", "0", "2147483648", "9223372036854775808",
    "123456789012345678901234567890123456789", "\"\"", "\"" + "x".repeat(300) + "\"", "\"" + "€".repeat(120) + "\"",
    "null", "true", "[]", "{}", "[1,[2,[3]]]", "\"\\u0000\\u001b[31m\"", "\"1e400\"", "NaN", "Infinity",
    "\"p-1\"", "\"done\"", "{\"$ref\":\"#\"}", "\"\\ud800\"", "01", "1.", ".5", "\"a\\\"b\"",
  };

  Fuzz(long seed, String roomId, String facilitatorToken) {
    this.random = new Random(seed);
    this.roomId = roomId;
    this.facilitatorToken = facilitatorToken;
    String r = "\"" + roomId + "\"";
    this.templates = List.of(
        "{\"type\":\"ping\",\"t\":1}",
        "{\"type\":\"hello\",\"protocol\":1,\"roomId\":" + r + ",\"auth\":{\"kind\":\"join\",\"name\":\"F\",\"organisation\":\"O\"}}",
        "{\"type\":\"hello\",\"protocol\":1,\"roomId\":" + r + ",\"lastSeq\":0,\"auth\":{\"kind\":\"resume\",\"participantId\":\"p-1\",\"token\":\"t\"}}",
        "{\"type\":\"hello\",\"protocol\":1,\"roomId\":" + r + ",\"auth\":{\"kind\":\"facilitator\",\"token\":\"" + facilitatorToken + "\"}}",
        "{\"type\":\"hello\",\"protocol\":1,\"roomId\":" + r + ",\"auth\":{\"kind\":\"projector\",\"token\":\"t\"}}",
        "{\"type\":\"new-projector-link\",\"commandId\":\"c14\"}",
        "{\"type\":\"resync\",\"fromSeq\":0}",
        "{\"type\":\"typing\",\"step\":3,\"key\":\"joint\",\"caret\":5}",
        "{\"type\":\"set-status\",\"commandId\":\"c1\",\"step\":6,\"status\":\"done\"}",
        "{\"type\":\"vote\",\"commandId\":\"c2\",\"step\":6,\"cardId\":\"c-1\",\"delta\":1}",
        "{\"type\":\"set-role\",\"commandId\":\"c3\",\"participantId\":\"p-1\",\"role\":\"observer\"}",
        "{\"type\":\"add-card\",\"commandId\":\"c4\",\"step\":2,\"text\":\"hello\"}",
        "{\"type\":\"start\",\"commandId\":\"c5\"}",
        "{\"type\":\"next\",\"commandId\":\"c6\",\"fromStep\":0}",
        "{\"type\":\"lock\",\"commandId\":\"c7\",\"step\":1}",
        "{\"type\":\"text-op\",\"commandId\":\"c8\",\"step\":3,\"key\":\"joint\",\"rev\":0,\"op\":[{\"i\":\"x\"}],\"opId\":\"o1\"}",
        "{\"type\":\"set-timer\",\"commandId\":\"c9\",\"seconds\":60}",
        "{\"type\":\"rate\",\"commandId\":\"c10\",\"step\":4,\"value\":3}",
        "{\"type\":\"save-agreement\",\"commandId\":\"c11\",\"what\":\"w\",\"who\":\"x\",\"when\":\"2026-12-01\"}",
        "{\"type\":\"go-to-step\",\"commandId\":\"c12\",\"step\":2}",
        "{\"type\":\"no-such-type\",\"commandId\":\"c13\"}");
  }

  String facilitatorHello() {
    return "{\"type\":\"hello\",\"protocol\":1,\"roomId\":\"" + roomId
        + "\",\"auth\":{\"kind\":\"facilitator\",\"token\":\"" + facilitatorToken + "\"}}";
  }

  String message() {
    String t = templates.get(random.nextInt(templates.size()));
    return switch (random.nextInt(12)) {
      case 0 -> t;
      case 1, 2, 3 -> replaceValue(t);
      case 4 -> removeField(t);
      case 5 -> t.substring(0, t.length() - 1) + ",\"extra\":" + value() + "}";
      case 6 -> t.substring(0, random.nextInt(t.length()));
      case 7 -> t + pick(" {\"type\":\"end\"}", "x", "]", " 1", "\u0000", ",");
      case 8 -> mutateChars(t);
      case 9 -> pick("[" + t + "]", "\"" + t.replace("\"", "\\\"") + "\"", "42", "null", "", " ", "[]");
      case 10 -> "{\"type\":\"ping\",\"t\":" + "[".repeat(1 + random.nextInt(1500)) + "1";
      default -> t.replaceFirst("\\{", "{\"type\":\"" + pick("ping", "end", "hello", "", "PING") + "\",");
    };
  }

  private String value() {
    return VALUES[random.nextInt(VALUES.length)];
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  /** Replaces the value after a random ":" (a field's value, crudely). */
  private String replaceValue(String t) {
    List<Integer> colons = new ArrayList<>();
    for (int i = 0; i < t.length(); i++) {
      if (t.charAt(i) == ':') {
        colons.add(i);
      }
    }
    int at = colons.get(random.nextInt(colons.size()));
    int end = at + 1;
    int depth = 0;
    boolean inString = false;
    for (; end < t.length(); end++) {
      char ch = t.charAt(end);
      if (inString) {
        if (ch == '\\') {
          end++;
        } else if (ch == '"') {
          inString = false;
        }
        continue;
      }
      if (ch == '"') {
        inString = true;
      } else if (ch == '{' || ch == '[') {
        depth++;
      } else if (ch == '}' || ch == ']') {
        if (depth == 0) {
          break;
        }
        depth--;
      } else if (ch == ',' && depth == 0) {
        break;
      }
    }
    return t.substring(0, at + 1) + value() + t.substring(end);
  }

  private String removeField(String t) {
    int comma = t.indexOf(',', random.nextInt(t.length()));
    if (comma < 0) {
      return t;
    }
    int next = t.indexOf(',', comma + 1);
    return next < 0 ? t.substring(0, comma) + "}" : t.substring(0, comma) + t.substring(next);
  }

  private String mutateChars(String t) {
    StringBuilder b = new StringBuilder(t);
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n && b.length() > 0; i++) {
      int at = random.nextInt(b.length());
      char ch = (char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000));
      if (Character.isSurrogate(ch)) {
        ch = '?';
      }
      switch (random.nextInt(3)) {
        case 0 -> b.setCharAt(at, ch);
        case 1 -> b.insert(at, ch);
        default -> b.deleteCharAt(at);
      }
    }
    return b.toString();
  }
}
