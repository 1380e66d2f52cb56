package nl.werkplaats.account;

import java.util.List;
import java.util.function.Function;

/**
 * Which sessions (rooms) an organiser may see and manage: the ones they created and the ones shared with
 * them; the administrator every one. Calls block (they read the store): call them from worker threads.
 */
public interface OrganiserAccess {

  boolean mayManage(Organiser who, String roomId);

  /** The rooms of {@code rooms} that {@code who} may manage, in their order. */
  <T> List<T> manageable(Organiser who, List<T> rooms, Function<T, String> roomIdOf);

  /** Everyone manages everything: a node without organiser accounts (no store), where only the key opens. */
  OrganiserAccess ADMINISTRATOR_ONLY = new OrganiserAccess() {
    @Override
    public boolean mayManage(Organiser who, String roomId) {
      return who.administrator();
    }

    @Override
    public <T> List<T> manageable(Organiser who, List<T> rooms, Function<T, String> roomIdOf) {
      return who.administrator() ? rooms : List.of();
    }
  };
}
