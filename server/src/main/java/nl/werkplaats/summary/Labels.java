package nl.werkplaats.summary;

import java.util.Map;

/** The fixed words of a summary, in its language (Dutch by default, English). */
final class Labels {
  private static final Map<String, String[]> WORDS = Map.ofEntries(
      Map.entry("summary", new String[] {"Samenvatting", "Summary"}),
      Map.entry("version", new String[] {"versie", "version"}),
      Map.entry("template", new String[] {"Werkvorm", "Template"}),
      Map.entry("frozenAt", new String[] {"Vastgelegd op", "Frozen at"}),
      Map.entry("room", new String[] {"Sessie", "Session"}),
      Map.entry("participants", new String[] {"Deelnemers", "Participants"}),
      Map.entry("organisations", new String[] {"Organisaties", "Organisations"}),
      Map.entry("organisation", new String[] {"Organisatie", "Organisation"}),
      Map.entry("name", new String[] {"Naam", "Name"}),
      Map.entry("function", new String[] {"Functie", "Function"}),
      Map.entry("role", new String[] {"Rol", "Role"}),
      Map.entry("role.facilitator", new String[] {"begeleider", "facilitator"}),
      Map.entry("role.co-facilitator", new String[] {"co-begeleider", "co-facilitator"}),
      Map.entry("role.participant", new String[] {"deelnemer", "participant"}),
      Map.entry("role.observer", new String[] {"waarnemer", "observer"}),
      Map.entry("count", new String[] {"Aantal", "Count"}),
      Map.entry("anonymous", new String[] {"Anonieme sessie: alleen organisaties en aantallen.",
          "Anonymous session: organisations and counts only."}),
      Map.entry("area", new String[] {"Thema", "Area"}),
      Map.entry("question", new String[] {"Vraag", "Question"}),
      Map.entry("answer", new String[] {"Antwoord", "Answer"}),
      Map.entry("joint", new String[] {"Gezamenlijk antwoord", "Joint answer"}),
      Map.entry("status", new String[] {"Status", "Status"}),
      Map.entry("status.open", new String[] {"Nog open", "Still open"}),
      Map.entry("status.agreed", new String[] {"Overeenstemming", "Agreed"}),
      Map.entry("status.not-applicable", new String[] {"Niet van toepassing", "Not applicable"}),
      Map.entry("openPoints", new String[] {"Open punten", "Open points"}),
      Map.entry("noOpenPoints", new String[] {"Geen open punten.", "No open points."}),
      Map.entry("agreements", new String[] {"Afspraken en taken", "Agreements and tasks"}),
      Map.entry("what", new String[] {"Wat", "What"}),
      Map.entry("owner", new String[] {"Eigenaar", "Owner"}),
      Map.entry("note", new String[] {"Notitie", "Note"}),
      Map.entry("backlogEmpty", new String[] {"Er stonden geen open punten op de lijst van het project.", "There were no open items on the project's list."}),
      Map.entry("backlog.open", new String[] {"open", "open"}),
      Map.entry("backlog.in-progress", new String[] {"loopt", "in progress"}),
      Map.entry("backlog.done", new String[] {"gedaan", "done"}),
      Map.entry("backlog.dropped", new String[] {"vervallen", "dropped"}),
      Map.entry("who", new String[] {"Wie", "Who"}),
      Map.entry("due", new String[] {"Uiterlijk", "Due"}),
      Map.entry("fromStep", new String[] {"Bij stap", "At step"}),
      Map.entry("noAgreements", new String[] {"Geen afspraken vastgelegd.", "No agreements recorded."}),
      Map.entry("cards", new String[] {"Kaartjes", "Cards"}),
      Map.entry("card", new String[] {"Kaartje", "Card"}),
      Map.entry("votes", new String[] {"Stippen", "Dots"}),
      Map.entry("group", new String[] {"Groep", "Group"}),
      Map.entry("ungrouped", new String[] {"Nog niet gegroepeerd", "Not grouped yet"}),
      Map.entry("prompt", new String[] {"Vraag", "Prompt"}),
      Map.entry("reflection", new String[] {"Reflectie", "Reflection"}),
      Map.entry("competences", new String[] {"Competenties", "Competences"}),
      Map.entry("coverage", new String[] {"Wat het team in huis heeft", "What the team has in house"}),
      Map.entry("competence", new String[] {"Competentie", "Competence"}),
      Map.entry("highest", new String[] {"Hoogste", "Highest"}),
      Map.entry("average", new String[] {"Gemiddeld", "Average"}),
      Map.entry("spread", new String[] {"Spreiding", "Spread"}),
      Map.entry("strong", new String[] {"Aantal 4-5", "Count 4-5"}),
      Map.entry("gap", new String[] {"Gat: niemand scoort 4 of hoger", "Gap: nobody rates 4 or higher"}),
      Map.entry("gapShort", new String[] {"Gat?", "Gap?"}),
      Map.entry("isGap", new String[] {"gat", "gap"}),
      Map.entry("raters", new String[] {"Zichzelf ingeschat", "Rated themselves"}),
      Map.entry("perOrganisation", new String[] {"Gemiddelde per organisatie", "Average per organisation"}),
      Map.entry("roles", new String[] {"Rollen", "Roles"}),
      Map.entry("takenBy", new String[] {"Genomen door", "Taken by"}),
      Map.entry("unfilled", new String[] {"Niet ingevulde rollen", "Unfilled roles"}),
      Map.entry("nobody", new String[] {"niemand", "nobody"}),
      Map.entry("canvas", new String[] {"Canvas", "Canvas"}),
      Map.entry("evaluation", new String[] {"Evaluatie", "Evaluation"}),
      Map.entry("mark", new String[] {"Cijfer", "Mark"}),
      Map.entry("distribution", new String[] {"Verdeling van de cijfers", "Distribution of the marks"}),
      Map.entry("tips", new String[] {"Tips", "Tips"}),
      Map.entry("noMarks", new String[] {"Geen cijfers gegeven.", "No marks given."}),
      Map.entry("timeline", new String[] {"Tijdlijn", "Timeline"}),
      Map.entry("startedAt", new String[] {"Gestart", "Started"}),
      Map.entry("endedAt", new String[] {"Beëindigd", "Ended"}),
      Map.entry("step", new String[] {"Stap", "Step"}),
      Map.entry("planned", new String[] {"Gepland (min)", "Planned (min)"}),
      Map.entry("spent", new String[] {"Besteed (min)", "Spent (min)"}),
      Map.entry("steps", new String[] {"Stappen", "Steps"}),
      Map.entry("answersPerArea", new String[] {"Antwoorden per thema", "Answers per area"}),
      Map.entry("empty", new String[] {"Niets ingevuld", "Nothing filled in"}),
      Map.entry("page", new String[] {"pagina %d van %d", "page %d of %d"}),
      Map.entry("sha", new String[] {"SHA-256", "SHA-256"}),
      Map.entry("verifyNote", new String[] {
          "Dit is de vastgelegde samenvatting; controleer de echtheid van de JSON-versie met de SHA-256 hieronder.",
          "This is the frozen summary; check the JSON version's authenticity with the SHA-256 below."}),
      Map.entry("kind", new String[] {"Soort", "Kind"}),
      Map.entry("text", new String[] {"Tekst", "Text"}),
      Map.entry("detail", new String[] {"Detail", "Detail"}),
      Map.entry("info", new String[] {"Informatie", "Information"}),
      Map.entry("averageMark", new String[] {"Gemiddeld cijfer", "Average mark"}),
      Map.entry("marks", new String[] {"cijfers", "marks"}),
      Map.entry("keyResults", new String[] {"Belangrijkste uitkomsten", "Key results"}),
      Map.entry("notReached", new String[] {"Niet behandeld in de sessie", "Not reached in the session"}),
      Map.entry("statusCounts", new String[] {"Vragen", "Questions"}),
      Map.entry("peopleCount", new String[] {"Deelnemers (zonder begeleiders en waarnemers)",
          "Participants (facilitators and observers not counted)"}),
      Map.entry("facilitators", new String[] {"Begeleiders", "Facilitators"}),
      Map.entry("observers", new String[] {"Waarnemers", "Observers"}),
      Map.entry("present", new String[] {"Aanwezig", "Present"}),
      Map.entry("presentNote", new String[] {
          "Anonieme sessie: per organisatie de aanwezigen, begeleiders meegeteld, waarnemers niet.",
          "Anonymous session: the people present per organisation, facilitators included, observers not."}),
      Map.entry("coverageLegend", new String[] {"Donker: gemiddelde, licht: hoogste score (schaal 1 tot 5); rood: gat.",
          "Dark: average, light: highest score (scale 1 to 5); red: gap."}),
      Map.entry("marksLegend", new String[] {"Per cijfer (1 tot 10) hoeveel mensen het gaven.",
          "Per mark (1 to 10), how many people gave it."}),
      Map.entry("votesLegend", new String[] {"Per kaartje het aantal stippen.", "Per card, the number of dots."}),
      Map.entry("mostVotes", new String[] {"Kaarten met de meeste stippen", "Cards with the most dots"}),
      Map.entry("timeZone", new String[] {"Tijden in", "Times in"}),
      Map.entry("value", new String[] {"Waarde", "Value"}),
      Map.entry("overview", new String[] {"Overzicht", "Overview"}),
      Map.entry("answers", new String[] {"Antwoorden", "Answers"}),
      Map.entry("projectPlanDraft", new String[] {"Projectplan (concept)", "Project plan (draft)"}),
      Map.entry("draftNote", new String[] {
          "Concept, gemaakt uit de vastgelegde samenvatting van de sessie: de gezamenlijke antwoorden per thema, "
              + "de open punten en de afspraken. Pas het aan en neem delen over in het eigen projectplan.",
          "A draft made from the session's frozen summary: the joint answers per area, the open points and the "
              + "agreements. Edit it and take parts into your own project plan."}),
      Map.entry("differingAnswers", new String[] {"De organisaties antwoordden verschillend:",
          "The organisations answered differently:"}),
      Map.entry("consent", new String[] {"Instemming", "Assent"}),
      Map.entry("consent.assented", new String[] {"stemt in met versie %d", "assents to version %d"}),
      Map.entry("consent.changed-since", new String[] {"stemde in met versie %d, sindsdien gewijzigd",
          "assented to version %d, changed since"}),
      Map.entry("consent.waiting", new String[] {"nog niet ingestemd", "not assented yet"}),
      Map.entry("agreedBy", new String[] {"Overeenstemming vastgesteld door de begeleider, zonder instemming van elke organisatie",
          "Marked agreed by the facilitator, without every organisation's assent"}),
      Map.entry("selfGuided.anyone", new String[] {"Zonder begeleider: iedere deelnemer zette de stappen",
          "Without a facilitator: any participant moved the steps"}),
      Map.entry("selfGuided.chair", new String[] {"Zonder begeleider: een voorzitter zette de stappen",
          "Without a facilitator: a chair moved the steps"}),
      Map.entry("selfGuided.endedBy", new String[] {"afgerond door", "finished by"}),
      Map.entry("breakout", new String[] {"Groepswerk", "Group work"}),
      Map.entry("breakout.per-organisation", new String[] {"een groep per organisatie", "a group per organisation"}),
      Map.entry("breakout.mixed", new String[] {"gemengde groepen", "mixed groups"}),
      Map.entry("breakout.manual", new String[] {"groepen ingedeeld door de begeleider", "groups made by the facilitator"}),
      Map.entry("breakoutGroup", new String[] {"Groep", "Group"}),
      Map.entry("members", new String[] {"Leden", "Members"}),
      Map.entry("result", new String[] {"Resultaat", "Result"}),
      Map.entry("merged", new String[] {"Overgenomen in de plenaire ronde", "Taken into the plenary"}),
      Map.entry("merged.texts", new String[] {"teksten", "texts"}),
      Map.entry("merged.cards", new String[] {"kaartjes", "cards"}),
      Map.entry("merged.agreements", new String[] {"afspraken", "agreements"}),
      Map.entry("fromGroup", new String[] {"uit %s", "from %s"}));

  private final int index;

  Labels(String language) {
    this.index = "en".equals(language) ? 1 : 0;
  }

  String get(String key) {
    String[] w = WORDS.get(key);
    if (w == null) {
      throw new IllegalArgumentException("no label " + key);
    }
    return w[index];
  }

  String status(String status) {
    return WORDS.containsKey("status." + status) ? get("status." + status) : status;
  }

  /** "uit Groep 2": where a merged item came from. */
  String fromGroup(String group) {
    return String.format(get("fromGroup"), group);
  }

  String page(int page, int of) {
    return String.format(get("page"), page, of);
  }
}
