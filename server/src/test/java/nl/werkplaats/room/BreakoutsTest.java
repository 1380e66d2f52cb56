package nl.werkplaats.room;

import static nl.werkplaats.room.TestRoom.ANNA;
import static nl.werkplaats.room.TestRoom.BRAM;
import static nl.werkplaats.room.TestRoom.CHECKLIST;
import static nl.werkplaats.room.TestRoom.CHRIS;
import static nl.werkplaats.room.TestRoom.FAC;
import static nl.werkplaats.room.TestRoom.GOUDA;
import static nl.werkplaats.room.TestRoom.INFO;
import static nl.werkplaats.room.TestRoom.OBS;
import static nl.werkplaats.room.TestRoom.OPEN_CARDS;
import static nl.werkplaats.room.TestRoom.PRIVATE_CARDS;
import static nl.werkplaats.room.TestRoom.UTRECHT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Breakout groups: a step split into groups, each working in its own space, back in plenary and merged")
class BreakoutsTest {
  static final String DAVE = "p-dave";
  static final String EVA = "p-eva";
  static final String FEMKE = "p-femke";
  static final String WATERSCHAP = "Waterschap Rijnland";

  /** The test room with six participants from three organisations (Gouda 3, Utrecht 2, Waterschap 1), at {@code step}. */
  private static TestRoom six(int step) {
    TestRoom r = TestRoom.lobby();
    r.ok(null, new Command.Join(DAVE, "Dave", UTRECHT, null, Role.PARTICIPANT, "tok-dave"));
    r.ok(null, new Command.Join(EVA, "Eva", GOUDA, null, Role.PARTICIPANT, "tok-eva"));
    r.ok(null, new Command.Join(FEMKE, "Femke", WATERSCHAP, null, Role.PARTICIPANT, "tok-femke"));
    r.ok(FAC, new Command.Start());
    r.ok(FAC, new Command.GoToStep(step));
    return r;
  }

  private static Command.StartBreakout mixed(int step, int groups) {
    return new Command.StartBreakout(step, "mixed", groups, null);
  }

  private static Breakout breakout(TestRoom r, int step) {
    return r.s.breakouts.get(step);
  }

  private static List<List<String>> members(TestRoom r, int step) {
    return breakout(r, step).groups.stream().map(g -> List.copyOf(g.members)).toList();
  }

  private static String text(StepContent c, String key) {
    return c.texts.getOrDefault(key, SharedText.EMPTY).text();
  }

  @Test
  @DisplayName("Per organisation: one group per organisation, named after it, with its people")
  void perOrganisation() {
    TestRoom r = TestRoom.at(CHECKLIST);
    r.ok(FAC, new Command.StartBreakout(CHECKLIST, "per-organisation", null, null));
    Breakout b = breakout(r, CHECKLIST);
    assertTrue(b.running);
    assertEquals(List.of(GOUDA, UTRECHT), b.groups.stream().map(g -> g.name).toList());
    assertEquals(List.of(List.of(ANNA, BRAM), List.of(CHRIS)), members(r, CHECKLIST));
  }

  @Test
  @DisplayName("Mixed: every organisation spread over the groups, sizes differ by one at most, the same on every replica")
  void mixedIsBalancedAndDeterministic() {
    TestRoom r = six(CHECKLIST);
    List<Event> once = Room.decide(r.s.copy(), FAC, mixed(CHECKLIST, 3), r.now);
    List<Event> again = Room.decide(r.s.copy(), FAC, mixed(CHECKLIST, 3), r.now);
    assertEquals(TestRoom.json(once), TestRoom.json(again));
    r.ok(FAC, mixed(CHECKLIST, 3));
    assertEquals(List.of(List.of(ANNA, CHRIS), List.of(BRAM, DAVE), List.of(EVA, FEMKE)), members(r, CHECKLIST));
    assertEquals(List.of("Groep 1", "Groep 2", "Groep 3"), breakout(r, CHECKLIST).groups.stream().map(g -> g.name).toList());
    for (BreakoutGroup g : breakout(r, CHECKLIST).groups) {
      long gouda = g.members.stream().filter(id -> r.participant(id).organisation().equalsIgnoreCase(GOUDA)).count();
      assertEquals(1, gouda, "Gouda's three people are in three groups");
    }
  }

