package nl.werkplaats.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import nl.werkplaats.cluster.RoomRecord;
import nl.werkplaats.testsupport.Sessions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link RoomState#copy()} and {@link RoomRecord#copyForUpdate()}: the cluster applies every command to such
 * a copy (the room map keeps objects), so changing the copy must never change the original.
 */
class RoomStateCopyTest {

  @Test
  @DisplayName("every field of RoomState and StepContent is known to copy(): adding one fails here until copy() has it")
  void everyFieldIsCopied() {
    assertEquals(List.of("roomId", "title", "templateId", "templateVersion", "language", "anonymous", "minimumGroupSize", "joinCode",
        "createdAt", "status", "currentStep", "history", "seq", "startedAt", "endedAt", "pausedAt", "endCount",
        "participants", "ownerId", "agenda", "runtime", "content", "agreements", "theme", "projectId", "partners", "backlog", "selfGuided", "preWork", "credentials", "banned", "textLog", "facilitatorTokenHash",
        "organiserTokenHash", "projectorTokenHash", "breakouts"), fields(RoomState.class));
    assertEquals(List.of("texts", "status", "statusBy", "assents", "cards", "groups", "votes", "ratings", "roleAssignments", "evaluations"),
        fields(StepContent.class));
    assertEquals(List.of("state", "log", "applied", "lastBatch", "lastCommandKey", "lastCommandSeq", "snapshotSeq", "chain", "epoch", "claimedBy"),
        fields(RoomRecord.class));
  }

  @Test
  @DisplayName("both built-in sessions, each command applied to a copy: the original never changes, the copy equals it before")
  void changingTheCopyLeavesTheOriginal() throws Exception {
    for (String template : List.of("checklist", "team")) {
      List<RoomRecord> seen = new ArrayList<>();
      Consumer<RoomRecord> check = record -> {
        // Before each change is kept, apply the same kinds of change to a copy of the record as it is.
        RoomRecord copy = record.copyForUpdate();
        String before = json(record);
        assertEquals(before, json(copy), "a copy equals its original");
        touchEverything(copy.state);
        copy.remember("someone:cmd-x", List.of());
        assertEquals(before, json(record), "changing the copy changed the original (" + template + ")");
        seen.add(record);
      };
      Sessions.Driver d = template.equals("checklist") ? Sessions.checklist("copy-" + template, check)
          : Sessions.teamStart("copy-" + template, check);
      assertNotEquals(0, seen.size());
      assertEquals(json(d.record), json(d.record.copyForUpdate()));
    }
  }

  @Test
  @DisplayName("a copy shares the applied commands instead of copying them; a change that is never kept leaves no trace there, a kept one is known to the next copies")
  void appliedCommandsAreSharedNotCopied() throws Exception {
    Sessions.Driver d = Sessions.checklist("copy-applied", record -> { });
    RoomRecord record = d.record;
    java.util.Map<String, Long> before = record.appliedCommands();
    RoomRecord refused = record.copyForUpdate();
    Field applied = RoomRecord.class.getDeclaredField("applied");
    applied.setAccessible(true);
    assertSame(applied.get(record), applied.get(refused), "a command must not copy the whole map");
    refused.state.seq++;
    refused.remember("someone:refused", List.of());
    assertEquals(refused.state.seq, refused.appliedSeq("someone:refused"));
    // The store refused it: the copy is dropped, and the room as kept never saw the command.
    assertEquals(before, record.appliedCommands());
    assertNull(record.appliedSeq("someone:refused"));
    assertNull(record.copyForUpdate().appliedSeq("someone:refused"));
    RoomRecord kept = record.copyForUpdate();
    kept.state.seq++;
    kept.remember("someone:kept", List.of());
    RoomRecord later = kept.copyForUpdate();
    later.state.seq++;
    later.remember("someone:later", List.of());
    assertEquals(kept.state.seq, later.appliedSeq("someone:kept"));
    assertEquals(later.state.seq, later.appliedSeq("someone:later"));
    assertEquals(List.copyOf(before.keySet()), later.appliedCommands().keySet().stream().limit(before.size()).toList(),
        "oldest first");
  }

