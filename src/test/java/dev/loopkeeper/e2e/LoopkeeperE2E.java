package dev.loopkeeper.e2e;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.command.CommandSpec;
import dev.loopkeeper.command.Commands;
import dev.loopkeeper.config.Config;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.relevance.Embedder;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.InteractionRecord;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.support.FastTempDirs;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.SharedModel;
import dev.loopkeeper.support.TestApp;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the real Loopkeeper, started exactly as {@code Main} does, against a {@link FakeDiscord}: one bot, one fake
 * and one SQLite file per test class. After every test it holds each interaction the test dispatched to the wire
 * rules (one timely acknowledgement, no pings, ephemeral replies, Discord's limits); on any failure it prints the
 * fake's request log and the captured WARN/ERROR lines. Register it on a {@code static} field with
 * {@code @RegisterExtension}.
 */
public final class LoopkeeperE2E implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, TestExecutionExceptionHandler {

    /** Well-formed (three base64url parts) so ConfigLoader accepts it; the fake accepts any token. */
    public static final String TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAx.GfAkeX.fake-token-for-tests_0123456789";
    /** Every command Loopkeeper registers, by name: the registry's Discord commands. */
    public static final Set<String> COMMAND_NAMES = Commands.discord().stream().map(CommandSpec::name)
            .collect(Collectors.toUnmodifiableSet());
    /** How long tests wait for an answer that should take milliseconds; generous for a loaded 2-core CI box. */
    public static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Pattern GLOBAL_COMMANDS = Pattern.compile("applications/\\d+/commands");
    private static final Pattern GUILD_COMMANDS = Pattern.compile("applications/\\d+/guilds/\\d+/commands");

    private final boolean devGuild;
    /** The fake's world: by default one server, "GUILD", on shard 1 of 2 (and the only shard when unsharded). */
    private java.util.function.Supplier<FakeDiscord> world = FakeDiscord::start;
    /** Extra settings for this class's bot, as a user would put them in .env. */
    private final Map<String, String> extraEnv = new HashMap<>();
    private final Map<String, String> unacknowledgedAllowed = new ConcurrentHashMap<>();
    private final Map<String, String> publicAllowed = new ConcurrentHashMap<>();
    // Above any id the fake hands out to its default world, and unique within the class's database.
    /**
     * The bot's clock: tests move it instead of sleeping. It starts at the real time, so timestamps read right, or at
     * {@code -Dloopkeeper.e2e.start=<ISO instant>}, to walk the suite through a given hour (a Monday morning, the
     * turn of a year) whatever day it runs.
     */
    private final MutableClock clock = new MutableClock(start());
    private Path workDir;
    private FakeDiscord fake;
    private Loopkeeper bot;
    private Config config;
    private int firstInteractionOfTest;
    private int notesBeforeTest;
    private int warningsBeforeTest;
    private final List<String> expectedLogLines = new ArrayList<>();

    private Embedder embedder = SharedModel.embedder();

    private LoopkeeperE2E(boolean devGuild) {
        this.devGuild = devGuild;
    }

    /** Commands registered globally: {@code LOOPKEEPER_DEV_GUILD} unset, as in production. */
    public static LoopkeeperE2E withGlobalCommands() {
        return new LoopkeeperE2E(false);
    }

    /** The same bot with one more setting, such as {@code LOOPKEEPER_MESSAGE_CONTENT=true}. */
    public LoopkeeperE2E with(String key, String value) {
        extraEnv.put(key, value);
        return this;
    }

    /** The same bot against a fake with another world, such as servers on several shards. */
    public LoopkeeperE2E world(FakeDiscord.Builder builder) {
        this.world = builder::start;
        return this;
    }

    /** The same bot on another embedder (such as a {@code GateEmbedder} that makes an embedding late on purpose). */
    public LoopkeeperE2E withEmbedder(Embedder embedder) {
        this.embedder = embedder;
        return this;
    }

    /** Commands registered in the fake's guild: {@code LOOPKEEPER_DEV_GUILD} set, as during development. */
    public static LoopkeeperE2E withDevGuildCommands() {
        return new LoopkeeperE2E(true);
    }

    /** Where the bot's clock starts: {@code loopkeeper.e2e.start} if set, else now. */
    static Instant start() {
        String start = System.getProperty("loopkeeper.e2e.start");
        return start == null || start.isBlank() ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : Instant.parse(start);
    }

    // ---- lifecycle ----

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        workDir = FastTempDirs.newFolder("loopkeeper-e2e-");
        fake = world.get();
        Path file = workDir.resolve("data").resolve("loopkeeper.db");
        Map<String, String> env = new HashMap<>();
        env.put(ConfigLoader.DISCORD_TOKEN, TOKEN);
        env.put(ConfigLoader.DB, file.toString());
        env.put(ConfigLoader.API_BASE, fake.restBaseUrl());
        env.put(ConfigLoader.GATEWAY_URL, fake.gatewayUrl());
        if (devGuild) {
            env.put(ConfigLoader.DEV_GUILD, guildId());
        }
        env.putAll(extraEnv);
        if (env.get(ConfigLoader.DB).equals(file.toString())) {
            // Migrated already, as after the bot's first start (TestApp's template): Flyway runs once per test JVM.
            Files.createDirectories(file.getParent());
            TestApp.migrated(file);
        }
        try {
            // What Main does, on a clock the tests move and the model every test shares; workDir holds no .env or
            // config/, so nothing else leaks in.
            config = ConfigLoader.load(env, workDir, true);
            bot = Loopkeeper.startBot(config, clock, embedder);
            fake.awaitReady(sessions(), STARTUP);
            // Global commands are registered by the process that runs shard 0, a server's by the one that runs its.
            boolean registers = config.shards()
                    .map(shards -> devGuild ? shards.runs(guildId()) : shards.ids().contains(0)).orElse(true);
            if (registers) {
                // startBot returns once JDA is ready; registration is queued after that, so wait for it on the wire.
                Pattern route = devGuild ? GUILD_COMMANDS : GLOBAL_COMMANDS;
                fake.awaitRequest(r -> r.method().equals("PUT") && route.matcher(r.path()).matches() && r.succeeded(),
                        STARTUP);
                CommandDefinitionRules.assertValid(registeredCommands());
            }
        } catch (Exception | AssertionError e) {
            printDiagnostics("starting the bot for " + context.getDisplayName());
            afterAll(context);
            throw e;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (fake == null) {
            throw new IllegalStateException("LoopkeeperE2E must be registered on a static field (one bot per class)");
        }
        firstInteractionOfTest = fake.dispatchedInteractions().size();
        notesBeforeTest = fake.notes().size();
        warningsBeforeTest = fake.capturedWarnings().size();
        expectedLogLines.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<InteractionHandle> all = fake.dispatchedInteractions();
        List<String> problems = new ArrayList<>();
        for (InteractionHandle interaction : all.subList(firstInteractionOfTest, all.size())) {
            try {
                checkInteraction(interaction);
            } catch (AssertionError e) {
                problems.add(e.getMessage());
            }
        }
        List<String> notes = fake.notes();
        notes.subList(notesBeforeTest, notes.size()).forEach(n -> problems.add("the fake noticed: " + n));
        // JDA reports payloads it cannot parse, and the bot its own failures, only in the log.
        List<String> warnings = fake.capturedWarnings();
        warnings.subList(warningsBeforeTest, warnings.size()).stream()
                .filter(line -> expectedLogLines.stream().noneMatch(line::contains))
                .forEach(line -> problems.add("unexpected log line: " + line));
        if (!problems.isEmpty()) {
            printDiagnostics(context.getDisplayName());
            throw new AssertionError("Wire rules broken in " + context.getDisplayName() + ":\n- "
                    + String.join("\n- ", problems));
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        printDiagnostics(context.getDisplayName());
        throw throwable;
    }

    /** Shuts the bot down before the fake (pitfall 9), then checks no interaction was acknowledged twice late. */
    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (bot != null) {
                // JDA's shutdown() lets queued requests finish, so a late second callback would now be in the log.
                bot.close();
                bot = null;
                List<String> twice = new ArrayList<>();
                for (InteractionHandle interaction : fake.dispatchedInteractions()) {
                    int accepted = fake.interactionRecord(interaction).acceptedCallbacks().size();
                    if (accepted > 1) {
                        twice.add(interaction.description() + " acknowledged " + accepted + " times");
                    }
                }
                if (!twice.isEmpty()) {
                    printDiagnostics(context.getDisplayName());
                    throw new AssertionError("Interactions acknowledged more than once: " + twice);
                }
            }
        } finally {
            if (fake != null) {
                fake.close();
                fake = null;
            }
            deleteRecursively(workDir);
        }
    }

    /** How many gateway sessions this bot opens: its shards, or one. */
    private int sessions() {
        return config.shards().map(shards -> shards.ids().size()).orElse(1);
    }

    /**
     * Stops the bot as a stop would, runs {@code whileStopped} (a change in the fake's world that no event tells the
     * bot, such as {@code fake().removeGuild}), and starts it again on the same database, clock and settings, returning
     * once every session of the new run has had its READY.
     */
    public void restart(Runnable whileStopped) throws InterruptedException {
        int readies = fake.readyCount();
        bot.close();
        bot = null;
        whileStopped.run();
        bot = Loopkeeper.startBot(config, clock, embedder);
        fake.awaitReady(readies + sessions(), STARTUP);
    }

    /** {@link #restart}, returning how long the stop took: the old bot's close, timed on the wall clock. */
    public Duration restartTimingTheStop() throws InterruptedException {
        long stopping = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong took = new java.util.concurrent.atomic.AtomicLong();
        restart(() -> took.set(System.nanoTime() - stopping));
        return Duration.ofNanos(took.get());
    }

    // ---- what tests use ----

    /** The fake server's shared parking lot. */
    public dev.loopkeeper.loop.LoopScope lot() {
        return dev.loopkeeper.loop.LoopScope.server(guildId());
    }

    /** Parks {@code concept} in the server's lot as {@code owner} from {@code channelId}, through the bot's service. */
    public dev.loopkeeper.loop.OpenLoop parkInLot(FakeUser owner, String channelId, String concept) {
        return ((dev.loopkeeper.loop.ParkResult.Parked) bot().loops().park(new dev.loopkeeper.loop.ParkRequest(
                owner.id(), concept, null, dev.loopkeeper.loop.Origin.channel(guildId(), channelId), lot()))).loop();
    }

    /** The lot's loop as stored now, read as {@code manager} (a manager of the server) sees it. */
    public dev.loopkeeper.loop.OpenLoop storedInLot(FakeUser manager, dev.loopkeeper.loop.OpenLoop loop) {
        return bot().loops().list(lot(), dev.loopkeeper.loop.Actor.member(manager.id(), guildId(), true),
                        new dev.loopkeeper.loop.LoopFilter(dev.loopkeeper.loop.LoopFilter.Stage.ALL, Optional.empty()),
                        0, 100).loops().stream()
                .filter(l -> l.id() == loop.id()).findFirst().orElseThrow();
    }

    /** Waits (bounded by {@link #WAIT}) for what the bot does on its own threads; fails with the fake's diagnostics. */
    public void await(java.util.function.BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                throw new AssertionError(what + "\n" + fake().diagnostics());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /** The servers whose departure the bot has recorded (their data is deleted after the grace period). */
    public List<String> departedServers() {
        return bot().database().read(s -> s.query("SELECT guild_id FROM server_departure ORDER BY guild_id",
                r -> r.getString(1)));
    }

    public FakeDiscord fake() {
        return fake;
    }

    /** The running bot; its services ({@code loops()}, {@code focus()}) read the same SQLite file. */
    public MutableClock clock() {
        return clock;
    }

    public Loopkeeper bot() {
        return bot;
    }

    /** A user no earlier test has seen, so tests in one class share a bot but never each other's loops. */
    public FakeUser newUser() {
        return FakeUser.fresh();
    }

    /** The fake's only guild. */
    public String guildId() {
        return FakeDiscord.DEFAULT_GUILD.id();
    }

    /** The commands the bot registered, wherever this extension told it to register them. */
    public DataArray registeredCommands() {
        return devGuild ? fake.registeredGuildCommands(guildId()) : fake.registeredCommands();
    }

    /** Waits for the bot's accepted callback to an interaction and returns it ({@code {"type":T,"data":{...}}}). */
    public DataObject reply(InteractionHandle interaction) {
        return fake.awaitAcceptedCallback(interaction, WAIT);
    }

    /** The {@code data} of a message reply (callback type 4), after checking that type. */
    public DataObject message(InteractionHandle interaction) {
        DataObject callback = reply(interaction);
        if (callback.getInt("type") != 4) {
            throw new AssertionError(interaction.description() + ": expected a message reply (type 4), got " + callback);
        }
        return callback.getObject("data");
    }

    /**
     * Exempts one interaction from the "acknowledged once within 3 s" rule, for tests that make the fake refuse
     * every callback on purpose. The other wire rules still apply to whatever the bot sent.
     */
    public void allowUnacknowledged(InteractionHandle interaction, String reason) {
        unacknowledgedAllowed.put(interaction.id(), reason);
    }

    /**
     * Exempts one interaction's reply from the "every reply is ephemeral" rule: a reply made for the whole group (the
     * server's tree). The test asserts what the public reply holds; the other wire rules still apply.
     */
    public void allowPublicReply(InteractionHandle interaction, String reason) {
        publicAllowed.put(interaction.id(), reason);
    }

    /** Lets this test log WARN/ERROR lines containing {@code fragment} (a fault it injects on purpose). */
    public void expectLogLine(String fragment) {
        expectedLogLines.add(fragment);
    }

    /** Requests matching a predicate so far; a convenience over {@code fake().requests()}. */
    public List<RecordedRequest> requests(Predicate<RecordedRequest> matcher) {
        return fake.requests().stream().filter(matcher).collect(Collectors.toList());
    }

    /** {@code /park concept} in the guild, waiting for the reply's message data. */
    public DataObject park(FakeUser user, String concept) {
        return message(fake.slashCommand("park").by(user).option("concept", concept).send());
    }

    /** The person's own loop of this concept, whatever its status, as the bot has it now. */
    public dev.loopkeeper.loop.OpenLoop loop(FakeUser user, String concept) {
        return bot().loops().list(user.id(), dev.loopkeeper.loop.LoopFilter.parse("all", null), 0, 100).loops().stream()
                .filter(l -> l.concept().equals(concept)).findFirst()
                .orElseThrow(() -> new AssertionError(user.id() + " has no loop " + concept));
    }

    /**
     * Clicks the button labelled {@code label} on the message the bot left as the reply to {@code repliedTo}, as
     * the fake stores it now (so an earlier update is seen), and returns the click.
     */
    public InteractionHandle click(FakeUser user, InteractionHandle repliedTo, String label) {
        DataObject message = fake.originalMessage(repliedTo);
        return fake.buttonClick(button(message, label).getString("custom_id")).by(user).onMessage(message).send();
    }

    /** The button labelled {@code label} in a message's action rows; fails if there is none. */
    public static DataObject button(DataObject message, String label) {
        return buttons(message).stream().filter(b -> label.equals(b.getString("label", null))).findFirst()
                .orElseThrow(() -> new AssertionError("no button '" + label + "' in " + message));
    }

    /** Every button in a message, in order: in its action rows, and in a layout's containers and sections. */
    public static List<DataObject> buttons(DataObject message) {
        List<DataObject> buttons = new ArrayList<>();
        collectButtons(message.optArray("components").orElseGet(DataArray::empty), buttons);
        return buttons;
    }

    private static void collectButtons(DataArray components, List<DataObject> buttons) {
        for (int i = 0; i < components.length(); i++) {
            DataObject component = components.getObject(i);
            if (component.getInt("type", 0) == 2) {
                buttons.add(component);
            }
            component.optObject("accessory").ifPresent(a -> collectButtons(DataArray.empty().add(a), buttons));
            collectButtons(component.optArray("components").orElseGet(DataArray::empty), buttons);
        }
    }

    /** A modal's text input by custom id, looking inside its Label (18) wrappers. */
    public static DataObject textInput(DataObject modalData, String customId) {
        DataArray components = modalData.getArray("components");
        for (int i = 0; i < components.length(); i++) {
            DataObject component = components.getObject(i);
            DataObject input = component.optObject("component").orElse(component);
            if (customId.equals(input.getString("custom_id", null))) {
                return input;
            }
        }
        throw new AssertionError("no text input '" + customId + "' in modal " + modalData);
    }

    /** The names of the choices in an autocomplete answer (callback type 8), in order. */
    public static List<String> choiceNames(DataObject autocompleteCallback) {
        DataArray choices = autocompleteCallback.getObject("data").getArray("choices");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < choices.length(); i++) {
            names.add(choices.getObject(i).getString("name"));
        }
        return names;
    }

    // ---- the rules every interaction is held to ----

    private void checkInteraction(InteractionHandle interaction) {
        if (!unacknowledgedAllowed.containsKey(interaction.id())) {
            awaitAcknowledgement(interaction);
            WireAssertions.assertAcknowledgedOnce(fake.interactionRecord(interaction));
            awaitAnswerAfterThinking(interaction);
        }
        InteractionRecord record = fake.interactionRecord(interaction);
        String what = interaction.description() + ": ";
        try {
            WireAssertions.assertWithinLimits(record);
            // Every Loopkeeper message echoes or may echo user text, so every body must suppress mentions.
            record.messageBodies().forEach(WireAssertions::assertMentionsSuppressed);
            for (RecordedRequest callback : record.acceptedCallbacks()) {
                DataObject json = callback.json();
                switch (json.getInt("type")) {
                    case 4 -> {
                        if (!publicAllowed.containsKey(interaction.id())) {
                            WireAssertions.assertEphemeral(json.getObject("data"));
                        }
                    }
                    case 7 -> fake.findOriginalMessage(interaction).ifPresent(WireAssertions::assertEphemeral);
                    case 8 -> WireAssertions.assertAutocompleteWithinLimits(json);
                    default -> { }
                }
            }
            for (RecordedRequest request : record.webhookRequests()) {
                if (request.method().equals("POST") && !request.body().isEmpty()) {
                    WireAssertions.assertEphemeral(request.json()); // a followup is a new message: personal too
                }
            }
            fake.findOriginalMessage(interaction).ifPresent(LoopkeeperE2E::assertPingsNobody);
        } catch (AssertionError e) {
            throw new AssertionError(what + e.getMessage(), e);
        }
    }

    /**
     * A deferred reply (callback 5) shows "thinking" until the bot edits it or sends a followup; one that never comes
     * leaves the person waiting until Discord says the application did not respond (an /import whose refusal JDA
     * refused locally did, with nothing in the log). Waits up to {@link #WAIT} for that answer.
     */
    private void awaitAnswerAfterThinking(InteractionHandle interaction) {
        boolean thinking = fake.interactionRecord(interaction).acceptedCallbacks().stream()
                .anyMatch(c -> c.json().getInt("type", 0) == 5);
        if (!thinking) {
            return;
        }
        String prefix = "webhooks/" + fake.applicationId() + "/" + interaction.token();
        try {
            fake.awaitRequest(r -> r.path().startsWith(prefix) && r.succeeded()
                    && (r.method().equals("PATCH") || r.method().equals("POST")), WAIT);
        } catch (AssertionError timedOut) {
            throw new AssertionError(interaction.description() + ": deferred (\"thinking\") and never answered: no "
                    + "edit of the original reply or followup within " + WAIT.toSeconds() + " s");
        }
    }

    /** Waits no later than the 3 s deadline; an absent or late answer is then reported by the assertion. */
    private void awaitAcknowledgement(InteractionHandle interaction) {
        long remainingNanos = interaction.dispatchedAtNanos() + WireAssertions.ACK_DEADLINE.toNanos() - System.nanoTime();
        if (!fake.interactionRecord(interaction).acceptedCallbacks().isEmpty()) {
            return;
        }
        try {
            fake.awaitAcceptedCallback(interaction, Duration.ofNanos(Math.max(0, remainingNanos)));
        } catch (AssertionError timedOut) {
            // reported by assertAcknowledgedOnce, without the await's full dump
        }
    }

    /** The stored message, with mentions resolved by the fake as Discord would, pings nobody. */
    static void assertPingsNobody(DataObject message) {
        boolean everyone = message.getBoolean("mention_everyone", false);
        DataArray users = message.optArray("mentions").orElseGet(DataArray::empty);
        DataArray roles = message.optArray("mention_roles").orElseGet(DataArray::empty);
        if (everyone || !users.isEmpty() || !roles.isEmpty()) {
            throw new AssertionError("message pings someone (everyone=" + everyone + ", users=" + users
                    + ", roles=" + roles + "): " + message.getString("content", ""));
        }
    }

    // ---- helpers ----

    private void printDiagnostics(String where) {
        if (fake != null) {
            System.err.println("==== Fake Discord diagnostics for " + where + " ====\n" + fake.diagnostics()
                    + "==== end of diagnostics ====");
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** The first choice in an autocomplete answer whose name matches, for readable tests. */
    public static Optional<DataObject> choiceNamed(DataObject autocompleteCallback, String name) {
        DataArray choices = autocompleteCallback.getObject("data").getArray("choices");
        for (int i = 0; i < choices.length(); i++) {
            if (choices.getObject(i).getString("name").equals(name)) {
                return Optional.of(choices.getObject(i));
            }
        }
        return Optional.empty();
    }
}
