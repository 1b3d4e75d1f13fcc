package dev.loopkeeper.storage;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A child process for {@link CrashSafetyTest}: parks loops as fast as it can and prints each id once its
 * transaction has committed, until it is killed.
 */
public final class ParkBurst {
    private ParkBurst() {
    }

    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        try (Loopkeeper app = Loopkeeper.open(ConfigLoader.load(Map.of(ConfigLoader.DB, db.toString(),
                ConfigLoader.MAX_OPEN_LOOPS, "1000000"), db.getParent(), false), Clock.systemUTC())) {
            for (int i = 0; ; i++) {
                // Each concept is new, so each park saves a loop (near-duplicates are saved too).
                ParkResult.Parked parked = (ParkResult.Parked) app.loops().park(
                        new ParkRequest("burst", "concept " + i + " 🧠", "why " + i, Origin.none()));
                System.out.println("committed " + parked.loop().id());
                System.out.flush();
            }
        }
    }
}
