package nl.werkplaats.room;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Everything written in one step. Which parts are used depends on the step's type. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class StepContent {
  /** Shared texts: {@code joint}, {@code org:<organisation>} (checklist), {@code field:<id>} (canvas). */
  public Map<String, SharedText> texts = new TreeMap<>();
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public ChecklistStatus status;
  /**
   * Who set the status when a facilitator marked the question agreed without every organisation's assent (the
   * facilitator's override); null otherwise.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public String statusBy;
  /** Checklist: organisation -> its latest assent to the joint answer (see {@link JointConsent}). */
  public Map<String, Assent> assents = new TreeMap<>();
  public Map<String, Card> cards = new LinkedHashMap<>();
  public Map<String, CardGroup> groups = new LinkedHashMap<>();
  /** participant id -> card id -> number of dots. */
  public Map<String, Map<String, Integer>> votes = new TreeMap<>();
  /** participant id -> competence id -> 1..5. */
  public Map<String, Map<String, Integer>> ratings = new TreeMap<>();
  /** role id -> participant ids who take it. */
  public Map<String, List<String>> roleAssignments = new TreeMap<>();
  public Map<String, Evaluation> evaluations = new TreeMap<>();

  /** New containers with the same (immutable) values: see {@link RoomState#copy()}. */
  public StepContent copy() {
    StepContent c = new StepContent();
    c.texts = new TreeMap<>(texts);
    c.status = status;
    c.statusBy = statusBy;
    c.assents = new TreeMap<>(assents);
    c.cards = new LinkedHashMap<>(cards);
    c.groups = new LinkedHashMap<>(groups);
    c.votes = new TreeMap<>(votes);
    c.ratings = new TreeMap<>(ratings);
    c.roleAssignments = new TreeMap<>(roleAssignments);
    c.evaluations = new TreeMap<>(evaluations);
    return c;
  }
}
