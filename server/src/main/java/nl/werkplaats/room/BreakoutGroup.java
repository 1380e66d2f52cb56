package nl.werkplaats.room;

import com.fasterxml.jackson.annotation.JsonView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One group of a breakout: its number (from 1), its name, its members (participant ids, in the order they were
 * put in it; a member who left the room stays listed) and its own space of the step: the same kind of content
 * as the plenary's, and the agreements the group made there.
 */
public final class BreakoutGroup {
  public int no;
  public String name;
  public List<String> members = new ArrayList<>();
  public StepContent content = new StepContent();
  public Map<String, Agreement> agreements = new LinkedHashMap<>();
  /** The recent operations per shared text of this space, keyed as {@link RoomState#textLog}. */
  @JsonView(Views.Internal.class)
  public Map<String, List<TextOp>> textLog = new TreeMap<>();

  public BreakoutGroup() {}

  public BreakoutGroup(int no, String name, List<String> members) {
    this.no = no;
    this.name = name;
    this.members = new ArrayList<>(members);
  }

  public BreakoutGroup copy() {
    BreakoutGroup c = new BreakoutGroup(no, name, members);
    c.content = content.copy();
    c.agreements = new LinkedHashMap<>(agreements);
    c.textLog = new TreeMap<>(textLog);
    return c;
  }
}
