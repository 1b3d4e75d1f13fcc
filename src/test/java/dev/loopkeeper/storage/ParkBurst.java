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
                ParkResult result = app.loops().park(new ParkRequest("burst", "concept " + i + " 🧠", "why " + i, Origin.none()));
                // Similar concepts come back as near-duplicates: keeping both is a second committed write.
                ParkResult.Parked parked = result instanceof ParkResult.Duplicate duplicate
                        ? app.loops().keepDraft("burst", duplicate.draft().id()) : (ParkResult.Parked) result;
                System.out.println("committed " + parked.loop().id());
                System.out.flush();
            }
        }
    }
}
