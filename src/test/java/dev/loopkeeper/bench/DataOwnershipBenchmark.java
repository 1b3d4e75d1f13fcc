package dev.loopkeeper.bench;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.ownership.Export;
import dev.loopkeeper.ownership.ExportFormat;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Export, forget and import for a person at the per-person cap: 5,000 loops, a fifth of them closed with a takeaway,
 * each with a why. Not a test: run it by hand (docs/BENCHMARKS.md) and read the times and sizes.
 */
public final class DataOwnershipBenchmark {
    private static final int LOOPS = 5_000;

    private DataOwnershipBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("loopkeeper-data-bench");
        MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
        try (Loopkeeper app = TestApp.open(dir, clock)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < LOOPS; i++) {
                ParkResult parked = app.loops().park(new ParkRequest("ada", "concept number " + i + " of the backlog",
                        "because of project " + (i % 37) + ", which needs it for the part about " + i,
                        Origin.none()));
                if (i % 5 == 0 && parked instanceof ParkResult.Parked p) {
                    app.loops().close("ada", p.loop().id(), Outcome.LEARNED, "takeaway " + i);
                }
                clock.advance(Duration.ofMinutes(1));
            }
            System.out.printf("parked %,d loops in %.1f s%n", LOOPS, (System.nanoTime() - t0) / 1e9);

            byte[] json = null;
            for (ExportFormat format : ExportFormat.values()) {
                for (int run = 0; run < 3; run++) {
                    long start = System.nanoTime();
                    Export export = app.data().export("ada");
                    long read = System.nanoTime();
                    byte[] bytes = app.data().write(export, format);
                    long written = System.nanoTime();
                    if (run == 2) {
                        System.out.printf("export %-8s read %5.0f ms, write %5.0f ms, %,d bytes%n", format.label(),
                                (read - start) / 1e6, (written - read) / 1e6, bytes.length);
                    }
                    if (format == ExportFormat.JSON) {
                        json = bytes;
                    }
                }
            }
            long f0 = System.nanoTime();
            var forgotten = app.data().forget("ada");
            System.out.printf("forget: %,d rows in %.0f ms%n", forgotten.deletedTotal(), (System.nanoTime() - f0) / 1e6);

            long i0 = System.nanoTime();
            var imported = app.data().importJson("ada", json);
            long i1 = System.nanoTime();
            System.out.printf("import: %,d rows in %.0f ms (one transaction, vectors included in the next line)%n",
                    imported.addedTotal(), (i1 - i0) / 1e6);
            long i2 = System.nanoTime();
            var again = app.data().importJson("ada", json);
            System.out.printf("import again: %,d added, %,d already here, in %.0f ms%n", again.addedTotal(),
                    again.alreadyHere().values().stream().mapToInt(Integer::intValue).sum(),
                    (System.nanoTime() - i2) / 1e6);
            System.out.printf("open loops after the round trip: %,d (closed: %,d)%n", app.loops().countOpen("ada"),
                    app.database().read(sql -> sql.queryLong("SELECT COUNT(*) FROM open_loop WHERE owner_id = 'ada' "
                            + "AND status = ?", LoopStatus.CLOSED.db())));
        }
    }
}