  /** Events of every kind that evolve applies, on whatever the room holds. */
  private static void touchEverything(RoomState s) {
    long now = s.createdAt + 1;
    List<Event> events = new ArrayList<>();
    String someone = s.participants.isEmpty() ? "x" : s.participants.keySet().iterator().next();
    events.add(new Event.ParticipantJoined(new Participant("p-new", "Nieuw", "Gemeente Gouda", "", Role.PARTICIPANT,
        now, false), false, "hash"));
    events.add(new Event.ParticipantRoleChanged(someone, Role.CO_FACILITATOR));
    events.add(new Event.ParticipantRemoved(someone));
    events.add(new Event.FlowChanged(RoomStatus.PAUSED, 0, List.of(1, 2), now, now, now, 7, now));
    events.add(new Event.ProjectorLinkRenewed(now, "another-projector-hash"));
    for (int step = 0; step < s.agenda.size(); step++) {
      events.add(new Event.StepRuntimeChanged(step, StepRuntime.unopened()));
      events.add(new Event.TextChanged(step, "joint", new SharedText("veranderd", 99, someone, now)));
      events.add(new Event.TextEdited(step, "joint", 100, TextOp.insertAt(9, 9, "!", true), someone, "op-1", now));
      events.add(new Event.StatusChanged(step, ChecklistStatus.NOT_APPLICABLE));
      events.add(new Event.CardSaved(step, new Card("c-new", someone, 0, "kaart", null, false, false, now), null));
      for (String card : new ArrayList<>(s.content.get(step).cards.keySet())) {
        events.add(new Event.CardRemoved(step, card));
      }
      events.add(new Event.GroupSaved(step, new CardGroup("g-new", "groep")));
      events.add(new Event.VotesChanged(step, someone, java.util.Map.of("c-new", 2)));
      for (String voter : new ArrayList<>(s.content.get(step).votes.keySet())) {
        events.add(new Event.VotesChanged(step, voter, java.util.Map.of()));
      }
      events.add(new Event.RatingsChanged(step, someone, java.util.Map.of("x", 3)));
      for (String rater : new ArrayList<>(s.content.get(step).ratings.keySet())) {
        events.add(new Event.RatingsChanged(step, rater, java.util.Map.of()));
      }
      events.add(new Event.RoleAssignmentChanged(step, "role-x", List.of(someone)));
      for (String role : new ArrayList<>(s.content.get(step).roleAssignments.keySet())) {
        events.add(new Event.RoleAssignmentChanged(step, role, List.of()));
      }
      events.add(new Event.EvaluationSaved(step, new Evaluation(someone, 1, "tip", false), null));
    }
    events.add(new Event.AgreementSaved(new Agreement("a-new", 0, "wat", "wie", null, someone, now, now)));
    for (String a : new ArrayList<>(s.agreements.keySet())) {
      events.add(new Event.AgreementRemoved(a));
    }
    for (Event e : events) {
      Room.evolve(s, e);
    }
    s.agenda.clear();
  }

  /** The JSON of a record or state; the credentials (a hash map: no order) sorted by participant id. */
  private static String json(Object value) {
    var tree = DomainJson.MAPPER.valueToTree(value);
    var state = (com.fasterxml.jackson.databind.node.ObjectNode) (tree.has("state") ? tree.get("state") : tree);
    var sorted = new java.util.TreeMap<String, Object>(DomainJson.MAPPER.convertValue(state.get("credentials"),
        java.util.Map.class));
    state.set("credentials", DomainJson.MAPPER.valueToTree(sorted));
    return tree.toString();
  }

  private static List<String> fields(Class<?> type) {
    return Arrays.stream(type.getDeclaredFields())
        .filter(f -> !Modifier.isStatic(f.getModifiers()))
        .map(Field::getName)
        .toList();
  }
}