  @Test
  @DisplayName("Manual: the facilitator's assignment; whoever it leaves out goes to the smallest group")
  void manual() {
    TestRoom r = TestRoom.at(CHECKLIST);
    r.ok(FAC, new Command.StartBreakout(CHECKLIST, "manual", 2, Map.of(ANNA, 2, CHRIS, 1)));
    assertEquals(List.of(List.of(CHRIS, BRAM), List.of(ANNA)), members(r, CHECKLIST));
  }

  @Test
  @DisplayName("Who joins while the groups work is put in the smallest group; per organisation in their organisation's (or a new) group")
  void lateJoiners() {
    TestRoom r = six(CHECKLIST);
    r.ok(FAC, mixed(CHECKLIST, 4));
    // Sizes 2, 2, 1 (Eva, Gouda), 1 (Chris, Utrecht): a newcomer of Gouda goes to Chris's group.
    List<Event> events = r.ok(null, new Command.Join("p-gijs", "Gijs", "Gemeente Gouda", null, Role.PARTICIPANT, "tok-gijs"));
    assertInstanceOf(Event.GroupMemberPlaced.class, events.get(1));
    int placed = ((Event.GroupMemberPlaced) events.get(1)).group();
    BreakoutGroup g = breakout(r, CHECKLIST).group(placed);
    assertEquals(2, g.members.size(), "a group of one got the newcomer");
    assertTrue(g.members.stream().noneMatch(id -> !id.equals("p-gijs") && r.participant(id).organisation().equalsIgnoreCase(GOUDA)),
        "of the smallest groups, one without anybody of Gouda");

    TestRoom p = TestRoom.at(CHECKLIST);
    p.ok(FAC, new Command.StartBreakout(CHECKLIST, "per-organisation", null, null));
    p.ok(null, new Command.Join("p-hans", "Hans", "provincie utrecht", null, Role.PARTICIPANT, "tok-hans"));
    p.ok(null, new Command.Join("p-ilse", "Ilse", WATERSCHAP, null, Role.PARTICIPANT, "tok-ilse"));
    assertEquals(List.of(List.of(ANNA, BRAM), List.of(CHRIS, "p-hans"), List.of("p-ilse")), members(p, CHECKLIST));
    assertEquals(WATERSCHAP, breakout(p, CHECKLIST).group(3).name);
    assertTrue(p.ok(null, new Command.Join("p-obs2", "Otto", "Rijk", null, Role.OBSERVER, "tok-o")).size() == 1,
        "observers are not put in groups");
  }

  @Test
  @DisplayName("Anonymous session: no group smaller than k, by split, move or a newcomer, so no group's work shows who wrote it")
  void anonymousGroupsKeepTheMinimumSize() {
    TestRoom r = six(CHECKLIST);
    r.s.anonymous = true;
    r.s.minimumGroupSize = 3;
    // Gouda 3, Utrecht 2, Waterschap 1: one group per organisation would show two people's and one person's work.
    assertEquals(ErrorCode.INVALID_GROUP_COUNT, r.refused(FAC, new Command.StartBreakout(CHECKLIST, "per-organisation", null, null)));
    assertEquals(ErrorCode.INVALID_GROUP_COUNT, r.refused(FAC, mixed(CHECKLIST, 3)));
    assertTrue(r.s.breakouts.isEmpty(), "a refused split changes nothing");

    r.ok(FAC, mixed(CHECKLIST, 2));
    assertEquals(List.of(3, 3), breakout(r, CHECKLIST).groups.stream().map(g -> g.members.size()).toList());
    String someone = breakout(r, CHECKLIST).group(1).members.get(0);
    assertEquals(ErrorCode.INVALID_GROUP_COUNT, r.refused(FAC, new Command.MoveToGroup(CHECKLIST, someone, 2)));
    assertEquals(3, breakout(r, CHECKLIST).group(1).members.size(), "a refused move changes nothing");

    TestRoom p = six(CHECKLIST);
    p.s.anonymous = true;
    p.s.minimumGroupSize = 2;
    p.ok(null, new Command.Join("p-gijs", "Gijs", WATERSCHAP, null, Role.PARTICIPANT, "tok-gijs"));
    p.ok(FAC, new Command.StartBreakout(CHECKLIST, "per-organisation", null, null));
    p.ok(null, new Command.Join("p-hans", "Hans", "Provincie Zeeland", null, Role.PARTICIPANT, "tok-hans"));
    assertEquals(3, breakout(p, CHECKLIST).groups.size(), "a newcomer of a new organisation gets no group of one");
    assertTrue(breakout(p, CHECKLIST).groups.stream().anyMatch(g -> g.members.contains("p-hans")));
  }

