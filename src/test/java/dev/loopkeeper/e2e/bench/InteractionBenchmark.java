package dev.loopkeeper.e2e.bench;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.LoopkeeperE2E;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.loop.LoopFilter;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import net.dv8tion.jda.api.utils.messages.MessageRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Fires a burst of {@code /park} slash commands (by default 1,000 from 100 users) at the real bot on a real SQLite
 * file through the fake Discord, and reports dispatch-to-callback latency. To separate the bot's own time it
 * measures the fake's cost (building and sending each INTERACTION_CREATE, answering each callback) and a baseline:
 * the same burst against a bare JDA whose listener replies at once. A benchmark, not a test: it asserts nothing
 * about time.
 *
 * <p>Run from the project folder (Java 17; defaults 100 users, 10 each, 500 warm-up):
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.loopkeeper.e2e.bench.InteractionBenchmark [users] [perUser] [warmup]
 * </pre>
 * The SQLite file goes to {@code java.io.tmpdir}; add {@code -Djava.io.tmpdir=DIR} to put it on another disk.
 * Run it on an otherwise idle machine: the fake, JDA and the bot share the same cores.
 */
public final class InteractionBenchmark {

    private static final Duration BURST_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final int SEQUENTIAL = 200;
    /**
     * Unrelated topics: one person's concepts must not be near-duplicates of each other, or the bot answers with a
     * merge offer instead of parking (and the run measures something else). Up to this many per user are distinct.
     */
    private static final List<String> TOPICS = List.of("fourier transform", "bloom filters", "raft consensus",
            "sourdough starter", "jazz harmony", "plate tectonics", "quantum tunnelling", "medieval castles",
            "knitting patterns", "volcano eruptions", "tax law", "bird migration", "compiler register allocation",
            "roman aqueducts", "chess openings", "coral reefs", "impressionist painting", "garbage collection",
            "beekeeping", "glacier formation");

    private final int users;
    private final int perUser;
    private final int warmup;
    // Distinct from LoopkeeperE2E's users; unique per run so warm-up and measured loops never collide.
    private final AtomicLong nextUserId = new AtomicLong(3_000_000_000_000_000_000L);
    private final AtomicLong conceptCounter = new AtomicLong();

    private InteractionBenchmark(int users, int perUser, int warmup) {
        this.users = users;
        this.perUser = perUser;
        this.warmup = warmup;
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int perUser = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        InteractionBenchmark bench = new InteractionBenchmark(users, perUser, warmup);
        System.out.printf(Locale.ROOT, "Interaction benchmark: %d /park from %d users as one burst, after %d warm-up "
                + "interactions; %d cores, Java %s%n%n", users * perUser, users, warmup,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        dev.loopkeeper.bench.HostSteal steal = dev.loopkeeper.bench.HostSteal.now();
        Result baseline = bench.runBaseline();
        Result bot = bench.runBot();
        String stolen = steal.since();
        baseline.print("Baseline: bare JDA, listener replies at once on the gateway thread");
        bot.print("Loopkeeper: real bot, worker pool, SQLite (WAL, synchronous=FULL)");
        System.out.printf(Locale.ROOT, "Bot's own time, one at a time (Loopkeeper minus baseline): median %.2f ms, "
                + "p99 %.2f ms%n", bot.alone.median() - baseline.alone.median(), bot.alone.p99() - baseline.alone.p99());
        System.out.printf(Locale.ROOT, "Bot's own time, burst (Loopkeeper minus baseline): median %.2f ms, p99 %.2f ms; "
                + "per interaction at full load %.2f ms vs %.2f ms%n",
                bot.latency.median() - baseline.latency.median(), bot.latency.p99() - baseline.latency.p99(),
                bot.wallMillis / bot.count, baseline.wallMillis / baseline.count);
        System.out.printf(Locale.ROOT, "Over both runs: %s%n", stolen);
        // JDA and the fake leave non-daemon threads behind only on failure; end the JVM either way.
        System.exit(0);
    }

    /** The same burst against a bare JDA: what JDA plus the fake cost with no bot work at all. */
    private Result runBaseline() throws InterruptedException {
        try (FakeDiscord fake = FakeDiscord.start()) {
            // Loopkeeper sets this globally too; the same setting keeps both request bodies alike.
            MessageRequest.setDefaultMentions(EnumSet.noneOf(Message.MentionType.class));
            JDA jda = JDABuilder.createLight(LoopkeeperE2E.TOKEN, EnumSet.noneOf(GatewayIntent.class))
                    .setRestConfig(new RestConfig().setBaseUrl(fake.restBaseUrl()))
                    .setSessionController(new SessionControllerAdapter() {
                        @Override
                        public String getGateway() {
                            return fake.gatewayUrl();
                        }
                    })
                    .setEnableShutdownHook(false)
                    .addEventListeners(new ListenerAdapter() {
                        @Override
                        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
                            event.reply("Parked " + event.getOption("concept").getAsString()).setEphemeral(true).queue();
                        }
                    })
                    .build();
            try {
                jda.awaitReady();
                return measure(fake, () -> { }, () -> -1);
            } finally {
                jda.shutdown();
                if (!jda.awaitShutdown(Duration.ofSeconds(10))) {
                    jda.shutdownNow();
                }
            }
        }
    }

