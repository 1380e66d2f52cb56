package nl.werkplaats.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A session's house style as the organiser sends it when making a room: only what is safe and readable. */
class ThemeTest {

  private static final String PNG = "data:image/png;base64,"
      + Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13});

  private static JsonNode json(String s) throws Exception {
    return DomainJson.MAPPER.readTree(s);
  }

  private static String refused(String theme) {
    return assertThrows(Rejected.class, () -> Theme.fromJson(json(theme))).getMessage();
  }

  @Test
  @DisplayName("a logo and two readable colours are kept, the colours in lower case; no theme is null")
  void valid() throws Exception {
    Theme t = Theme.fromJson(json("{\"logo\":\"" + PNG + "\",\"primaryColour\":\"#00557F\",\"lightColour\":\"#e5f1f8\"}"));
    assertEquals(new Theme(PNG, "#00557f", "#e5f1f8"), t);
    assertNull(Theme.fromJson(null));
    assertNull(Theme.fromJson(json("null")));
    assertNull(Theme.fromJson(json("{\"logo\":\"\",\"primaryColour\":null}")));
    assertEquals(new Theme(null, "#154273", null), Theme.fromJson(json("{\"primaryColour\":\"#154273\"}")));
  }

  @Test
  @DisplayName("colours are #rrggbb and nothing else: no CSS, no names, no short forms")
  void coloursAreStrict() {
    assertTrue(refused("{\"primaryColour\":\"red\"}").contains("#rrggbb"));
    assertTrue(refused("{\"primaryColour\":\"#123\"}").contains("#rrggbb"));
    assertTrue(refused("{\"primaryColour\":\"#00557f; background: url(x)\"}").contains("#rrggbb"));
    assertTrue(refused("{\"lightColour\":\"#e5f1f8}body{\"}").contains("#rrggbb"));
    assertTrue(refused("{\"primaryColour\":12}").contains("string"));
    assertTrue(refused("{\"css\":\"body{}\"}").contains("no field css"));
    assertTrue(refused("[\"#00557f\"]").contains("object"));
  }

  @Test
  @DisplayName("colours that would make text unreadable are refused with the contrast they have")
  void contrast() {
    assertEquals(21.0, Theme.contrast("#000000", "#ffffff"), 1e-9);
    String light = refused("{\"primaryColour\":\"#ffdd00\"}");
    assertTrue(light.contains("contrast of 1.") && light.contains("4.5:1"), light);
    assertTrue(refused("{\"lightColour\":\"#333333\"}").contains("with the text"));
  }

  @Test
  @DisplayName("the logo is a small PNG, JPEG or WebP data URL whose bytes are that image: no SVG, no links, no script")
  void logo() {
    assertTrue(refused("{\"logo\":\"https://example.org/logo.png\"}").contains("data:image"));
    assertTrue(refused("{\"logo\":\"data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=\"}").contains("data:image"));
    assertTrue(refused("{\"logo\":\"javascript:alert(1)\"}").contains("data:image"));
    String html = Base64.getEncoder().encodeToString("<script>alert(1)</script>".getBytes());
    assertTrue(refused("{\"logo\":\"data:image/png;base64," + html + "\"}").contains("not a png image"));
    String big = "data:image/png;base64," + "A".repeat(Theme.MAX_LOGO_CHARS);
    assertTrue(refused("{\"logo\":\"" + big + "\"}").contains("at most"));
  }
}
