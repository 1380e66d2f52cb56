package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.werkplaats.Werkplaats;
import nl.werkplaats.room.BreakoutGroup;
import nl.werkplaats.room.SharedText;
import nl.werkplaats.room.TextOp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Breakout groups on a two-member cluster with real WebSocket clients: three groups whose people sit on both
 * members write in their groups at once; every client ends with the same view of every group, nobody's words
 * land in another group, and the facilitator's message and merge reach everyone.
 */
@ExtendWith(VertxExtension.class)
class BreakoutGroupsTest {
  static final int STEP = 1; // the Checklist's first question
  static List<Werkplaats> nodes = new ArrayList<>();
  static Vertx clients;

  @BeforeAll
  static void startCluster(Vertx vertx) {
    clients = vertx;
    var db = TestStores.sharedDatabase("breakouts");
    nodes = new ArrayList<>(Nodes.cluster(2, i -> TestStores.member(db)));
  }

  @AfterAll
  static void stopCluster() {
    nodes.forEach(Nodes::stop);
    assertEquals(List.of(), TestClient.SCHEMA_VIOLATIONS, "every server message matches src/protocol");
  }

  /** The joint text of {@code group} as {@code c}'s replica has it: text and revision read together. */
  private static SharedText groupText(TestClient c, int group) {
    synchronized (c) {
      BreakoutGroup g = c.replica.breakouts.get(STEP).group(group);
      return g.content.texts.getOrDefault("joint", SharedText.EMPTY);
    }
  }

  private static int groupOf(TestClient c) {
    synchronized (c) {
      return c.replica.breakouts.get(STEP).groupOf(c.participantId).no;
    }
  }