    /** The real bot, started as {@code Main} starts it, on a fresh SQLite file. */
    private Result runBot() throws InterruptedException, IOException {
        Path dir = Files.createTempDirectory("loopkeeper-bench-");
        try (FakeDiscord fake = FakeDiscord.start()) {
            Map<String, String> env = new HashMap<>();
            env.put(ConfigLoader.DISCORD_TOKEN, LoopkeeperE2E.TOKEN);
            env.put(ConfigLoader.DB, dir.resolve("loopkeeper.db").toString());
            env.put(ConfigLoader.API_BASE, fake.restBaseUrl());
            env.put(ConfigLoader.GATEWAY_URL, fake.gatewayUrl());
            Loopkeeper bot = Loopkeeper.startBot(ConfigLoader.load(env, dir, true));
            try {
                fake.awaitRequest(RecordedRequest.matching("PUT", "applications/\\d+/commands"), STARTUP);
                return measure(fake, () -> {
                    // Equal counts mean every /park really parked (no merge offers, no refusals).
                    System.out.printf(Locale.ROOT, "(bot run: %d /park dispatched, %d open loops in SQLite)%n%n",
                            fake.dispatchedInteractions().size(), countLoops(bot));
                }, () -> bot.database().commits());
            } finally {
                bot.close(); // before the fake closes (pitfall 9)
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private long countLoops(Loopkeeper bot) {
        long first = 3_000_000_000_000_000_001L;
        long total = 0;
        for (long id = first; id <= nextUserId.get(); id++) {
            total += bot.loops().list(Long.toString(id), LoopFilter.open(), 0, 1).total();
        }
        return total;
    }

    /**
     * Warm-up burst, then one interaction at a time (latency without queueing), then the measured burst; the
     * check runs after all, with the fake still up.
     */
    private Result measure(FakeDiscord fake, Runnable check, java.util.function.LongSupplier commits) {
        burst(fake, Math.max(1, warmup / perUser), perUser);
        Stats alone = oneAtATime(fake, SEQUENTIAL);
        long commitsBefore = commits.getAsLong();
        Result result = burst(fake, users, perUser);
        if (commitsBefore >= 0) {
            // Every answer is in: what is still committing now is late vectors, which the count leaves out.
            System.out.printf(Locale.ROOT, "(bot run: %d commits from the burst's first dispatch until all its answers "
                    + "were read, late vectors included)%n", commits.getAsLong() - commitsBefore);
        }
        check.run();
        return new Result(result.count, result.wallMillis, result.latency, result.dispatch, result.fakeHandling,
                result.late, alone, result.answer, result.deferred);
    }

    /** Each interaction waits for the previous one's callback: the latency one person sees on a quiet bot. */
    private Stats oneAtATime(FakeDiscord fake, int count) {
        double[] latency = new double[count];
        for (int i = 0; i < count; i++) {
            // A new person each time: one person's 200 concepts would soon be near-duplicates.
            FakeUser person = new FakeUser(Long.toString(nextUserId.incrementAndGet()), "alone");
            InteractionHandle handle = fake.slashCommand("park").by(person).option("concept", concept(i)).send();
            RecordedRequest callback = fake.awaitRequest(r -> r.succeeded()
                    && r.path().equals("interactions/" + handle.id() + "/" + handle.token() + "/callback"), BURST_TIMEOUT);
            latency[i] = millis(callback.receivedAtNanos() - handle.dispatchedAtNanos());
        }
        return Stats.of(latency);
    }

    private Result burst(FakeDiscord fake, int userCount, int each) {
        List<FakeUser> people = new ArrayList<>();
        for (int u = 0; u < userCount; u++) {
            long id = nextUserId.incrementAndGet();
            people.add(new FakeUser(Long.toString(id), "bench" + (id % 100_000)));
        }
        int before = fake.dispatchedInteractions().size();
        List<InteractionHandle> sent = new ArrayList<>(userCount * each);
        long[] dispatchNanos = new long[userCount * each];
        long start = System.nanoTime();
        // Round-robin over users, as many people typing at once would arrive.
        for (int k = 0; k < each; k++) {
            for (FakeUser person : people) {
                long t0 = System.nanoTime();
                sent.add(fake.slashCommand("park").by(person).option("concept", concept(k)).send());
                dispatchNanos[sent.size() - 1] = System.nanoTime() - t0;
            }
        }
        // Every earlier interaction was answered before its own burst ended, so this counts only this burst.
        fake.awaitAcceptedCallbackCount(before + sent.size(), BURST_TIMEOUT);
        long wall = System.nanoTime() - start;
        double[] latency = new double[sent.size()];
        double[] handling = new double[sent.size()];
        int late = 0;
        for (int i = 0; i < sent.size(); i++) {
            InteractionHandle handle = sent.get(i);
            RecordedRequest callback = fake.callbacksFor(handle).stream().filter(RecordedRequest::succeeded)
                    .findFirst().orElseThrow();
            latency[i] = millis(callback.receivedAtNanos() - handle.dispatchedAtNanos());
            handling[i] = millis(callback.handlingNanos());
            if (latency[i] > 3000) {
                late++;
            }
        }
        // A deferred reply (type 5) is only an acknowledgement: the person sees the answer when the bot edits it.
        double[] answer = new double[sent.size()];
        int deferred = 0;
        for (int i = 0; i < sent.size(); i++) {
            InteractionHandle handle = sent.get(i);
            RecordedRequest callback = fake.callbacksFor(handle).stream().filter(RecordedRequest::succeeded)
                    .findFirst().orElseThrow();
            RecordedRequest answered = callback;
            if (callback.json().getInt("type") == 5) {
                deferred++;
                answered = fake.awaitRequest(r -> r.succeeded() && r.method().equals("PATCH")
                        && r.path().endsWith(handle.token() + "/messages/@original"), BURST_TIMEOUT);
            }
            answer[i] = millis(answered.receivedAtNanos() - handle.dispatchedAtNanos());
        }
        double[] dispatch = Arrays.stream(dispatchNanos).mapToDouble(InteractionBenchmark::millis).toArray();
        return new Result(sent.size(), millis(wall), Stats.of(latency), Stats.of(dispatch), Stats.of(handling), late,
                null, Stats.of(answer), deferred);
    }

    /**
     * The k-th concept of a person: a different topic for each k (up to {@code TOPICS.size()}), made unique across
     * the run by a counter, so no cache (the bot embeds each concept) turns the run into a replay.
     */
    private String concept(int k) {
        return TOPICS.get(k % TOPICS.size()) + " " + conceptCounter.incrementAndGet();
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private record Stats(double median, double p99, double max) {
        static Stats of(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return new Stats(sorted[n / 2], sorted[(int) Math.ceil(0.99 * n) - 1], sorted[n - 1]);
        }

        String text() {
            return String.format(Locale.ROOT, "median %7.2f ms   p99 %7.2f ms   max %7.2f ms", median, p99, max);
        }
    }

    private record Result(int count, double wallMillis, Stats latency, Stats dispatch, Stats fakeHandling, int late,
                          Stats alone, Stats answer, int deferred) {
        void print(String title) {
            System.out.println(title);
            System.out.println("  one at a time (" + SEQUENTIAL + ")        " + alone.text());
            System.out.println("  burst:");
            System.out.printf(Locale.ROOT, "  interactions               %d in %.0f ms (%.0f/s)%n", count, wallMillis,
                    count * 1000.0 / wallMillis);
            System.out.println("  interaction -> callback    " + latency.text());
            System.out.println("  interaction -> answer      " + answer.text() + "   (" + deferred + " deferred)");
            System.out.println("  fake: build+send dispatch  " + dispatch.text());
            System.out.println("  fake: answer the callback  " + fakeHandling.text());
            System.out.printf(Locale.ROOT, "  over Discord's 3 s limit   %d%n%n", late);
        }
    }
}
