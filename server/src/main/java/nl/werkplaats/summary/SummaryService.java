package nl.werkplaats.summary;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.room.RoomStatus;
import nl.werkplaats.store.Store;
import nl.werkplaats.store.Store.StoredSummary;

/**
 * Freezes the summary of an ended room, once per end (version = the room's end count), and serves the
 * stored versions. A stored version is never changed: freezing it again returns what was stored.
 */
public final class SummaryService {
  private final Store store;
  private final BiFunction<String, Integer, Optional<String>> templates;

  /**
   * @param templates finds a template's JSON by id and version (built-in ones from the class path,
   *     uploaded ones from the store); used by {@link #ensureFrozen(RoomState)}
   */
  public SummaryService(Store store, BiFunction<String, Integer, Optional<String>> templates) {
    this.store = store;
    this.templates = templates;
  }

  /** Templates from the store only. */
  public SummaryService(Store store) {
    this(store, store::loadTemplate);
  }

  /**
   * Freezes version {@code state.endCount} of the room's summary, or returns it when it was frozen before
   * (never overwriting it). The room must have ended at least once.
   */
  public StoredSummary freeze(RoomState state, String templateJson) {
    if (state.endCount < 1) {
      throw new IllegalStateException("room " + state.roomId + " has not ended: there is no summary to freeze");
    }
    Optional<StoredSummary> existing = store.loadSummary(state.roomId, state.endCount);
    if (existing.isPresent()) {
      return existing.get();
    }
    JsonNode template = templateJson == null ? null : Canonical.parse(templateJson.getBytes(StandardCharsets.UTF_8));
    Summary summary = Summary.of(state, template);
    JsonNode eval = summary.root().path("evaluation");
    return store.saveSummary(new StoredSummary(state.roomId, state.endCount, summary.sha256(), summary.canonical(),
        state.endedAt, state.templateId, state.templateVersion, summary.language(),
        eval.path("average").isNull() ? null : eval.path("average").asText(), eval.path("count").asInt()));
  }

  /**
   * For an ended room whose current end has no summary yet: freezes it. Answers the summary of the
   * current end, or empty when the room is not ended.
   */
  public Optional<StoredSummary> ensureFrozen(RoomState state) {
    if (state.status != RoomStatus.ENDED || state.endCount < 1) {
      return Optional.empty();
    }
    Optional<StoredSummary> existing = store.loadSummary(state.roomId, state.endCount);
    if (existing.isPresent()) {
      return existing;
    }
    String template = templates.apply(state.templateId, state.templateVersion).orElse(null);
    return Optional.of(freeze(state, template));
  }

  /** Loads the room from the store and {@link #ensureFrozen(RoomState) ensures} its summary. */
  public Optional<StoredSummary> ensureFrozen(String roomId) {
    return store.loadRoom(roomId).flatMap(r -> ensureFrozen(r.state()));
  }

  public List<Store.SummaryInfo> list(String roomId) {
    return store.listSummaries(roomId);
  }

  public Optional<Summary> load(String roomId, int version) {
    return store.loadSummary(roomId, version).map(s -> Summary.fromCanonical(s.canonical()));
  }

  /** A stored version in one format. */
  public Optional<byte[]> render(String roomId, int version, Format format) {
    return load(roomId, version).map(format::render);
  }

  /** What {@link #verify} found. {@code reason} says why a summary is not valid. */
  public record Verification(boolean valid, String sha256, String roomId, Integer version, String reason) {}

  /**
   * Checks a downloaded JSON summary: its SHA-256 (over its canonical form, so re-indenting the file does
   * not matter, but any changed character does) must equal the one stored for its room and version.
   */
  public Verification verify(byte[] json) {
    JsonNode root;
    byte[] canonical;
    try {
      root = Canonical.parse(json);
      canonical = Canonical.bytes(root);
    } catch (IllegalArgumentException e) {
      return new Verification(false, Canonical.sha256(json), null, null, "not a summary: " + e.getMessage());
    }
    String sha = Canonical.sha256(canonical);
    String roomId = root.path("room").path("id").isTextual() ? root.path("room").path("id").asText() : null;
    Integer version = root.path("version").canConvertToInt() && root.path("version").isIntegralNumber()
        ? root.path("version").asInt() : null;
    if (roomId == null || version == null) {
      return new Verification(false, sha, roomId, version, "not a summary: room.id or version is missing");
    }
    Optional<StoredSummary> stored = store.loadSummary(roomId, version);
    if (stored.isEmpty()) {
      return new Verification(false, sha, roomId, version, "no such summary is stored (deleted, or never frozen here)");
    }
    boolean same = MessageDigest.isEqual(sha.getBytes(StandardCharsets.US_ASCII),
        stored.get().sha256().getBytes(StandardCharsets.US_ASCII));
    return new Verification(same, sha, roomId, version, same ? null : "the content differs from the frozen summary");
  }
}
