package nl.werkplaats.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import nl.werkplaats.room.RoomState;

/**
 * A frozen summary: its canonical JSON bytes, their SHA-256 (hex) and the parsed tree the renderers read.
 * Every rendering of a version is made from these bytes, so all formats show the same content.
 */
public record Summary(byte[] canonical, String sha256, JsonNode root) {

  /** The summary of an ended room, built with its template's texts (template may be null: ids are shown). */
  public static Summary of(RoomState state, JsonNode template) {
    ObjectNode tree = SummaryBuilder.build(state, template);
    return fromCanonical(Canonical.bytes(tree));
  }

  /** The summary as stored: canonical bytes in, hash computed over them. */
  public static Summary fromCanonical(byte[] canonical) {
    return new Summary(canonical, Canonical.sha256(canonical), Canonical.parse(canonical));
  }

  public String roomId() {
    return root.path("room").path("id").asText();
  }

  public int version() {
    return root.path("version").asInt();
  }

  public String language() {
    return root.path("language").asText("nl");
  }

  public String layout() {
    return root.path("layout").asText("generic");
  }
}
