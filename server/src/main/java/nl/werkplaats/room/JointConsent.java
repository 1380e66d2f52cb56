package nl.werkplaats.room;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the organisations stand on the joint answer of one checklist question. The joint answer is agreed
 * only when every organisation that answers in the room has assented to its current text (one assent per
 * organisation, by any of its people); an edit after an assent asks that organisation again.
 */
public final class JointConsent {
  /** One organisation's state. */
  public enum State { ASSENTED, WAITING, CHANGED_SINCE }

  private JointConsent() {}

  /** Per organisation of the room, in the room's order, its state for the joint text as it is now. */
  public static Map<String, State> of(RoomState s, int step) {
    StepContent c = s.content.get(step);
    int rev = c.texts.getOrDefault("joint", SharedText.EMPTY).rev();
    Map<String, State> out = new LinkedHashMap<>();
    for (String org : s.organisations()) {
      Assent a = c.assents.get(org);
      out.put(org, a == null ? State.WAITING : a.rev() == rev ? State.ASSENTED : State.CHANGED_SINCE);
    }
    return out;
  }

  /** True when there is a joint text and every organisation of the room has assented to it as it is now. */
  public static boolean complete(RoomState s, int step) {
    SharedText joint = s.content.get(step).texts.get("joint");
    if (joint == null || joint.text().isBlank()) {
      return false;
    }
    Map<String, State> states = of(s, step);
    return !states.isEmpty() && states.values().stream().allMatch(v -> v == State.ASSENTED);
  }
}
