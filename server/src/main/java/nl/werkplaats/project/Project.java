package nl.werkplaats.project;

import java.util.List;

/**
 * A collaboration of partner organisations that meets in several sessions. {@code partners} are the canonical
 * names participants join under; {@code organisers} the organiser ids (accounts) it is shared with.
 */
public record Project(String id, String title, String description, List<String> partners, List<String> organisers,
    long createdAt) {
  public Project {
    partners = List.copyOf(partners);
    organisers = List.copyOf(organisers);
  }
}
