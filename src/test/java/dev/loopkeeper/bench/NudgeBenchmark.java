package dev.loopkeeper.bench;

import dev.loopkeeper.delivery.Courier;
import dev.loopkeeper.delivery.Mail;
import dev.loopkeeper.config.Config;
import dev.loopkeeper.delivery.Outbox;
import dev.loopkeeper.delivery.OutboxStore;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.nudge.NudgeService;
import dev.loopkeeper.nudge.NudgeStore;
import dev.loopkeeper.nudge.ReabstractionPrompts;
import dev.loopkeeper.nudge.WeeklySlot;
import dev.loopkeeper.settings.SettingsService;
import dev.loopkeeper.settings.SettingsStore;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.support.MutableClock;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 100,000 people whose weekly nudges fall in the same minute (18:00 Berlin, 17:00 UTC and 12:00 New York are one
 * instant in winter): how long finding and claiming them and handing them to the outbox takes, and the heap it needs;
 * then what delivering a sample costs on Loopkeeper's side (loading and rendering each nudge), with a courier that
 * answers at once. Not a test: run it by hand (docs/BENCHMARKS.md).
 */
public final class NudgeBenchmark {
    private static final int PEOPLE = 100_000;
    private static final int DELIVERY_SAMPLE = 5_000;

    private NudgeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("loopkeeper-nudge-bench");
        MutableClock clock = MutableClock.at("2026-11-26T12:00:00Z");
        try (Database database = Database.open(dir.resolve("nudges.db"))) {
            Outbox outbox = new Outbox(database, new OutboxStore(), clock, Config.Delivery.DEFAULTS.lease());
            SettingsService settings = new SettingsService(database, new SettingsStore(), clock);
            LoopService loops = new LoopService(database, new LoopStore(), clock, 5000);
            NudgeStore store = new NudgeStore(new LoopStore());
            NudgeService nudges = new NudgeService(database, store, outbox, settings, loops, new ReabstractionPrompts(),
                    clock, Duration.ofDays(56));
            outbox.register(nudges);
            String[][] slots = {{"SUNDAY", "18:00", "Europe/Berlin"}, {"SUNDAY", "17:00", "UTC"},
                    {"SUNDAY", "12:00", "America/New_York"}};
            long t0 = System.nanoTime();
            database.write(sql -> {
                for (int i = 0; i < PEOPLE; i++) {
                    String[] s = slots[i % slots.length];
                    WeeklySlot slot = new WeeklySlot(DayOfWeek.valueOf(s[0]), LocalTime.parse(s[1]), ZoneId.of(s[2]));
                    LocalDateTime next = slot.firstSlotAfter(clock.instant());
                    store.saveSchedule(sql, "person-" + i, slot, next, slot.resolve(next), clock.instant());
                }
            });
            System.out.printf("setup: %,d schedules in %.1f s%n", PEOPLE, (System.nanoTime() - t0) / 1e9);
            System.out.printf("database before: %.1f MiB%n", Files.size(dir.resolve("nudges.db")) / 1048576.0);

            clock.advance(Duration.between(clock.instant(), Instant.parse("2026-11-29T17:00:20Z")));
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(before);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            long t1 = System.nanoTime();
            int handed = nudges.enqueueDue();
            double seconds = (System.nanoTime() - t1) / 1e9;
            running.set(false);
            sampler.join();
            System.gc();
            long after = memory.getHeapMemoryUsage().getUsed();
            System.out.printf("find + claim + hand to the outbox: %,d nudges in %.2f s (%,.0f/s)%n", handed, seconds,
                    handed / seconds);
            System.out.printf("heap: %.1f MiB before, peak %.1f MiB while claiming (+%.1f MiB, sampled every 5 ms), "
                            + "%.1f MiB after GC%n", before / 1048576.0, peak.get() / 1048576.0,
                    (peak.get() - before) / 1048576.0, after / 1048576.0);
            System.out.printf("a second run finds nothing: %d%n", nudges.enqueueDue());

            AtomicInteger delivered = new AtomicInteger();
            Courier instant = new Courier() {
                @Override
                public Outcome sendDirect(Mail mail) {
                    return delivered.incrementAndGet() <= DELIVERY_SAMPLE ? Outcome.DELIVERED : Outcome.FAILED;
                }

                @Override
                public Outcome sendToChannel(String guildId, String channelId, Mail mail) {
                    return Outcome.DELIVERED;
                }
            };
            outbox.attach(instant);
            long t2 = System.nanoTime();
            int rounds = 0;
            while (delivered.get() < DELIVERY_SAMPLE) {
                outbox.deliverDue();
                rounds++;
            }
            double deliverSeconds = (System.nanoTime() - t2) / 1e9;
            System.out.printf("deliver (claim, load, render, record) %,d nudges: %.2f s, %.2f ms each, %d batches%n",
                    DELIVERY_SAMPLE, deliverSeconds, deliverSeconds * 1000 / DELIVERY_SAMPLE, rounds);
        }
    }
}
