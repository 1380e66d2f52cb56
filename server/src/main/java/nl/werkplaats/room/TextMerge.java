package nl.werkplaats.room;

import java.util.LinkedList;
import org.bitbucket.cowwoc.diffmatchpatch.DiffMatchPatch;

/**
 * Server-side three-way merge of a shared text. A client sends the text it started from ({@code base}) and
 * its new text; the change between them is applied to the text as it is now. A part of the change that no
 * longer fits (somebody else rewrote the same words) is kept too: appended on a line of its own, so that no
 * edit is silently lost. Deterministic (no time limits), so that every replica computes the same result.
 */
public final class TextMerge {
  /** Marks text kept from an edit that collided with another one. */
  public static final String CONFLICT_MARK = "\u21C4 ";

  private TextMerge() {}

  public static String merge(String base, String mine, String current) {
    if (base.equals(current)) {
      return mine;
    }
    if (mine.equals(base) || mine.equals(current)) {
      return current;
    }
    DiffMatchPatch dmp = new DiffMatchPatch();
    dmp.diffTimeout = 0;
    dmp.matchDistance = 10_000;
    dmp.patchDeleteThreshold = 0.5f;
    // One patch at a time: the library may split a patch, and each split part reports on its own.
    String result = current;
    StringBuilder kept = new StringBuilder();
    for (DiffMatchPatch.Patch patch : dmp.patchMake(base, mine)) {
      LinkedList<DiffMatchPatch.Patch> one = new LinkedList<>();
      one.add(patch);
      Object[] applied = dmp.patchApply(one, result);
      boolean allApplied = true;
      for (boolean ok : (boolean[]) applied[1]) {
        allApplied &= ok;
      }
      if (allApplied) {
        result = (String) applied[0];
      } else {
        String inserted = insertedText(patch);
        if (!inserted.isBlank()) {
          kept.append('\n').append(CONFLICT_MARK).append(inserted.strip());
        }
      }
    }
    return result + kept;
  }

  private static String insertedText(DiffMatchPatch.Patch patch) {
    StringBuilder out = new StringBuilder();
    for (DiffMatchPatch.Diff diff : patch.diffs) {
      if (diff.operation == DiffMatchPatch.Operation.INSERT) {
        out.append(diff.text);
      }
    }
    return out.toString();
  }
}
