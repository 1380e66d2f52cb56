package nl.werkplaats.room;

import com.fasterxml.jackson.annotation.JsonView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole state of one live room. Changed only by {@link Room#evolve}; every event advances {@link #seq}.
 * Fields marked {@link Views.Internal} (credentials) never leave the server.
 */
public final class RoomState {
  public String roomId;
  public String title;
  public String templateId;
  public int templateVersion;
  public String language = "nl";
  public boolean anonymous;
  /**
   * In an anonymous session, the smallest group whose figures are shown apart (see {@link Anonymity}); smaller
   * groups are merged into "other organisations", or left out when that merge is still smaller.
   */
  public int minimumGroupSize = Anonymity.DEFAULT_MINIMUM_GROUP_SIZE;
  public String joinCode;
  public long createdAt;
  public RoomStatus status = RoomStatus.LOBBY;
  public int currentStep;
  /** Steps visited before the current one, most recent last: what "undo" goes back to. */
  public List<Integer> history = new ArrayList<>();
  public long seq;
  public long startedAt;
  public long endedAt;
  public long pausedAt;
  /** How often the session was ended; each end freezes a new summary version. */
  public int endCount;
  public Map<String, Participant> participants = new LinkedHashMap<>();
  /** The participant who holds the facilitator link. */
  public String ownerId;
  public List<StepSpec> agenda = new ArrayList<>();
  public List<StepRuntime> runtime = new ArrayList<>();
  public List<StepContent> content = new ArrayList<>();
  public Map<String, Agreement> agreements = new LinkedHashMap<>();
  /** The house style the organiser chose for this session (checked by {@link Theme#checked}), or null. */
  public Theme theme;
  /** The project this session belongs to, or null for a session on its own. */
  public String projectId;
  /** The project's partner organisations (canonical names); participants join as one of them. Empty: any. */
  public List<String> partners = new ArrayList<>();
  /** The project's backlog items a backlog review works through, by item id (seeded when the room is made). */
  public Map<String, BacklogEntry> backlog = new LinkedHashMap<>();
  /** How a session without a facilitator is run, or null for a session led by a facilitator. */
  public SelfGuided selfGuided;
  /** The steps open for answering before the session, from when, and who answered them; null: none. */
  public PreWork preWork;

  @JsonView(Views.Internal.class)
  public Map<String, String> credentials = new HashMap<>();

  /** Who was removed with a ban: {@link Room#personKey} of their name and organisation. Never sent out. */
  @JsonView(Views.Internal.class)
  public java.util.Set<String> banned = new java.util.TreeSet<>();

  /**
   * Per shared text ({@link #textLogKey}), its most recent operations, oldest first, at most
   * {@link Limits#TEXT_HISTORY}: the last one made the text's current revision. Lists are replaced, never changed.
   */
  @JsonView(Views.Internal.class)
  public Map<String, List<TextOp>> textLog = new java.util.TreeMap<>();

  @JsonView(Views.Internal.class)
  public String facilitatorTokenHash;

  @JsonView(Views.Internal.class)
  public String organiserTokenHash;

  /** The hash of the projector link's token (read-only), or null before the facilitator made one. */
  @JsonView(Views.Internal.class)
  public String projectorTokenHash;

  /** Per step that was split into groups (step index), its breakout; see {@link Breakouts}. */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
  public java.util.SortedMap<Integer, Breakout> breakouts = new java.util.TreeMap<>();

  /**
   * A copy that {@link Room#evolve} may change without changing this one: new containers holding the same
   * values, which are immutable (records, and maps or lists that evolve replaces as a whole). The cluster
   * applies a command to such a copy, so that the room it keeps changes only once the change is stored.
   * Every field is copied here: {@code RoomStateCopyTest} fails when a field is added without it.
   */
  public RoomState copy() {
    RoomState c = new RoomState();
    c.roomId = roomId;
    c.title = title;
    c.templateId = templateId;
    c.templateVersion = templateVersion;
    c.language = language;
    c.anonymous = anonymous;
    c.minimumGroupSize = minimumGroupSize;
    c.joinCode = joinCode;
    c.createdAt = createdAt;
    c.status = status;
    c.currentStep = currentStep;
    c.history = new ArrayList<>(history);
    c.seq = seq;
    c.startedAt = startedAt;
    c.endedAt = endedAt;
    c.pausedAt = pausedAt;
    c.endCount = endCount;
    c.participants = new LinkedHashMap<>(participants);
    c.ownerId = ownerId;
    c.agenda = new ArrayList<>(agenda);
    c.runtime = new ArrayList<>(runtime);
    c.content = new ArrayList<>(content.size());
    for (StepContent step : content) {
      c.content.add(step.copy());
    }
    c.agreements = new LinkedHashMap<>(agreements);
    c.theme = theme;
    c.projectId = projectId;
    c.partners = new ArrayList<>(partners);
    c.backlog = new LinkedHashMap<>(backlog);
    c.preWork = preWork;
    c.credentials = new HashMap<>(credentials);
    c.banned = new java.util.TreeSet<>(banned);
    c.textLog = new java.util.TreeMap<>(textLog);
    c.facilitatorTokenHash = facilitatorTokenHash;
    c.organiserTokenHash = organiserTokenHash;
    c.projectorTokenHash = projectorTokenHash;
    c.selfGuided = selfGuided;
    c.breakouts = new java.util.TreeMap<>();
    breakouts.forEach((step, b) -> c.breakouts.put(step, b.copy()));
    return c;
  }

  public static String textLogKey(int step, String key) {
    return step + "/" + key;
  }

  public Participant participant(String id) {
    return id == null ? null : participants.get(id);
  }

  public StepSpec step(int index) {
    return agenda.get(index);
  }

  /**
   * The organisations that answer in this room (see {@link Role#answersForOrganisation()}), in the spelling of
   * whoever joined first. The server's checks, the summary and the web client (roomState.ts) use this rule.
   */
  public List<String> organisations() {
    List<String> result = new ArrayList<>();
    for (Participant p : participants.values()) {
      if (!p.removed() && p.role().answersForOrganisation() && findOrganisation(result, p.organisation()) == null) {
        result.add(p.organisation());
      }
    }
    return result;
  }

  static String findOrganisation(List<String> known, String name) {
    for (String k : known) {
      if (k.equalsIgnoreCase(name.strip())) {
        return k;
      }
    }
    return null;
  }

  /** Same organisation spelling as an earlier participant's, if any. */
  public String canonicalOrganisation(String name) {
    for (Participant p : participants.values()) {
      if (p.organisation().equalsIgnoreCase(name.strip())) {
        return p.organisation();
      }
    }
    return name.strip();
  }
}
