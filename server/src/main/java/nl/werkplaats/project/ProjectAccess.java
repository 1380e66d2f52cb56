package nl.werkplaats.project;

/**
 * The one place that decides who may manage a project (see its sessions and backlog, change, export, share or
 * delete it). Today the only credential is the organiser key, which manages every project; organiser accounts
 * plug in here: {@link Caller#id()} is then the account, and a project is theirs when it was shared with them
 * ({@link Project#organisers()}).
 */
@FunctionalInterface
public interface ProjectAccess {

  /** Who asks: an organiser id, and whether they hold the organiser key (which manages everything). */
  record Caller(String id, boolean organiserKey) {
    public static final Caller ORGANISER_KEY = new Caller("organiser-key", true);
  }

  boolean mayManage(Caller caller, Project project);

  /** The rule today: the organiser key manages every project; anybody else the projects shared with them. */
  ProjectAccess SHARED = (caller, project) ->
      caller != null && (caller.organiserKey() || project.organisers().contains(caller.id()));
}
