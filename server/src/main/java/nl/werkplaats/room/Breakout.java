package nl.werkplaats.room;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * A step split into groups: how it was split, its groups (each with its own space of the step), whether the
 * groups are still at work ({@link #running}) or back in plenary, the last message the facilitator sent to every
 * group, and which group results were merged into the plenary. A step is split at most once, so that what its
 * groups made is never replaced.
 */
public final class Breakout {
  /** How the groups were made: {@code per-organisation}, {@code mixed} or {@code manual}. */
  public String how;
  public boolean running;
  public long startedAt;
  public long endedAt;
  public List<BreakoutGroup> groups = new ArrayList<>();
  /** The facilitator's last message to every group, or null. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public Broadcast broadcast;
  /** Group results taken into the plenary, oldest first. */
  public List<Merge> merges = new ArrayList<>();

  /** Who a group was made with, as a split names it. */
  public record Members(int group, String name, List<String> members) {
    public Members {
      members = members == null ? List.of() : List.copyOf(members);
    }
  }

  /** A message to every group of a breakout. */
  public record Broadcast(String text, String by, long at) {}

  /**
   * One group's result taken into the plenary: {@code what} ({@code texts}, {@code cards}, {@code agreements}),
   * and the plenary items that came from it: text keys appended to, new card ids, new agreement ids.
   */
  public record Merge(int group, String what, List<String> texts, List<String> cards, List<String> agreements,
      String by, long at) {
    public Merge {
      texts = texts == null ? List.of() : List.copyOf(texts);
      cards = cards == null ? List.of() : List.copyOf(cards);
      agreements = agreements == null ? List.of() : List.copyOf(agreements);
    }
  }

  public BreakoutGroup group(int no) {
    for (BreakoutGroup g : groups) {
      if (g.no == no) {
        return g;
      }
    }
    return null;
  }

  /** The group {@code participantId} is a member of, or null. */
  public BreakoutGroup groupOf(String participantId) {
    for (BreakoutGroup g : groups) {
      if (g.members.contains(participantId)) {
        return g;
      }
    }
    return null;
  }

  /** The group a plenary card or agreement came from by a merge, or null. */
  public Integer mergedFrom(String itemId) {
    for (Merge m : merges) {
      if (m.cards().contains(itemId) || m.agreements().contains(itemId)) {
        return m.group();
      }
    }
    return null;
  }

  /** New containers with the same immutable values (see {@link RoomState#copy()}). */
  public Breakout copy() {
    Breakout c = new Breakout();
    c.how = how;
    c.running = running;
    c.startedAt = startedAt;
    c.endedAt = endedAt;
    c.groups = new ArrayList<>(groups.size());
    for (BreakoutGroup g : groups) {
      c.groups.add(g.copy());
    }
    c.broadcast = broadcast;
    c.merges = new ArrayList<>(merges);
    return c;
  }
}
