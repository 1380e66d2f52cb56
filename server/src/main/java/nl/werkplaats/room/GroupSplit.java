package nl.werkplaats.room;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who goes in which breakout group: the three ways a step is split (per organisation, mixed, by hand) and the
 * place of somebody who joins while the groups work. Everything follows from the room state alone, so that
 * every replica makes the same groups (see {@link Breakouts}).
 */
final class GroupSplit {
  private GroupSplit() {}

  /**
   * Somebody who now takes part as a participant (joined, or became one) while groups are at work is put in
   * a group by the breakout's own rule: per organisation, their organisation's group (a new one for a new
   * organisation, while there is room for it, and not in an anonymous session); otherwise the smallest group, then the one with fewest of their
   * organisation, then the lowest number.
   */
  static List<Event> placeNewcomer(RoomState s, Participant p) {
    Map.Entry<Integer, Breakout> e = Breakouts.running(s);
    if (e == null || p.role() != Role.PARTICIPANT || e.getValue().groupOf(p.id()) != null) {
      return List.of();
    }
    Breakout b = e.getValue();
    if (b.how.equals(Breakouts.PER_ORGANISATION)) {
      for (BreakoutGroup g : b.groups) {
        if (g.name.equalsIgnoreCase(p.organisation().strip())) {
          return List.of(new Event.GroupMemberPlaced(e.getKey(), g.no, g.name, p.id()));
        }
      }
      // In an anonymous session a newcomer of a new organisation does not get a group of one (its work would
      // show who wrote it): the smallest group takes them.
      if (!s.anonymous && b.groups.size() < Limits.BREAKOUT_GROUPS) {
        int no = b.groups.stream().mapToInt(g -> g.no).max().orElse(0) + 1;
        return List.of(new Event.GroupMemberPlaced(e.getKey(), no, p.organisation(), p.id()));
      }
    }
    BreakoutGroup g = b.groups.stream()
        .min(Comparator.<BreakoutGroup>comparingInt(x -> activeMembers(s, x.members))
            .thenComparingInt(x -> sameOrganisation(s, x.members, p.organisation()))
            .thenComparingInt(x -> x.no))
        .orElseThrow();
    return List.of(new Event.GroupMemberPlaced(e.getKey(), g.no, g.name, p.id()));
  }

  static int activeMembers(RoomState s, List<String> members) {
    return (int) members.stream().map(s::participant).filter(x -> x != null && !x.removed()).count();
  }

  private static int sameOrganisation(RoomState s, List<String> members, String organisation) {
    return (int) members.stream().map(s::participant)
        .filter(x -> x != null && !x.removed() && x.organisation().equalsIgnoreCase(organisation.strip())).count();
  }

  /** Who is put in a group by the rules: the participants, in the order they joined. */
  static List<Participant> placeable(RoomState s) {
    return s.participants.values().stream().filter(p -> !p.removed() && p.role() == Role.PARTICIPANT).toList();
  }

  static List<String> organisationsOf(List<Participant> people) {
    List<String> orgs = new ArrayList<>();
    for (Participant p : people) {
      if (RoomState.findOrganisation(orgs, p.organisation()) == null) {
        orgs.add(p.organisation());
      }
    }
    return orgs;
  }

  /**
   * Mixed groups: the organisations, largest first (then in the order they joined), each person of them in
   * turn, dealt round the groups. Every organisation is spread over the groups as evenly as it can be, and the
   * group sizes differ by one at most.
   */
  static List<List<String>> mixed(List<Participant> people, int n) {
    List<String> orgs = organisationsOf(people);
    List<List<Participant>> byOrg = new ArrayList<>();
    for (String org : orgs) {
      byOrg.add(people.stream().filter(p -> p.organisation().equalsIgnoreCase(org)).toList());
    }
    byOrg.sort(Comparator.comparingInt(l -> -l.size())); // stable: equal sizes keep the order they joined in
    List<List<String>> groups = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      groups.add(new ArrayList<>());
    }
    int i = 0;
    for (List<Participant> org : byOrg) {
      for (Participant p : org) {
        groups.get(i++ % n).add(p.id());
      }
    }
    return groups;
  }

  static List<List<String>> manual(RoomState s, List<Participant> people, Command.StartBreakout c) {
    Map<String, Integer> assignment = c.assignment();
    if (assignment == null || assignment.isEmpty()) {
      throw new Rejected(ErrorCode.INVALID_VALUE, "a manual split names who goes in which group (assignment)");
    }
    List<String> named = new ArrayList<>();
    for (String id : new TreeMap<>(assignment).keySet()) {
      Participant p = s.participant(id);
      if (p == null || p.removed()) {
        throw new Rejected(ErrorCode.NOT_FOUND, "no participant " + id + " in this room");
      }
      if (p.role() != Role.PARTICIPANT && p.role() != Role.CO_FACILITATOR) {
        throw new Rejected(ErrorCode.INVALID_VALUE, "only participants and co-facilitators are put in groups");
      }
      if (assignment.get(id) == null) {
        throw new Rejected(ErrorCode.INVALID_VALUE, "a group number is missing for " + id);
      }
      named.add(id);
    }
    int most = assignment.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    int everyone = (int) people.stream().filter(p -> !named.contains(p.id())).count() + named.size();
    int n = groupCount(c.groups() != null ? c.groups() : most, everyone);
    List<List<String>> groups = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      groups.add(new ArrayList<>());
    }
    for (Participant p : s.participants.values()) {
      Integer no = assignment.get(p.id());
      if (no == null) {
        continue;
      }
      if (no < 1 || no > n) {
        throw new Rejected(ErrorCode.INVALID_GROUP_COUNT, "there is no group " + no + " of " + n);
      }
      groups.get(no - 1).add(p.id());
    }
    for (Participant p : people) {
      if (!named.contains(p.id())) {
        List<String> smallest = groups.stream().min(Comparator.comparingInt(List::size)).orElseThrow();
        smallest.add(p.id());
      }
    }
    return groups;
  }

  static int groupCount(Integer asked, int people) {
    if (asked == null || asked < 1) {
      throw new Rejected(ErrorCode.INVALID_GROUP_COUNT, "the number of groups must be at least 1");
    }
    if (asked > people) {
      throw new Rejected(ErrorCode.INVALID_GROUP_COUNT,
          "there are " + people + " participants to share out; " + asked + " groups is more than that");
    }
    if (asked > Limits.BREAKOUT_GROUPS) {
      throw new Rejected(ErrorCode.INVALID_GROUP_COUNT, "at most " + Limits.BREAKOUT_GROUPS + " groups");
    }
    return asked;
  }

  static String groupName(RoomState s, int no) {
    return ("en".equals(s.language) ? "Group " : "Groep ") + no;
  }
}
