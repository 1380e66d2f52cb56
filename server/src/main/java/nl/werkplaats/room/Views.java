package nl.werkplaats.room;

/** Jackson views: what goes to clients ({@link Public}) and what stays on the server ({@link Internal}). */
public final class Views {
  public static class Public {}

  public static class Internal extends Public {}

  private Views() {}
}
