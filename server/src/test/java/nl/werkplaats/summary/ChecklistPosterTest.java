package nl.werkplaats.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.testsupport.Sessions;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The checklist poster: organisations x questions, A2 landscape")
class ChecklistPosterTest {

  private static RoomState session() {
    return Sessions.checklist("room-poster", r -> { }).state();
  }

  @Test
  @DisplayName("the overview marks answered and missing per organisation, the joint status, and where answers differ")
  void overview() {
    ChecklistPoster.Overview o = ChecklistPoster.overview(session(), Sessions.template("checklist-samen-data-delen"));
    assertEquals(List.of("Gemeente Gouda", "Provincie Zuid-Holland", "Universiteit Utrecht"), o.organisations());
    ChecklistPoster.Question first = o.questions().get(0);
    assertEquals(1, first.number());
    assertEquals(List.of(true, true, true), first.answered());
    assertEquals("agreed", first.status());
    assertTrue(first.differs(), "three different answers");
    ChecklistPoster.Question second = o.questions().get(1);
    assertEquals(List.of(true, false, false), second.answered());
    assertFalse(second.differs(), "one answer differs from nothing");
    assertEquals("not-reached", o.questions().get(3).status());
  }

  @Test
  @DisplayName("the PDF is one A2 landscape page with every organisation and the question numbers")
  void pdf() throws IOException {
    byte[] pdf = ChecklistPoster.pdf(ChecklistPoster.overview(session(), Sessions.template("checklist-samen-data-delen")));
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDRectangle page = doc.getPage(0).getMediaBox();
      assertEquals(PDRectangle.A2.getHeight(), page.getWidth(), 1f, "A2, landscape");
      assertEquals(PDRectangle.A2.getWidth(), page.getHeight(), 1f);
      assertEquals(1, doc.getNumberOfPages());
      String text = new PDFTextStripper().getText(doc);
      for (String expected : List.of("Overzicht van de checklist", "Gemeente Gouda", "Provincie Zuid-Holland",
          "Universiteit Utrecht", "\u2713 beantwoord", "\u2717 ontbreekt", "akkoord", "n.v.t.", "\u2260")) {
        assertTrue(text.contains(expected), expected + " in " + text);
      }
      int questions = ChecklistPoster.overview(session(), Sessions.template("checklist-samen-data-delen")).questions().size();
      assertEquals(3 * questions + 2, count(text, "\u2713") + count(text, "\u2717"),
          "one mark per organisation and question, and the two in the legend");
    }
  }

  @Test
  @DisplayName("a session without checklist questions gets a poster that says so")
  void noQuestions() throws IOException {
    RoomState teamStart = Sessions.teamStart("room-poster-dts", r -> { }).state();
    byte[] pdf = ChecklistPoster.pdf(ChecklistPoster.overview(teamStart, Sessions.template("data-team-start")));
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertTrue(new PDFTextStripper().getText(doc).contains("This session has no checklist questions."));
    }
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
