package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Main;
import dev.loopkeeper.common.ConsolePerson;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeGuild;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.support.OtherConnection;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "try commands on a running bot's database" for real: the bot, a child JVM running {@link Main} against
 * the fake Discord, and the console, another child JVM running {@code Main console} fed by a pipe, on one SQLite file
 * at the same time. The console's person parks and sets focus while Discord users park and get reminders; mail for the
 * console's person that falls due while the bot looks for due mail every second is printed by the console, never sent
 * by the bot; the console quits and starts again while the bot runs, without reading the file whole; nothing is lost
 * or sent twice, and the file is sound at the end. Each child's output is in {@code bot/} and {@code console-N/} under
 * the test's folder, which is kept when a test fails (every failure message names it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBesideBotE2ETest {
    private static final FakeGuild GUILD = FakeDiscord.DEFAULT_GUILD;
    /** A child's start: a cold JVM loading the model, migrating and (the bot) connecting. */
    private static final Duration START = Duration.ofSeconds(90);
    /** Longest wait for one child's answer on a loaded machine (two JVMs and the fake share two cores). */
    private static final Duration ANSWER = Duration.ofSeconds(30);
    private static final String READY_LINE = "Loopkeeper is running on Discord.";
    private static final String WELCOME = "Loopkeeper console. Type help for the commands, quit to leave.";
    /** What DatabaseFile logs when it reads the file whole (INFO, so the console runs at INFO here). */
    private static final String WHOLE_READ = "page by page";
    private static final String DRONE = "tracking a drone with a Kalman filter";
    private static final List<String> CONCEPTS = List.of("Kalman filter", "Bloom filter", "Paxos",
            "reverse-mode autodiff");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path folder;
    private static Path db;
    private static FakeDiscord fake;
    private static Process bot;
    private static Console console;
    private static int consoles;
    private static final FakeUser ADA = FakeUser.fresh();
    private static final FakeUser BO = FakeUser.fresh();

    @RegisterExtension
    static final TestExecutionExceptionHandler POINT_AT_LOGS = (context, thrown) -> {
        throw new AssertionError(thrown.getMessage() + "\nThe processes' output: " + folder
                + "/{bot,console-N}/{out,err}.log", thrown);
    };

    @BeforeAll
    static void start() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(ConsoleBesideBotE2ETest::killChildren, "kill-children"));
        fake = FakeDiscord.builder().guild(GUILD).start();
        db = folder.resolve("loopkeeper.db");
        try {
            CompletableFuture<Void> ready = new CompletableFuture<>();
            bot = launch("bot", List.of("bot"), ready).process();
            await(ready, "the bot did not say it was running");
            fake.awaitReady(ANSWER);
        } catch (Exception | AssertionError e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        killChildren();
        if (fake != null) {
            fake.close();
        }
    }

    private static void killChildren() {
        MainProcess.kill(console == null ? null : console.process());
        MainProcess.kill(bot);
    }

    // ---- the child processes ----

    private record Child(Process process, Path err, BlockingQueue<String> lines) {
    }

    /** {@code java dev.loopkeeper.Main <arguments>} in its own working folder, settings by environment alone. */
    private static Child launch(String name, List<String> arguments, CompletableFuture<Void> ready)
            throws IOException {
        Path home = folder.resolve(name);
        Map<String, String> settings = new java.util.HashMap<>(Map.of(ConfigLoader.DB, db.toString()));
        if (arguments.get(0).equals("bot")) {
            settings.putAll(MainProcess.botOn(fake));
            settings.put(ConfigLoader.DELIVERY_SECONDS, "1");
        }
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        // At INFO for the console too (which turns it down to WARN by default): a whole read of the file would show.
        Process process = MainProcess.start(home, arguments, settings, List.of("-Dloopkeeper.log.level=INFO"),
                line -> line.startsWith(READY_LINE) || line.equals(WELCOME), lines::add, ready);
        return new Child(process, home.resolve("err.log"), lines);
    }

    private static void await(CompletableFuture<Void> ready, String what) throws InterruptedException {
        try {
            ready.get(START.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(what + " within " + START.toSeconds() + " s (" + e.getMessage() + ")", e);
        }
    }

    /** The console, fed line by line; each line's answer is read up to a marker line's refusal. */
    private record Console(Process process, Writer in, Child child) {
        static Console start() throws Exception {
            CompletableFuture<Void> welcomed = new CompletableFuture<>();
            Child child = launch("console-" + ++consoles, List.of("console"), welcomed);
            await(welcomed, "the console did not welcome");
            Console console = new Console(child.process(),
                    new java.io.OutputStreamWriter(child.process().getOutputStream(), StandardCharsets.UTF_8), child);
            List<String> before = new ArrayList<>();
            for (String line = child.lines().take(); !line.equals(WELCOME); line = child.lines().take()) {
                before.add(line);
            }
            assertEquals(List.of("Database: " + db), before, "what the console says before its welcome");
            return console;
        }

        /** What the console printed for {@code line}: its answer, then the mail it found. */
        String type(String line) throws IOException, InterruptedException {
            String marker = "/mark-" + System.nanoTime();
            in.write(line + "\n" + marker + "\n");
            in.flush();
            String end = "Unknown command " + marker + ". Type help for the list.";
            List<String> printed = new ArrayList<>();
            long deadline = System.nanoTime() + ANSWER.toNanos();
            while (true) {
                String next = child.lines().poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertTrue(next != null, "the console answered " + line + " with " + printed + " and then nothing for "
                        + ANSWER.toSeconds() + " s");
                if (next.equals(end)) {
                    return String.join("\n", printed);
                }
                printed.add(next);
            }
        }

        /** Quits, as a person types {@code quit}; the console closes the database and ends. */
        void quit() throws IOException, InterruptedException {
            in.write("quit\n");
            in.flush();
            assertTrue(process.waitFor(ANSWER.toSeconds(), TimeUnit.SECONDS), "the console did not end after quit");
            assertEquals(0, process.exitValue(), "the console's exit code");
        }

        /** Ends, as when its input ends (a script's last line, or Ctrl-D). */
        void endOfInput() throws IOException, InterruptedException {
            in.close();
            assertTrue(process.waitFor(ANSWER.toSeconds(), TimeUnit.SECONDS), "the console did not end with its input");
            assertEquals(0, process.exitValue(), "the console's exit code");
        }

        List<String> errorLines() throws IOException {
            return Files.readAllLines(child.err());
        }
    }

    // ---- driving the fake ----

    private static InteractionHandle park(FakeUser user, String concept) {
        return fake.slashCommand("park").by(user).inChannel(GUILD, GUILD.defaultChannel()).option("concept", concept)
                .send();
    }

    private static InteractionHandle focus(FakeUser user, String text) {
        return fake.slashCommand("focus").subcommand("set").by(user).inChannel(GUILD, GUILD.defaultChannel())
                .option("text", text).send();
    }

    private static String answered(InteractionHandle interaction) {
        return WireAssertions.text(fake.awaitAcceptedCallbackRequest(interaction, ANSWER).json().getObject("data"));
    }

    /** Posted in this person's direct-message channel with {@code text} in it. */
    private static Predicate<RecordedRequest> directMessage(FakeUser user, String text) {
        String path = "channels/" + fake.directMessageChannelId(user) + "/messages";
        return r -> r.method().equals("POST") && r.path().equals(path) && r.succeeded()
                && WireAssertions.text(r.json()).contains(text);
    }

    /** Any attempt to open a direct-message channel with the console's person (no Discord id is theirs). */
    private static long directMessagesToTheConsolePerson() {
        return fake.requests().stream().filter(r -> r.path().equals("users/@me/channels")
                && r.body() != null && r.body().contains("\"" + ConsolePerson.ID + "\"")).count();
    }

    // ---- reading the shared file, as a third process ----

    private static List<List<Object>> query(String sql, Object... parameters) {
        return rows().query(sql, parameters);
    }

    /** Waits (bounded) until the query returns {@code expected}: the bot writes how a send went after the fake answers. */
    private static void awaitRows(List<List<Object>> expected, String why, String sql, Object... parameters) {
        rows().awaitRows(ANSWER, expected, why, sql, parameters);
    }

    private static OtherConnection rows() {
        return new OtherConnection(() -> DriverManager.getConnection("jdbc:sqlite:" + db));
    }

    private static List<List<Object>> concepts(String owner) {
        return query("SELECT concept FROM open_loop WHERE owner_id = ? ORDER BY concept", owner);
    }

    private static List<List<Object>> rows(List<String> values) {
        return values.stream().sorted().map(v -> List.<Object>of(v)).toList();
    }

    // ---- the story ----

    @Test
    @Order(1)
    void theConsolesPersonAndDiscordUsersParkAndFocusAtOnceEachReminderGoesWhereItsPersonIs() throws Exception {
        console = Console.start();
        assertEquals(List.of(), console.errorLines().stream().filter(l -> l.contains(WHOLE_READ)).toList(),
                "the console started beside the running bot without reading the file whole");

        // Discord's parks go in first and are answered while the console parks the same concepts line by line.
        List<InteractionHandle> discord = new ArrayList<>();
        for (String concept : CONCEPTS) {
            discord.add(park(ADA, concept));
            discord.add(park(BO, concept));
        }
        for (String concept : CONCEPTS) {
            String answer = console.type("/park concept:" + concept);
            assertTrue(answer.contains(concept), answer);
        }
        for (InteractionHandle interaction : discord) {
            answered(interaction);
        }
        awaitRows(rows(CONCEPTS), "each Discord park once", "SELECT concept FROM open_loop WHERE owner_id = ? "
                + "ORDER BY concept", ADA.id());
        assertEquals(rows(CONCEPTS), concepts(BO.id()));
        assertEquals(rows(CONCEPTS), concepts(ConsolePerson.ID), "each console park once");

        // The same work for all three at once: a DM each on Discord, printed by the console for its person.
        InteractionHandle adaFocus = focus(ADA, DRONE);
        InteractionHandle boFocus = focus(BO, DRONE);
        String printed = console.type("/focus set text:" + DRONE);
        assertTrue(printed.contains("Kalman filter") && printed.contains("/remind"), printed);
        answered(adaFocus);
        answered(boFocus);
        fake.awaitRequest(directMessage(ADA, "Kalman filter"), ANSWER);
        fake.awaitRequest(directMessage(BO, "Kalman filter"), ANSWER);
        awaitRows(List.of(List.of("delivered", 1)), "the console's reminder, shown by the console at its first attempt",
                "SELECT status, attempts FROM outbox WHERE kind = 'reminder' AND recipient_id = ?", ConsolePerson.ID);
        assertEquals(0, directMessagesToTheConsolePerson(), "the bot never opens a DM with the console's person");
    }

    @Test
    @Order(2)
    void mailForTheConsolesPersonThatFallsDueWhileTheBotLooksIsPrintedByTheConsoleNotSent() throws Exception {
        FakeUser cy = FakeUser.fresh();
        answered(park(cy, "Bloom filter"));
        answered(fake.slashCommand("nudge").subcommand("set").by(cy).inChannel(GUILD, GUILD.defaultChannel())
                .option("day", "sunday").option("time", "18:00").option("zone", "UTC").send());
        String set = console.type("/nudge set day:sunday time:18:00 zone:UTC");
        assertTrue(set.contains("Sunday") || set.contains("Sun"), set);
        // Quiet hours around now: the console's next reminder waits in the outbox.
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        String quiet = console.type("/focus quiet from:" + now.minusHours(2).format(hhmm) + " to:"
                + now.plusHours(2).format(hhmm) + " zone:UTC");
        assertTrue(quiet.startsWith("Quiet hours set"), quiet);
        String waits = console.type("/focus set text:deduplicating crawled URLs with a Bloom filter");
        assertFalse(waits.contains("/remind"), "no reminder printed in quiet hours: " + waits);
        List<List<Object>> waiting = query("SELECT id, status FROM outbox WHERE kind = 'reminder' AND recipient_id = ? "
                + "AND status <> 'delivered'", ConsolePerson.ID);
        assertEquals(1, waiting.size(), "the Bloom filter reminder waits: " + waiting);
        long reminder = ((Number) waiting.get(0).get(0)).longValue();

        // Both nudges and the waiting reminder fall due; the bot looks every second. The reminder first: the bot's look
        // that sends cy's nudge comes after it, and takes due mail in the order it fell due.
        long due = System.currentTimeMillis();
        query("UPDATE outbox SET deliver_after = ? WHERE id = ?", due, reminder);
        query("UPDATE nudge_schedule SET next_run = ? WHERE owner_id IN (?, ?)", due, cy.id(), ConsolePerson.ID);
        fake.awaitRequest(directMessage(cy, "Your weekly nudge"), ANSWER);
        // The bot's look that found cy's nudge passed over the console person's.
        assertEquals(List.of(), query("SELECT id FROM nudge WHERE owner_id = ?", ConsolePerson.ID),
                "the bot left the console person's nudge to the console");
        assertEquals(List.of(List.of(0)), query("SELECT attempts FROM outbox WHERE id = ?", reminder),
                "the bot left the console person's reminder to the console");

        // The console's next look finds both (the nudge before its next line is answered, the reminder at once or
        // then); the line after shows nothing more.
        String off = console.type("/focus quiet state:off") + "\n" + console.type("/loops");
        assertTrue(off.startsWith("Quiet hours are off"), off);
        assertEquals(1, off.lines().filter(l -> l.equals("Your weekly nudge")).count(), off);
        assertTrue(off.contains("Bloom filter") && off.contains("Act on it here: /remind"), off);
        String show = console.type("/nudge show");
        assertTrue(show.startsWith("Your weekly nudge: Sundays at 18:00 (UTC).") && show.lines().count() == 1, show);
        assertEquals(List.of(List.of("delivered", 1)), query("SELECT status, attempts FROM outbox WHERE id = ?",
                reminder));
        assertEquals(0, directMessagesToTheConsolePerson(), "the bot never opens a DM with the console's person");
    }

    @Test
    @Order(3)
    void theConsoleQuitsAndStartsAgainWhileTheBotRunsWithoutReadingTheFileWhole() throws Exception {
        console.quit();
        // The bot goes on alone, and answers while the console starts again.
        InteractionHandle whileStarting = park(BO, "Raft consensus");
        console = Console.start();
        answered(whileStarting);
        List<String> errors = console.errorLines();
        assertEquals(List.of(), errors.stream().filter(l -> l.contains(WHOLE_READ)).toList(),
                "the console started again beside the running bot without reading the file whole");
        String loops = console.type("/loops");
        for (String concept : CONCEPTS) {
            assertTrue(loops.contains(concept), "the console's loops after its restart: " + loops);
        }
        // Both go on writing after the restart; each sees what it wrote before.
        InteractionHandle boPark = park(BO, "quorum intersection");
        assertTrue(console.type("/park concept:Raft consensus").contains("Raft consensus"));
        answered(boPark);
        // The console person's third reminder today: the default daily limit (3) allows no fourth.
        InteractionHandle boFocus = focus(BO, "implementing Raft in Go");
        String printed = console.type("/focus set text:implementing Raft in Go");
        answered(boFocus);
        assertTrue(printed.contains("Raft consensus") && printed.contains("/remind"), printed);
        fake.awaitRequest(directMessage(BO, "Raft consensus"), ANSWER);
        console.endOfInput();
    }

    @Test
    @Order(4)
    void afterBothStopNothingIsLostOrTwiceAndTheFileIsSound() throws Exception {
        bot.destroy(); // SIGTERM: the bot stops cleanly, as under systemd or docker stop
        assertTrue(bot.waitFor(ANSWER.toSeconds(), TimeUnit.SECONDS), "the bot did not stop");
        List<String> console1 = new ArrayList<>(CONCEPTS);
        console1.add("Raft consensus");
        assertEquals(rows(console1), concepts(ConsolePerson.ID));
        assertEquals(rows(CONCEPTS), concepts(ADA.id()));
        List<String> bo = new ArrayList<>(CONCEPTS);
        bo.addAll(List.of("Raft consensus", "quorum intersection"));
        assertEquals(rows(bo), concepts(BO.id()));
        assertEquals(List.of(), query("SELECT id, kind, recipient_id, status FROM outbox WHERE status <> 'delivered'"),
                "no mail left behind");
        assertEquals(List.of(), query("SELECT kind, ref_id, COUNT(*) FROM outbox GROUP BY kind, ref_id "
                + "HAVING COUNT(*) > 1"));
        Map<String, Long> posted = fake.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().matches("channels/\\d+/messages") && r.succeeded())
                .collect(Collectors.groupingBy(r -> r.path() + " " + WireAssertions.text(r.json()),
                        Collectors.counting()));
        assertEquals(Map.of(), posted.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "nothing was sent twice");
        assertEquals(4, posted.size(), "three reminders to ada and bo, one nudge to cy: " + posted.keySet());
        assertEquals(List.of(List.of("ok")), query("PRAGMA integrity_check"));
        assertFalse(Files.exists(db.resolveSibling("loopkeeper.db-lock")), "the last to close removed the lock file");
        assertTrue(Files.exists(db.resolveSibling("loopkeeper.db-closed")), "the bot, last to close, left its note");
    }
}
