package nl.werkplaats.room;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Taking a breakout group's result into the plenary of its step, once its groups are back in plenary: the rules
 * of {@code merge-group-result} (see {@link Breakouts}).
 */
final class GroupMerge {
  private GroupMerge() {}

  /**
   * Takes one group's (or every group's, {@code group} null) result into the plenary space of the step: texts
   * are added at the end of the plenary's text of the same key, under the group's name; cards and agreements are
   * copied as new plenary items. Each merge is recorded with the items it made, so they keep their group.
   */
  static List<Event> merge(RoomState s, Participant actor, Command.MergeGroupResult c, long now) {
    Breakouts.flowRole(actor);
    Breakouts.started(s);
    Breakout b = s.breakouts.get(c.step());
    if (b == null) {
      throw new Rejected(ErrorCode.NOT_FOUND, "step " + c.step() + " was not split into groups");
    }
    if (b.running) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, "end the breakout first: the groups are still at work");
    }
    List<String> kinds = switch (c.what() == null ? "" : c.what()) {
      case "all" -> List.of("texts", "cards", "agreements");
      case "texts", "cards", "agreements" -> List.of(c.what());
      default -> throw new Rejected(ErrorCode.INVALID_VALUE, "what is all, texts, cards or agreements");
    };
    List<BreakoutGroup> groups = new ArrayList<>();
    if (c.group() == null) {
      groups.addAll(b.groups);
    } else {
      BreakoutGroup g = b.group(c.group());
      if (g == null) {
        throw new Rejected(ErrorCode.NOT_FOUND, "there is no group " + c.group());
      }
      groups.add(g);
    }
    RoomState w = s.copy();
    List<Event> events = new ArrayList<>();
    boolean skipped = false;
    for (BreakoutGroup g : groups) {
      for (String kind : kinds) {
        if (merged(b, g.no, kind)) {
          skipped = true;
          continue;
        }
        List<Event> made = switch (kind) {
          case "texts" -> mergeTexts(w, actor, c.step(), g, now);
          case "cards" -> mergeCards(w, c.step(), g);
          default -> mergeAgreements(w, c.step(), g, now);
        };
        if (made.isEmpty()) {
          continue;
        }
        List<String> ids = new ArrayList<>();
        for (Event e : made) {
          if (e instanceof Event.TextEdited t && !ids.contains(t.key())) {
            ids.add(t.key());
          } else if (e instanceof Event.CardSaved cs) {
            ids.add(cs.card().id());
          } else if (e instanceof Event.AgreementSaved as) {
            ids.add(as.agreement().id());
          }
        }
        Breakout.Merge m = new Breakout.Merge(g.no, kind, kind.equals("texts") ? ids : null,
            kind.equals("cards") ? ids : null, kind.equals("agreements") ? ids : null, actor.id(), now);
        made.add(new Event.GroupResultMerged(c.step(), m));
        for (Event e : made) {
          Room.evolve(w, e);
        }
        events.addAll(made);
      }
    }
    if (events.isEmpty() && skipped) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, "this result was taken into the plenary already");
    }
    return events;
  }

  private static boolean merged(Breakout b, int group, String kind) {
    return b.merges.stream().anyMatch(m -> m.group() == group && m.what().equals(kind));
  }

  private static List<Event> mergeTexts(RoomState w, Participant actor, int step, BreakoutGroup g, long now) {
    List<Event> out = new ArrayList<>();
    StepContent plenary = w.content.get(step);
    boolean agreed = plenary.status == ChecklistStatus.AGREED;
    Map<String, SharedText> texts = new TreeMap<>(plenary.texts);
    for (Map.Entry<String, SharedText> e : new TreeMap<>(g.content.texts).entrySet()) {
      String text = e.getValue().text().strip();
      if (text.isEmpty()) {
        continue;
      }
      SharedText current = texts.getOrDefault(e.getKey(), SharedText.EMPTY);
      String added = (current.text().isEmpty() ? "" : "\n\n") + "[" + g.name + "] " + text;
      String after = current.text() + added;
      if (after.codePointCount(0, after.length()) > Limits.SHARED_TEXT) {
        throw new Rejected(ErrorCode.TEXT_TOO_LONG, "the plenary text would be longer than " + Limits.SHARED_TEXT
            + " characters with " + g.name + "'s; shorten one of them first");
      }
      TextOp op = TextOp.insertAt(current.text().length(), current.text().length(), added, false);
      out.add(new Event.TextEdited(step, e.getKey(), current.rev() + 1, op, actor.id(), null, now));
      texts.put(e.getKey(), new SharedText(after, current.rev() + 1, actor.id(), now));
      if (e.getKey().equals("joint") && agreed) {
        out.add(new Event.StatusChanged(step, ChecklistStatus.OPEN));
        agreed = false;
      }
    }
    return out;
  }

  private static List<Event> mergeCards(RoomState w, int step, BreakoutGroup g) {
    List<Event> out = new ArrayList<>();
    int n = 0;
    for (Card card : g.content.cards.values()) {
      Card copy = new Card(itemId("c", w, ++n), card.authorId(), card.prompt(), card.text(), null,
          card.privateUntilReveal(), false, card.createdAt());
      boolean hidden = copy.privateUntilReveal() && !w.runtime.get(step).revealed();
      out.add(Room.cardSaved(w, step, copy, hidden ? copy.authorId() : null));
    }
    return out;
  }

  private static List<Event> mergeAgreements(RoomState w, int step, BreakoutGroup g, long now) {
    List<Event> out = new ArrayList<>();
    int n = 0;
    for (Agreement a : g.agreements.values()) {
      if (w.agreements.size() + out.size() >= Limits.AGREEMENTS) {
        throw new Rejected(ErrorCode.LIMIT_REACHED, "a room holds at most " + Limits.AGREEMENTS + " agreements");
      }
      out.add(new Event.AgreementSaved(
          new Agreement(itemId("a", w, ++n), step, a.what(), a.who(), a.due(), a.createdBy(), a.createdAt(), now)));
    }
    return out;
  }

  /** An id for the n-th item one merge makes: never one that {@code Room.newId} gives. */
  private static String itemId(String prefix, RoomState w, int n) {
    return prefix + "-" + (w.seq + 1) + "-" + n;
  }
}