  @Test
  @DisplayName("The facilitator moves a person to another group; the same group again changes nothing")
  void move() {
    TestRoom r = TestRoom.at(CHECKLIST);
    r.ok(FAC, new Command.StartBreakout(CHECKLIST, "per-organisation", null, null));
    r.ok(FAC, new Command.MoveToGroup(CHECKLIST, BRAM, 2));
    assertEquals(List.of(List.of(ANNA), List.of(CHRIS, BRAM)), members(r, CHECKLIST));
    assertTrue(r.ok(FAC, new Command.MoveToGroup(CHECKLIST, BRAM, 2)).isEmpty());
    assertEquals(ErrorCode.NOT_FOUND, r.refused(FAC, new Command.MoveToGroup(CHECKLIST, BRAM, 7)));
    assertEquals(ErrorCode.NOT_FOUND, r.refused(FAC, new Command.MoveToGroup(CHECKLIST, "p-nobody", 1)));
    assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.MoveToGroup(CHECKLIST, BRAM, 1)));
  }

  @Test
  @DisplayName("Content goes to the sender's group's space: texts with their own revisions, the plenary untouched")
  void contentGoesToTheSendersGroup() {
    TestRoom r = TestRoom.at(CHECKLIST);
    r.ok(FAC, new Command.StartBreakout(CHECKLIST, "per-organisation", null, null));
    List<Event> events = r.ok(ANNA, Texts.typed(CHECKLIST, "joint", "Gouda denkt"));
    Event.InGroup in = assertInstanceOf(Event.InGroup.class, events.get(0));
    assertEquals(1, in.group());
    assertInstanceOf(Event.TextEdited.class, in.event());
    r.ok(CHRIS, Texts.typed(CHECKLIST, "joint", "Utrecht denkt"));
    Breakout b = breakout(r, CHECKLIST);
    assertEquals("Gouda denkt", text(b.group(1).content, "joint"));
    assertEquals("Utrecht denkt", text(b.group(2).content, "joint"));
    assertEquals(1, b.group(2).content.texts.get("joint").rev(), "each group's text counts its own revisions");
    assertEquals("", text(r.content(CHECKLIST), "joint"), "the plenary's text is untouched");
    // Bram types against revision 0 of his group's text: transformed against Anna's operation, not Chris's.
    r.ok(BRAM, new Command.EditText(CHECKLIST, "joint", 0, TextOp.insertAt(0, 0, "Wij: ", false), null));
    assertEquals("Gouda denktWij: ", text(b.group(1).content, "joint"), "sequenced after Anna's insertion at the same place");
    // Agreements made in a group stay in its space.
    r.ok(CHRIS, new Command.SaveAgreement(null, CHECKLIST, "Utrecht levert data", "Chris", null));
    assertTrue(r.s.agreements.isEmpty());
    assertEquals(1, b.group(2).agreements.size());
    // The facilitator writes in the plenary, or in a group by naming it.
    r.ok(FAC, Texts.typed(CHECKLIST, "joint", "Plenair"));
    assertEquals("Plenair", text(r.content(CHECKLIST), "joint"));
    r.ok(FAC, new Command.EditText(CHECKLIST, "joint", 1, TextOp.insertAt(13, 13, "!", false), null, 2));
    assertEquals("Utrecht denkt!", text(b.group(2).content, "joint"));
  }

  @Test
  @DisplayName("A participant's command for another group's space is refused with not_in_group; nothing changes")
  void otherGroupsSpaceIsRefused() {
    TestRoom r = TestRoom.at(CHECKLIST);
    r.ok(FAC, new Command.StartBreakout(CHECKLIST, "per-organisation", null, null));
    assertEquals(ErrorCode.NOT_IN_GROUP,
        r.refused(ANNA, new Command.EditText(CHECKLIST, "joint", 0, TextOp.insertAt(0, 0, "x", false), null, 2)));
    assertEquals(ErrorCode.NOT_IN_GROUP, r.refused(ANNA, new Command.SetStatus(CHECKLIST, ChecklistStatus.NOT_APPLICABLE, 2)));
    assertEquals(ErrorCode.NOT_FOUND,
        r.refused(ANNA, new Command.EditText(CHECKLIST, "joint", 0, TextOp.insertAt(0, 0, "x", false), null, 9)));
    assertEquals(ErrorCode.FORBIDDEN, r.refused(OBS, Texts.typed(CHECKLIST, "joint", "x")));
    // Somebody who became a participant without a group (none could be made for them) is told so.
    r.s.breakouts.get(CHECKLIST).group(2).members.remove(CHRIS);
    assertEquals(ErrorCode.NOT_IN_GROUP, r.refused(CHRIS, Texts.typed(CHECKLIST, "joint", "x")));
  }

  @Test
  @DisplayName("In a group, 'every organisation' is every organisation of the group: its assent agrees the group's answer")
  void consentWithinTheGroup() {
    TestRoom r = TestRoom.at(CHECKLIST);
    r.ok(FAC, new Command.StartBreakout(CHECKLIST, "per-organisation", null, null));
    r.ok(ANNA, Texts.typed(CHECKLIST, "joint", "Gouda"));
    r.ok(ANNA, new Command.AssentJointAnswer(CHECKLIST, 1));
    assertEquals(ChecklistStatus.AGREED, breakout(r, CHECKLIST).group(1).content.status);
    assertNull(r.content(CHECKLIST).status, "the plenary's question stays open");
  }

  @Test
  @DisplayName("The facilitator's message reaches every group; bounded, facilitators only, only while groups work")
  void broadcast() {
    TestRoom r = TestRoom.at(CHECKLIST);
    assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, new Command.BroadcastToGroups("Nog 5 minuten")));
    r.ok(FAC, new Command.StartBreakout(CHECKLIST, "per-organisation", null, null));
    Event.GroupsBroadcast e = assertInstanceOf(Event.GroupsBroadcast.class,
        r.ok(FAC, new Command.BroadcastToGroups("  Nog 5 minuten ")).get(0));
    assertEquals("Nog 5 minuten", e.text());
    assertEquals("Nog 5 minuten", breakout(r, CHECKLIST).broadcast.text());
    assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.BroadcastToGroups("hallo")));
    assertEquals(ErrorCode.TEXT_TOO_LONG, r.refused(FAC, new Command.BroadcastToGroups("x".repeat(Limits.BROADCAST + 1))));
    assertEquals(ErrorCode.INVALID_VALUE, r.refused(FAC, new Command.BroadcastToGroups("  ")));
  }

  @Test
  @DisplayName("Back in plenary: the groups' spaces stay (closed), writing goes to the plenary again")
  void endBreakout() {
    TestRoom r = TestRoom.at(CHECKLIST);
    r.ok(FAC, new Command.StartBreakout(CHECKLIST, "per-organisation", null, null));
    r.ok(ANNA, Texts.typed(CHECKLIST, "joint", "Gouda"));
    assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.EndBreakout()));
    r.ok(FAC, new Command.EndBreakout());
    Breakout b = breakout(r, CHECKLIST);
    assertFalse(b.running);
    assertEquals("Gouda", text(b.group(1).content, "joint"));
    r.ok(ANNA, Texts.typed(CHECKLIST, "joint", "Samen"));
    assertEquals("Samen", text(r.content(CHECKLIST), "joint"));
    assertEquals(ErrorCode.INVALID_TRANSITION,
        r.refused(ANNA, new Command.EditText(CHECKLIST, "joint", 1, TextOp.insertAt(5, 5, "!", false), null, 1)));
    assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, new Command.EndBreakout()));
    assertEquals(ErrorCode.INVALID_TRANSITION,
        r.refused(FAC, new Command.StartBreakout(CHECKLIST, "per-organisation", null, null)), "a step is split once");
  }

  @Test
  @DisplayName("Merging a group's texts adds them to the plenary's under the group's name; once per group")
  void mergeTexts() {
    TestRoom r = TestRoom.at(CHECKLIST);
    r.ok(FAC, new Command.StartBreakout(CHECKLIST, "per-organisation", null, null));
    r.ok(ANNA, Texts.typed(CHECKLIST, "joint", "Gouda"));
    r.ok(CHRIS, Texts.typed(CHECKLIST, "joint", "Utrecht"));
    assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, new Command.MergeGroupResult(CHECKLIST, 1, "all")));
    r.ok(FAC, new Command.EndBreakout());
    r.ok(FAC, new Command.MergeGroupResult(CHECKLIST, 2, "texts"));
    assertEquals("[Provincie Utrecht] Utrecht", text(r.content(CHECKLIST), "joint"));
    r.ok(FAC, new Command.MergeGroupResult(CHECKLIST, null, "all"));
    assertEquals("[Provincie Utrecht] Utrecht\n\n[Gemeente Gouda] Gouda", text(r.content(CHECKLIST), "joint"));
    assertEquals(List.of(2, 1), breakout(r, CHECKLIST).merges.stream().map(Breakout.Merge::group).toList());
    assertEquals(List.of("joint"), breakout(r, CHECKLIST).merges.get(0).texts());
    assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, new Command.MergeGroupResult(CHECKLIST, 2, "texts")));
    assertEquals(ErrorCode.NOT_FOUND, r.refused(FAC, new Command.MergeGroupResult(CHECKLIST, 5, "all")));
    assertEquals(ErrorCode.NOT_FOUND, r.refused(FAC, new Command.MergeGroupResult(INFO, 1, "all")));
    assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.MergeGroupResult(CHECKLIST, 1, "texts")));
  }

  @Test
  @DisplayName("Merged cards and agreements are new plenary items that remember their group")
  void mergeCardsAndAgreements() {
    TestRoom r = TestRoom.at(OPEN_CARDS);
    r.ok(FAC, new Command.StartBreakout(OPEN_CARDS, "per-organisation", null, null));
    r.ok(ANNA, new Command.AddCard(OPEN_CARDS, 0, "Koffie"));
    r.ok(CHRIS, new Command.AddCard(OPEN_CARDS, 0, "Thee"));
    r.ok(CHRIS, new Command.SaveAgreement(null, OPEN_CARDS, "Elke week bellen", "Chris", "2026-12-31"));
    assertTrue(r.content(OPEN_CARDS).cards.isEmpty());
    r.ok(FAC, new Command.EndBreakout());
    r.ok(FAC, new Command.MergeGroupResult(OPEN_CARDS, 2, "all"));
    Breakout b = breakout(r, OPEN_CARDS);
    Card thee = r.content(OPEN_CARDS).cards.values().iterator().next();
    assertEquals("Thee", thee.text());
    assertEquals(CHRIS, thee.authorId());
    assertEquals(2, b.mergedFrom(thee.id()));
    Agreement a = r.s.agreements.values().iterator().next();
    assertEquals("Elke week bellen", a.what());
    assertEquals(2, b.mergedFrom(a.id()));
    assertEquals(1, r.content(OPEN_CARDS).cards.size(), "group 1's card is not merged");
  }

  @Test
  @DisplayName("Bad splits are refused with their own error and change nothing")
  void badSplits() {
    TestRoom r = TestRoom.at(CHECKLIST);
    assertEquals(ErrorCode.INVALID_GROUP_COUNT, r.refused(FAC, mixed(CHECKLIST, 0)));
    assertEquals(ErrorCode.INVALID_GROUP_COUNT, r.refused(FAC, mixed(CHECKLIST, -2)));
    assertEquals(ErrorCode.INVALID_GROUP_COUNT, r.refused(FAC, mixed(CHECKLIST, 4)), "three participants");
    assertEquals(ErrorCode.INVALID_GROUP_COUNT, r.refused(FAC, new Command.StartBreakout(CHECKLIST, "mixed", null, null)));
    assertEquals(ErrorCode.NOT_FOUND, r.refused(FAC, new Command.StartBreakout(CHECKLIST, "manual", 2, Map.of("p-ghost", 1))));
    assertEquals(ErrorCode.INVALID_VALUE, r.refused(FAC, new Command.StartBreakout(CHECKLIST, "manual", 2, Map.of(OBS, 1))));
    assertEquals(ErrorCode.INVALID_GROUP_COUNT, r.refused(FAC, new Command.StartBreakout(CHECKLIST, "manual", 2, Map.of(ANNA, 3))));
    assertEquals(ErrorCode.INVALID_VALUE, r.refused(FAC, new Command.StartBreakout(CHECKLIST, "by-height", 2, null)));
    java.util.Map<String, Integer> missing = new java.util.HashMap<>();
    missing.put(ANNA, null);
    assertEquals(ErrorCode.INVALID_VALUE, r.refused(FAC, new Command.StartBreakout(CHECKLIST, "manual", 2, missing)));
    assertEquals(ErrorCode.INVALID_VALUE, r.refused(FAC, new Command.StartBreakout(CHECKLIST, "manual", 2, Map.of())));
    assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, mixed(OPEN_CARDS, 2)), "not the current step");
    assertEquals(ErrorCode.NOT_FOUND, r.refused(FAC, mixed(99, 2)));
    assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, mixed(CHECKLIST, 2)));
    assertEquals(ErrorCode.FORBIDDEN, r.refused(OBS, mixed(CHECKLIST, 2)));
    TestRoom info = TestRoom.at(INFO);
    assertEquals(ErrorCode.WRONG_STEP_TYPE, info.refused(FAC, mixed(INFO, 2)));
    TestRoom lobby = TestRoom.lobby();
    assertEquals(ErrorCode.NOT_STARTED, lobby.refused(FAC, mixed(0, 2)));
    r.ok(FAC, mixed(CHECKLIST, 2));
    r.ok(FAC, new Command.GoToStep(OPEN_CARDS));
    assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, mixed(OPEN_CARDS, 2)), "a breakout runs already");
  }

  @Test
  @DisplayName("Private cards in a group are hidden from others until the reveal, which shows every group's")
  void privateCardsInGroups() {
    TestRoom r = TestRoom.at(PRIVATE_CARDS);
    r.ok(FAC, new Command.StartBreakout(PRIVATE_CARDS, "per-organisation", null, null));
    List<Event> events = r.ok(ANNA, new Command.AddCard(PRIVATE_CARDS, 0, "Geheim"));
    assertEquals(ANNA, events.get(0).audience());
    Event.InGroup seen = (Event.InGroup) Room.redactFor(events.get(0), BRAM);
    assertEquals("", ((Event.CardSaved) seen.event()).card().text());
    var view = r.viewOf(BRAM).path("breakouts").path(String.valueOf(PRIVATE_CARDS)).path("groups").get(0);
    assertEquals("", view.path("content").path("cards").elements().next().path("text").asText());
    assertTrue(r.viewOf(BRAM).path("breakouts").path(String.valueOf(PRIVATE_CARDS)).path("groups").get(0).path("textLog").isMissingNode());
    List<Event> reveal = r.ok(FAC, new Command.Reveal(PRIVATE_CARDS));
    assertTrue(reveal.stream().anyMatch(e -> e instanceof Event.InGroup g && g.audience() == null));
    assertEquals("Geheim", r.viewOf(BRAM).path("breakouts").path(String.valueOf(PRIVATE_CARDS)).path("groups").get(0)
        .path("content").path("cards").elements().next().path("text").asText());
  }

  @Test
  @DisplayName("A copy of a room with groups can be changed without changing the original; the state and events survive JSON")
  void copyAndJson() throws Exception {
    TestRoom r = TestRoom.at(CHECKLIST);
    r.ok(FAC, new Command.StartBreakout(CHECKLIST, "per-organisation", null, null));
    List<Event> typed = r.ok(ANNA, Texts.typed(CHECKLIST, "joint", "Gouda"));
    String before = TestRoom.json(r.s);
    RoomState copy = r.s.copy();
    Room.evolve(copy, Room.decide(copy, ANNA, new Command.EditText(CHECKLIST, "joint", 1, TextOp.insertAt(5, 5, "!", false), null), r.now).get(0));
    Room.evolve(copy, new Event.GroupMemberPlaced(CHECKLIST, 2, UTRECHT, BRAM));
    Room.evolve(copy, new Event.BreakoutEnded(CHECKLIST, r.now));
    assertEquals(before, TestRoom.json(r.s), "changing the copy changed the original");
    RoomState back = DomainJson.MAPPER.readValue(TestRoom.json(r.s), RoomState.class);
    assertEquals(before, TestRoom.json(back));
    Event read = DomainJson.MAPPER.readValue(TestRoom.json(typed.get(0)), Event.class);
    assertEquals(typed.get(0), read);
    assertFalse(TestRoom.json(TestRoom.at(CHECKLIST).s).contains("breakouts"), "a room without groups has no breakouts field");
  }
}
