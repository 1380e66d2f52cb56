package nl.werkplaats.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** apply, compose and transform on random operations: the laws every replica relies on. */
class TextOpPropertiesTest {

  static TextOp randomOp(Random rnd, String doc) {
    TextOp.Builder b = new TextOp.Builder();
    int pos = 0;
    while (pos < doc.length() || rnd.nextInt(3) == 0) {
      int kind = rnd.nextInt(4);
      int n = 1 + rnd.nextInt(Math.max(1, Math.min(4, doc.length() - pos)));
      if (kind == 0) {
        b.insert("xyz".substring(0, 1 + rnd.nextInt(3)), rnd.nextBoolean());
        if (pos >= doc.length()) {
          break;
        }
      } else if (pos < doc.length() && kind == 1) {
        b.delete(Math.min(n, doc.length() - pos));
        pos += Math.min(n, doc.length() - pos);
      } else if (pos < doc.length()) {
        b.retain(Math.min(n, doc.length() - pos));
        pos += Math.min(n, doc.length() - pos);
      }
    }
    return b.build();
  }

  @Test
  @DisplayName("transform: both orders give the same text; compose: the same as applying one after the other")
  void laws() {
    Random rnd = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      String doc = "abcdefgh".substring(0, rnd.nextInt(9));
      TextOp a = randomOp(rnd, doc);
      TextOp b = randomOp(rnd, doc);
      TextOp.Pair p = TextOp.transform(a, b);
      assertEquals(p.b().apply(a.apply(doc)), p.a().apply(b.apply(doc)), doc + " " + a + " " + b);
      TextOp c = randomOp(rnd, a.apply(doc));
      assertEquals(c.apply(a.apply(doc)), TextOp.compose(a, c).apply(doc), doc + " " + a + " " + c);
    }
  }
}
