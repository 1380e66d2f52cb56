package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A command's answer comes back from the room's partition owner to the event loop without a thread of its
 * own. Hazelcast runs a callback given no executor on its default one, which on a machine with one or two
 * cores starts a new thread per callback: one thread per command, created and ended (on a larger machine it
 * is the common pool, and this test passes either way).
 */
class CommandThreadsTest extends OneNodeRoomTest {
  private static final int COMMANDS = 60;

  @Override
  String roomTitle() {
    return "Draden tellen";
  }

  @Test
  @DisplayName("commands start no thread each on their way back to the event loop")
  void commandsStartNoThreadEach() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    facilitator.command(Map.of("type", "start"));
    for (int i = 0; i < 5; i++) { // warm: pools the node starts lazily are started now
      facilitator.command(Map.of("type", "lock", "step", 1, "locked", i % 2 == 0));
    }
    // Other tests' members in this JVM may still be winding down and starting threads: wait until the JVM
    // starts none for half a second (at most 20 s), so that what follows counts this node's commands.
    long seen = threads.getTotalStartedThreadCount();
    for (long until = System.nanoTime() + 20_000_000_000L; System.nanoTime() < until; ) {
      java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L);
      long now = threads.getTotalStartedThreadCount();
      if (now == seen) {
        break;
      }
      seen = now;
    }
    long before = threads.getTotalStartedThreadCount();
    long from = System.nanoTime();
    for (int i = 0; i < COMMANDS; i++) {
      facilitator.command(Map.of("type", "lock", "step", 1, "locked", i % 2 != 0));
    }
    long started = threads.getTotalStartedThreadCount() - before;
    // What the node starts anyway (its timers, pools topping up) over as long a quiet spell, measured next:
    // the commands' own share is the difference.
    long quietFrom = threads.getTotalStartedThreadCount();
    java.util.concurrent.locks.LockSupport.parkNanos(System.nanoTime() - from);
    long background = threads.getTotalStartedThreadCount() - quietFrom;
    assertTrue(started - background < COMMANDS / 4, started + " threads started for " + COMMANDS + " commands, "
        + background + " in as long without any");
  }
}