  @Test
  @DisplayName("three groups over two members write at once: every client converges on every group, each group keeps its own words, the broadcast and the merge reach everyone")
  void groupsWriteAtOnceAndConverge() throws Exception {
    JsonNode created = Nodes.createRoom(nodes.get(0), "checklist-samen-data-delen", "Groepen");
    String roomId = created.path("roomId").asText();
    TestClient facilitator = TestClient.connect(clients, nodes.get(0).port(), Nodes.ORIGIN);
    facilitator.facilitate(roomId, created.path("facilitatorToken").asText(), "Fien", "Datawerkplaats");
    List<TestClient> people = new ArrayList<>();
    String[] orgs = {"Gemeente Gouda", "Provincie Utrecht", "Gemeente Woerden"};
    for (int i = 0; i < 6; i++) {
      TestClient c = TestClient.connect(clients, nodes.get(i % 2).port(), Nodes.ORIGIN);
      c.join(roomId, "Persoon " + i, orgs[i / 2]);
      people.add(c);
    }
    facilitator.command(Map.of("type", "start"));
    facilitator.command(Map.of("type", "next"));
    long split = facilitator.command(Map.of("type", "start-breakout", "step", STEP, "how", "mixed", "groups", 3));
    for (TestClient c : people) {
      c.awaitSeq(split);
    }
    // Every group has two people of two organisations, one on each member.
    for (int g = 1; g <= 3; g++) {
      int no = g;
      List<TestClient> in = people.stream().filter(c -> groupOf(c) == no).toList();
      assertEquals(2, in.size(), "group " + g);
      assertFalse(in.get(0).port == in.get(1).port, "group " + g + " has people on both members");
    }
    // Somebody who joins now (on the other member) is put in the smallest group without anybody of their organisation.
    TestClient late = TestClient.connect(clients, nodes.get(1).port(), Nodes.ORIGIN);
    JsonNode lateWelcome = late.join(roomId, "Laatkomer", "Gemeente Gouda");
    long placed = lateWelcome.path("seq").asLong();
    facilitator.awaitSeq(placed);
    int lateGroup = groupOf(late);
    assertEquals(3, groupOf(late), "the group without anybody of Gouda");
    assertEquals(lateGroup, facilitator.replica.breakouts.get(STEP).groupOf(late.participantId).no);
    late.close();
    assertEquals("not_in_group", people.get(0).refused(Map.of("type", "text-op", "step", STEP, "key", "joint", "rev", 0,
        "op", List.of(Map.of("i", "verkeerd")), "group", groupOf(people.get(0)) % 3 + 1)));

    // Who types in a group's text is named with the group; the own-organisation rule holds there too.
    TestClient first = people.get(0);
    first.send(Map.of("type", "typing", "step", STEP, "key", "g" + groupOf(first) + "/org:Provincie Utrecht"));
    assertEquals("forbidden", first.awaitError("forbidden").path("code").asText());
    first.send(Map.of("type", "typing", "step", STEP, "key", "g" + groupOf(first) + "/joint"));
    facilitator.await(m -> "typing".equals(m.path("type").asText()) && m.path("typing").toString()
        .contains("\"key\":\"g" + groupOf(first) + "/joint\""));
    first.send(Map.of("type", "typing", "step", STEP, "key", "g" + groupOf(first) + "/joint", "stop", true));

    // Everybody types five words into their own group's joint answer, all at the same time.
    ExecutorService pool = Executors.newFixedThreadPool(people.size());
    List<Future<?>> typing = new ArrayList<>();
    for (TestClient c : people) {
      typing.add(pool.submit(() -> {
        int group = groupOf(c);
        for (int w = 0; w < 5; w++) {
          SharedText now = groupText(c, group);
          String word = "[" + c.participantId + "#" + w + "]";
          c.command(Map.of("type", "text-op", "step", STEP, "key", "joint", "rev", now.rev(),
              "op", TextOp.insertAt(now.text().length(), now.text().length(), word, false)));
        }
        return null;
      }));
    }
    for (Future<?> f : typing) {
      f.get();
    }
    pool.shutdown();
    long afterTyping = facilitator.command(Map.of("type", "broadcast-to-groups", "text", "Nog twee minuten"));
    List<TestClient> everyone = new ArrayList<>(people);
    everyone.add(facilitator);
    for (TestClient c : everyone) {
      c.awaitSeq(afterTyping);
    }
    JsonNode groupsSeen = facilitator.replicaJson().path("breakouts").path(String.valueOf(STEP)).path("groups");
    for (TestClient c : everyone) {
      assertEquals(groupsSeen, c.replicaJson().path("breakouts").path(String.valueOf(STEP)).path("groups"),
          "every client sees every group the same");
      assertEquals("Nog twee minuten", c.replica.breakouts.get(STEP).broadcast.text());
    }
    for (TestClient c : people) {
      int group = groupOf(c);
      for (int g = 1; g <= 3; g++) {
        String text = groupText(facilitator, g).text();
        for (int w = 0; w < 5; w++) {
          assertEquals(g == group, text.contains("[" + c.participantId + "#" + w + "]"),
              "word " + w + " of " + c.participantId + " (group " + group + ") in group " + g + ": " + text);
        }
      }
      assertEquals(10, groupText(facilitator, group).rev(), "ten operations in each group's text");
    }
    assertEquals("", facilitator.replica.content.get(STEP).texts.getOrDefault("joint", SharedText.EMPTY).text(),
        "the plenary's answer is untouched");

    // Back in plenary, the facilitator merges group 2's answer: everyone has it in the plenary's.
    facilitator.command(Map.of("type", "end-breakout"));
    long merged = facilitator.command(Map.of("type", "merge-group-result", "step", STEP, "group", 2, "what", "texts"));
    String expected = "[Groep 2] " + groupText(facilitator, 2).text();
    for (TestClient c : everyone) {
      c.awaitSeq(merged);
      assertEquals(expected, c.replica.content.get(STEP).texts.get("joint").text());
      assertEquals(2, c.replica.breakouts.get(STEP).merges.get(0).group());
      assertTrue(!c.replica.breakouts.get(STEP).running);
    }
    everyone.forEach(TestClient::close);
  }
}
