package dev.loopkeeper;

import dev.loopkeeper.common.ConsolePerson;
import dev.loopkeeper.common.DaemonThreads;
import dev.loopkeeper.config.Config;
import dev.loopkeeper.delivery.Outbox;
import dev.loopkeeper.delivery.OutboxStore;
import dev.loopkeeper.console.ConsoleFront;
import dev.loopkeeper.console.ConsoleTimeText;
import dev.loopkeeper.discord.Backoff;
import dev.loopkeeper.discord.BotCommand;
import dev.loopkeeper.discord.CloseCommand;
import dev.loopkeeper.discord.ComponentHandler;
import dev.loopkeeper.discord.DiscordBot;
import dev.loopkeeper.discord.DiscordPolls;
import dev.loopkeeper.discord.DiscordReminders;
import dev.loopkeeper.discord.DiscordTimeText;
import dev.loopkeeper.discord.ExportCommand;
import dev.loopkeeper.discord.EditCommand;
import dev.loopkeeper.discord.HelpCommand;
import dev.loopkeeper.discord.RelatedCommand;
import dev.loopkeeper.discord.ReopenCommand;
import dev.loopkeeper.discord.FocusCommand;
import dev.loopkeeper.discord.ForgetMeCommand;
import dev.loopkeeper.discord.ImportCommand;
import dev.loopkeeper.discord.GroupLoops;
import dev.loopkeeper.discord.LoopsCommand;
import dev.loopkeeper.discord.NudgeCommand;
import dev.loopkeeper.discord.ReflectionsCommand;
import dev.loopkeeper.discord.OpenCommand;
import dev.loopkeeper.discord.ParkCommand;
import dev.loopkeeper.discord.ProgressCommand;
import dev.loopkeeper.discord.TreeCommand;
import dev.loopkeeper.discord.TriageCommand;
import dev.loopkeeper.discord.ParkMessageCommand;
import dev.loopkeeper.discord.ServerPresence;
import dev.loopkeeper.discord.SettingsCommand;
import dev.loopkeeper.discord.WorklogListener;
import dev.loopkeeper.focus.Focus;
import dev.loopkeeper.focus.FocusListener;
import dev.loopkeeper.focus.FocusMessages;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.focus.FocusStore;
import dev.loopkeeper.help.HelpMessages;
import dev.loopkeeper.help.HintService;
import dev.loopkeeper.help.HintStore;
import dev.loopkeeper.loop.GroupPostStore;
import dev.loopkeeper.loop.GroupPosts;
import dev.loopkeeper.loop.LoopListener;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.ownership.DataService;
import dev.loopkeeper.ownership.DataStore;
import dev.loopkeeper.ownership.OwnershipMessages;
import dev.loopkeeper.ownership.ServerDeparture;
import dev.loopkeeper.poll.PollMessages;
import dev.loopkeeper.poll.PollService;
import dev.loopkeeper.poll.PollStore;
import dev.loopkeeper.nudge.DigestService;
import dev.loopkeeper.nudge.DigestSource;
import dev.loopkeeper.nudge.NudgeService;
import dev.loopkeeper.nudge.NudgeStore;
import dev.loopkeeper.nudge.ReabstractionPrompts;
import dev.loopkeeper.relevance.Embedder;
import dev.loopkeeper.relevance.FeedbackStore;
import dev.loopkeeper.relevance.MiniLmEmbedder;
import dev.loopkeeper.relevance.RelevanceIndex;
import dev.loopkeeper.relevance.RelevanceScorer;
import dev.loopkeeper.relevance.StructuralMap;
import dev.loopkeeper.reminder.FeedbackRecorder;
import dev.loopkeeper.reminder.FocusMatcher;
import dev.loopkeeper.reminder.ReminderMessages;
import dev.loopkeeper.reminder.ReminderPolicy;
import dev.loopkeeper.reminder.ReminderService;
import dev.loopkeeper.reminder.ReminderStore;
import dev.loopkeeper.schedule.Job;
import dev.loopkeeper.search.SearchMessages;
import dev.loopkeeper.search.SearchService;
import dev.loopkeeper.schedule.JobScheduler;
import dev.loopkeeper.schedule.ShardClaims;
import dev.loopkeeper.settings.SettingsService;
import dev.loopkeeper.settings.SettingsStore;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.triage.TriageMessages;
import dev.loopkeeper.triage.TriageService;
import dev.loopkeeper.tree.Tree;
import dev.loopkeeper.tree.TreeRenderer;
import dev.loopkeeper.tree.TreeService;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place that knows every part and builds them by constructor. Both fronts
 * (Discord and the console) run on the same services and the same database.
 */
public final class Loopkeeper implements AutoCloseable {
    /** Interactions waiting for a worker beyond this are turned away with a "busy" reply. */
    private static final int WORK_QUEUE = 1_000;
    private static final Logger log = LoggerFactory.getLogger(Loopkeeper.class);

    private final Config config;
    private final Clock clock;
    /**
     * When this process opened the database: a focus set at or before it and never decided was cut off by a stop
     * ({@link #decideInterrupted}); one set since is this process's to decide.
     */
    private final Instant opened;
    /** Set when {@link #close} begins: what fails after it is a stop's doing, not a fault. */
    private volatile boolean closing;
    private final Database database;
    private final Embedder embedder;
    private final boolean ownsEmbedder;
    private final LoopService loops;
    private final FocusService focus;
    private final SettingsService settings;
    private final ReminderService reminders;
    private final Outbox outbox;
    private final RelevanceIndex relevance;
    private final FocusMatcher matcher;
    private final TriageService triage;
    private final DataService data;
    private final ServerDeparture departures;
    private final PollService polls;
    private final SearchService search;
    private final HelpMessages help;
    private final HintService hints;
    private final NudgeService nudges;
    private final DigestService digests;
    private final TreeService trees;
    private final JobScheduler jobs = new JobScheduler();
    /**
     * Shard claims are renewed on a thread of their own: a long run on the job thread (a model change's re-embedding,
     * a week's mail) must not let the claims run out and another process report these shards as run by nobody.
     */
    private final JobScheduler claimRenewal = new JobScheduler("loopkeeper-shard-claims");
    private ThreadPoolExecutor workers;
    private ExecutorService relevanceThread;
    /** Where matching work that may send runs: here for the console and tests, on {@link #relevanceThread} as a bot. */
    private volatile Executor matching = Runnable::run;
    /**
     * Computes a focus text's vector and map topics while its save commits ({@link FocusListener#preparing}): one
     * thread, a short queue; a text it has no room for is computed by the matcher itself, as before.
     */
    private final ThreadPoolExecutor preparing = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(16), DaemonThreads.numbered("loopkeeper-prepare-"), new ThreadPoolExecutor.DiscardPolicy());
    private ExecutorService answers;
    /** Where the group's posts of server loops are remembered and edited (GroupLoops): one thread, off the answers. */
    private ThreadPoolExecutor groupPostEdits;
    /**
     * Where work-log messages become focus: one thread, so one person's notes are recorded in the order they wrote
     * them (each replaces the one before), and chat in a busy channel never holds up the interaction workers.
     */
    private ThreadPoolExecutor worklogLane;
    /** Where autocomplete is answered: apart from the workers, so typing never waits behind a burst of commands. */
    private ThreadPoolExecutor suggestions;
    /** The bot's /park, whose answers to parks already committed go out before the bot disconnects. */
    private ParkCommand parkCommand;
    private final GroupPosts groupPosts;
    private DiscordBot bot;
    private DiscordPolls discordPolls;
    /** Every handler the router finds by component key; empty until the bot starts. */
    private List<ComponentHandler> componentHandlers = List.of();
    /** This process's claims on its shards in the shared database (PostgreSQL only); null otherwise. */
    private ShardClaims shardClaims;

    private Loopkeeper(Config config, Clock clock, Database database, Embedder embedder, boolean ownsEmbedder,
            StructuralMap map) {
        this.config = config;
        this.clock = clock;
        this.opened = clock.instant();
        this.database = database;
        this.embedder = embedder;
        this.ownsEmbedder = ownsEmbedder;
        LoopStore loopStore = new LoopStore();
        this.loops = new LoopService(database, loopStore, clock, config.maxOpenLoops());
        this.groupPosts = new GroupPosts(database, new GroupPostStore(), clock);
        this.focus = new FocusService(database, new FocusStore(), clock);
        this.settings = new SettingsService(database, new SettingsStore(), clock);
        Config.Relevance r = config.relevance();
        ReminderPolicy policy = new ReminderPolicy(r.threshold(), Duration.ofDays(r.cooldownDays()), r.dailyCap(),
                ReminderPolicy.defaults().maxItems(), ReminderPolicy.defaults().adaptStep(),
                ReminderPolicy.defaults().maxOffset());
        ReminderStore reminderStore = new ReminderStore(loopStore);
        this.relevance = new RelevanceIndex(database, loopStore, new FeedbackStore(loopStore),
                new RelevanceScorer(embedder, map), embedder.modelId(), (long) r.indexMegabytes() << 20, clock);
        FeedbackRecorder feedback = new FeedbackRecorder(database, relevance, focus, clock);
        this.reminders = new ReminderService(database, reminderStore, loops, focus, settings, policy, feedback, clock);
        this.outbox = new Outbox(database, new OutboxStore(), clock, config.delivery().lease());
        outbox.register(reminders);
        this.matcher = new FocusMatcher(database, reminderStore, loopStore, relevance, focus, settings, outbox, policy,
                clock);
        this.triage = new TriageService(database, loopStore, loops, focus, relevance, clock,
                r.threshold());
        this.polls = new PollService(database, new PollStore(loopStore), loopStore, loops, settings, outbox, clock);
        outbox.register(polls);
        this.search = new SearchService(loops, relevance);
        this.help = new HelpMessages(r.cooldownDays(), r.dailyCap());
        this.hints = new HintService(database, new HintStore(), outbox, help, clock,
                owner -> !focus.active(owner).isEmpty());
        NudgeStore nudgeStore = new NudgeStore(loopStore);
        this.nudges = new NudgeService(database, nudgeStore, outbox, settings, loops, new ReabstractionPrompts(), clock,
                Duration.ofDays(7L * config.nudges().untouchedWeeks()));
        settings.onZoneChange(nudges::zoneChanged);
        // What waits moves at once; a reminder it makes due is sent where matching runs (on the bot, not on the thread
        // answering the /focus quiet or /nudge set that changed the hours).
        settings.onQuietHoursChange(owner -> matching.execute(() -> {
            try {
                matcher.quietHoursChanged(owner);
            } catch (RuntimeException e) {
                log.error("Moving {}'s waiting reminders to their new quiet hours failed", owner, e);
            }
        }));
        focus.onCleared(matcher::cleared);
        focus.onReplaced(loopStore::moveSnoozes);
        this.digests = new DigestService(database, nudgeStore, outbox, clock);
        outbox.register(nudges);
        outbox.register(digests);
        // The server digest lists the polls the group decided that week.
        digests.addSource((guildId, from, to) -> {
            List<String> lines = polls.decidedSince(LoopScope.server(guildId), from).stream()
                    .filter(poll -> poll.decidedAt().map(at -> at.isBefore(to)).orElse(false))
                    .map(PollMessages::digestLine).toList();
            return lines.isEmpty() ? Optional.empty()
                    : Optional.of(new DigestSource.Section(PollMessages.digestTitle(), lines));
        });
        // "Snooze until the weekly review" ends at the person's next nudge when they set one.
        reminders.connect(nudges::nextNudge);
        // ... and a snooze until the weekly review follows the nudge when it is set, moved or turned off.
        nudges.onReviewMove(reminders::followReview);
        // ... and when quiet hours change the person's zone, which the review's moment is read in.
        settings.aroundZoneChange(reminders::followReview);
        this.trees = new TreeService(database, loopStore, relevance, new TreeRenderer());
        // A waiting reminder leaves out a loop closed or edited before it goes.
        loops.connect(LoopListener.both(relevance, LoopListener.both(feedback, matcher)), relevance);
        // A list shows a loop snoozed "until this focus ends" as snoozed while that focus is active.
        loops.connectFocus(owner -> focus.active(owner).stream().collect(Collectors.toMap(Focus::id, Focus::text)));
        this.data = new DataService(database, new DataStore(), loopStore, clock, config.maxOpenLoops(),
                // Imported loops are stored at once; their vectors (about 30 ms a loop) are computed in the background.
                person -> jobs.once(job("embed imported loops", Duration.ZERO, () -> reembedStale("imported loops"))),
                relevance::forget);
        data.onZoneKept(nudges::zoneChanged);
        this.departures = new ServerDeparture(database, clock, Duration.ofDays(config.serverGraceDays()));
        departures.onDeleted(settings::forgetServer);
        departures.onDeleted(guild -> relevance.forget(LoopScope.server(guild).ownerKey()));
        // Until a front says otherwise, matching runs on the thread that changed the focus.
        focus.connect(FocusListener.preparedBy(this::prepareFocus, matcher::onFocus));
    }

    /**
     * Starts computing what matching {@code text} needs (its vector, its map topics) on another thread and returns at
     * once; the matcher then finds them computed, or waits for the computation under way rather than repeating it.
     */
    public void prepareFocus(String text) {
        preparing.execute(() -> {
            try {
                relevance.prepare(text);
            } catch (RuntimeException e) {
                log.debug("Preparing a focus text failed; the matcher computes it itself", e);
            }
        });
    }

    /** Opens the database (running migrations), loads the embedding model and builds the services. */
    public static Loopkeeper open(Config config, Clock clock) {
        // Three things load side by side, so start-up is the longest of them rather than their sum: the model (about a
        // second of native work), the concept map's vectors (a few tenths; it waits for the model only if the jar has
        // no vectors for it) and, on this thread, the database with its migrations (Flyway's start-up and checksums,
        // most of a second). A database file it refuses is still reported at once, not after the model has loaded.
        CompletableFuture<MiniLmEmbedder> model = CompletableFuture.supplyAsync(MiniLmEmbedder::new,
                DaemonThreads.oneEach("model-load"));
        CompletableFuture<StructuralMap> map = CompletableFuture.supplyAsync(
                () -> StructuralMap.load(MiniLmEmbedder.MODEL_ID, model::join), DaemonThreads.oneEach("concept-map-load"));
        Database database;
        try {
            database = openDatabase(config);
        } catch (RuntimeException | Error e) {
            closeOnceLoaded(model);
            throw e;
        }
        try {
            return new Loopkeeper(config, clock, database, joined(model), true, joined(map));
        } catch (RuntimeException | Error e) {
            database.close();
            closeOnceLoaded(model);
            throw e;
        }
    }

    /**
     * Waits for a model still loading, then closes it. A refused start exits the process next, and ONNX Runtime must
     * not be creating its session then: its own teardown at exit crashed the JVM (SIGSEGV, exit code 134 instead of
     * 3, an {@code hs_err_pid*.log} in the person's folder) in 10 of 12 starts on another application's database. The
     * load takes under a second; the refusal is said that much later at most.
     */
    private static void closeOnceLoaded(CompletableFuture<MiniLmEmbedder> model) {
        try {
            model.get(30, TimeUnit.SECONDS).close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.debug("The embedding model did not load while the start was refused", e);
        }
    }

    /** A loading step's result, or what it failed with, as itself rather than wrapped. */
    private static <T> T joined(CompletableFuture<T> step) {
        try {
            return step.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** The same with a model the caller owns and shares (tests load it once per JVM). */
    public static Loopkeeper open(Config config, Clock clock, Embedder embedder) {
        return open(config, clock, embedder, loadMap(embedder));
    }

    /** The same with the concept map's vectors loaded by the caller too. */
    public static Loopkeeper open(Config config, Clock clock, Embedder embedder, StructuralMap map) {
        return new Loopkeeper(config, clock, openDatabase(config), embedder, false, map);
    }

    /** The configured database: PostgreSQL when {@code LOOPKEEPER_DB} is its URL, else the SQLite file. */
    public static Database openDatabase(Config config) {
        return config.postgres()
                .map(pg -> Database.openPostgres(pg.url(), pg.user().orElse(null), pg.password().orElse(null)))
                .orElseGet(() -> Database.open(config.databasePath()));
    }

    /** The shipped concept map with its vectors for this model (precomputed at build time). */
    public static StructuralMap loadMap(Embedder embedder) {
        return StructuralMap.load(embedder);
    }

    /** Everything {@code Main} does to run the bot: open, connect to Discord, register commands, start jobs. */
    public static Loopkeeper startBot(Config config) throws InterruptedException {
        return startBot(open(config, Clock.systemUTC()), Backoff.standard());
    }

    /** The same, waiting between attempts to reach Discord as {@code backoff} says (tests pass milliseconds). */
    public static Loopkeeper startBot(Config config, Backoff backoff) throws InterruptedException {
        return startBot(open(config, Clock.systemUTC()), backoff);
    }

    /** The same on a given clock and model, so end-to-end tests move time instead of sleeping. */
    public static Loopkeeper startBot(Config config, Clock clock, Embedder embedder) throws InterruptedException {
        return startBot(open(config, clock, embedder), Backoff.standard());
    }

    /** The same, waiting between attempts to reach Discord as {@code backoff} says. */
    public static Loopkeeper startBot(Config config, Clock clock, Embedder embedder, Backoff backoff)
            throws InterruptedException {
        return startBot(open(config, clock, embedder), backoff);
    }

    private static Loopkeeper startBot(Loopkeeper loopkeeper, Backoff backoff) throws InterruptedException {
        try {
            loopkeeper.connect(backoff);
            return loopkeeper;
        } catch (InterruptedException | RuntimeException e) {
            loopkeeper.close();
            throw e;
        }
    }

    private void connect(Backoff backoff) throws InterruptedException {
        DiscordTimeText time = new DiscordTimeText();
        LoopMessages loopMessages = new LoopMessages(time);
        // Poll results and sending need the JDA that start() builds; the commands must exist before it.
        AtomicReference<DiscordBot> started = new AtomicReference<>();
        // The group's post of a server loop follows the loop: edited on its own thread once a change committed, so no
        // answer waits on it; a queue that overflows drops an edit (logged), never a change.
        groupPostEdits = lane("loopkeeper-group-posts-");
        GroupLoops group = new GroupLoops(loops, loopMessages, groupPosts, started::get, groupPostEdits);
        loops.listen(group);
        // A park is answered once committed, off the worker that received it: these threads build and send answers.
        answers = Executors.newFixedThreadPool(2, DaemonThreads.numbered("loopkeeper-answer-"));
        ParkCommand park = new ParkCommand(loops, loopMessages, group, triage, hints, answers);
        parkCommand = park;
        SearchMessages searchMessages = new SearchMessages(time);
        // Whether this process runs a server's shard: only then are its channels in this process's cache.
        java.util.function.Predicate<String> runsServer =
                guildId -> config.shards().map(shards -> shards.runs(guildId)).orElse(true);
        discordPolls = new DiscordPolls(started::get, polls, loops, new PollMessages(time),
                task -> workers.execute(task), runsServer);
        List<BotCommand> commands = List.of(
                park,
                new ParkMessageCommand(park, loops),
                new LoopsCommand(loops, loopMessages, config.pageSize(), search, searchMessages),
                new OpenCommand(loops, loopMessages),
                new ProgressCommand(loops, loopMessages),
                new CloseCommand(loops, loopMessages),
                new EditCommand(loops, loopMessages),
                new ReopenCommand(loops, loopMessages),
                new RelatedCommand(search, loops, searchMessages, loopMessages),
                new HelpCommand(help, owner -> HelpMessages.next(loops.countOpen(owner) > 0,
                        !focus.active(owner).isEmpty())),
                new TriageCommand(triage, loops, new TriageMessages(time), discordPolls),
                new TreeCommand(trees),
                new FocusCommand(focus, settings, new FocusMessages(time), config.relevance().messageContent()),
                new NudgeCommand(nudges),
                new ReflectionsCommand(nudges, loops),
                new SettingsCommand(settings, config.relevance().messageContent(), digests,
                        new SettingsCommand.Limits(config.relevance().dailyCap(), config.relevance().cooldownDays())),
                new ExportCommand(data, new OwnershipMessages(), config.uploadLimitBytes()),
                new ImportCommand(data, new OwnershipMessages()),
                new ForgetMeCommand(data, new OwnershipMessages(), clock));
        workers = new ThreadPoolExecutor(config.workers(), config.workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WORK_QUEUE), DaemonThreads.numbered("loopkeeper-worker-"));
        // Matching is CPU work that may end in a DM: keep it off the threads that answer interactions.
        relevanceThread = Executors.newSingleThreadExecutor(DaemonThreads.numbered("loopkeeper-relevance-"));
        matching = relevanceThread;
        focus.connect(FocusListener.preparedBy(this::prepareFocus, changed -> relevanceThread.execute(
                () -> decide(changed))));
        // The reminder buttons must be routed from the first event, but sending needs the JDA that start() builds.
        DiscordReminders discordReminders = new DiscordReminders(started::get, reminders, outbox,
                new ReminderMessages(time), runsServer);
        worklogLane = lane("loopkeeper-worklog-");
        WorklogListener worklog = new WorklogListener(settings, focus, config.relevance().worklogFocusHours(),
                worklogLane);
        ThreadPoolExecutor pool = workers;
        // Each session's READY and each join or leave is a write: they queue on the job thread (unbounded, one thread,
        // so in the order of events, which ServerPresence relies on), not on the interaction workers, whose queue is
        // bounded for bursts of people.
        ServerPresence presence = new ServerPresence(departures,
                task -> jobs.once(job("record where the bot is", Duration.ZERO, task)));
        if (config.postgres().isPresent()) {
            // Several processes may share this database: say at once if another live one runs a shard of ours.
            shardClaims = new ShardClaims(database, clock, ShardClaims.thisProcess(), ShardClaims.LEASE);
            claimShards();
        }
        List<ComponentHandler> components = List.of(discordReminders, group);
        componentHandlers = Stream.concat(commands.stream(), components.stream()).toList();
        suggestions = lane("loopkeeper-suggest-");
        started.set(DiscordBot.start(config, backoff, commands, components, workers, suggestions,
                () -> !pool.getQueue().isEmpty() || pool.getActiveCount() >= pool.getMaximumPoolSize(),
                discordReminders::showHeld,
                config.relevance().messageContent()
                        ? List.of(worklog, discordPolls, presence)
                        : List.of(discordPolls, presence)));
        bot = started.get();
        outbox.attach(discordReminders);
        startJobs();
    }

    private void startJobs() {
        jobs.once(job("re-embed stale loops", Duration.ZERO,
                () -> reembedStale("loops for model " + embedder.modelId())));
        // The generality prior's field names are embedded once per process: now, not under someone's first decision.
        jobs.once(job("embed the foundational fields", Duration.ZERO, relevance::warmUp));
        // The console's person's focus is their terminal's to decide (its reminders are printed there).
        jobs.once(job("decide focus changes a stop cut off", Duration.ZERO,
                () -> decideInterrupted(f -> !f.ownerId().equals(ConsolePerson.ID))));
        // Java2D loads its fonts on first use (a few hundred ms): pay that at start-up, not on someone's first /tree.
        jobs.once(job("warm up the tree renderer", Duration.ZERO, () -> {
            try {
                trees.draw(Tree.sample(), false);
            } catch (Error e) {
                // Such as a machine with no fonts at all: /tree will say so; everything else works.
                log.warn("The tree picture cannot be drawn on this machine: {}", e.toString());
            }
        }));
        // The first run is at once: nudges that fell due while the bot was down (less than a day ago) go out now.
        List<Job> periodic = new ArrayList<>(List.of(job("weekly nudges, digests and due mail",
                config.delivery().every(), this::sendDue)));
        if (discordPolls != null) {
            // Its first run, at start-up, reconciles the polls that closed while the bot was offline.
            periodic.add(job("read ended polls", Duration.ofMinutes(1), discordPolls::reconcile));
        }
        periodic.add(job("delete what servers left behind", Duration.ofHours(1), departures::deleteExpired));
        // Decisions that wrote nothing have their marks committed here, off the deciding thread, a batch at a time, as
        // often as due mail is looked for.
        periodic.add(job("mark focus changes decided", config.delivery().every(), focus::markDecided));
        // A /forget-me while another process read the file left its log to empty: a quiet bot may not write for hours.
        periodic.add(job("empty the log a deletion left", config.delivery().every(), database::emptyLogIfOwed));
        jobs.start(periodic);
        if (shardClaims != null) {
            claimRenewal.start(List.of(job("renew this process's shard claims", ShardClaims.RENEW, this::claimShards)));
        }
    }

    /**
     * Embeds the stale loops no other process is embedding (RelevanceIndex#reembedStale). When another process holds
     * some, this runs again once its lease has run out, so the loops of a process that died mid-way are not left
     * without vectors until the next start; a live holder has saved them by then, and that run finds nothing to do.
     */
    private void reembedStale(String what) {
        int n = relevance.reembedStale();
        if (n > 0) {
            log.info("Embedded {} {}", n, what);
        }
        relevance.staleLeasedUntil().ifPresent(until -> jobs.later(job("re-embed loops another process held",
                Duration.ZERO, () -> reembedStale(what)), Duration.between(clock.instant(), until).plusSeconds(1)));
        jobs.later(historyRound(), HISTORY_PAUSE);
    }

    /** Between two rounds of closed loops to embed, the job thread runs whatever else is due (mail first). */
    private static final Duration HISTORY_PAUSE = Duration.ofSeconds(1);

    /**
     * One round of closed and archived loops to embed (RelevanceIndex#reembedHistoryRound), then the next a moment
     * later until none is left: a long history after a model change waits behind nothing else.
     */
    private Job historyRound() {
        return job("embed closed loops", Duration.ZERO, () -> {
            if (relevance.reembedHistoryRound() > 0) {
                jobs.later(historyRound(), HISTORY_PAUSE);
            }
        });
    }

    /** Claims (or renews) this process's shards, every shard when it runs them all, and logs what is new to say. */
    private void claimShards() {
        Config.Shards shards = config.shards().orElseGet(() -> new Config.Shards(1, List.of(0)));
        for (ShardClaims.Notice notice : shardClaims.renew(shards.total(), shards.ids())) {
            if (notice.warning()) {
                log.warn(notice.line());
            } else {
                log.info(notice.line());
            }
        }
    }

    /**
     * Decides the focus changes a stop cut off between their save and their decision (a kill, a crash, a stop whose
     * limit ran out), those of {@code whose}: set before this process opened the database, still active, and never
     * matched against the loops. Another process's decision under way at that moment may be made twice; the second
     * finds the loops the first reminded of in cooldown.
     */
    private void decideInterrupted(java.util.function.Predicate<Focus> whose) {
        List<Focus> cutOff;
        try {
            cutOff = focus.undecided(opened).stream().filter(whose).toList();
        } catch (RuntimeException e) {
            // Another program kept the file locked, say: the start goes on, and the next start decides them.
            log.warn("Could not look for focus changes a stop left undecided; the next start does: {}", e.toString());
            return;
        }
        if (cutOff.isEmpty()) {
            return;
        }
        log.info("Deciding {} focus changes a stop left undecided", cutOff.size());
        for (Focus item : cutOff) {
            matching.execute(() -> decide(item));
        }
    }

    /** Matches the loops against a focus change, on the matching thread: a failure is logged, the focus stays undecided. */
    private void decide(Focus changed) {
        try {
            matcher.onFocus(changed);
        } catch (RuntimeException e) {
            if (closing) {
                // The stop's limit ran out before this decision did, and the database is closed under it.
                log.info("The stop cut off the decision for focus {}; the next start makes it", changed.id());
            } else {
                log.error("Matching loops against focus {} failed; the next start tries again", changed.id(), e);
            }
        }
    }

    /** One run of the delivery job: hands due nudges and digests to the outbox, then delivers everything due. */
    public void sendDue() {
        int handed = handedOver("weekly nudges", nudges::enqueueDue) + handedOver("server digests", digests::enqueueDue);
        if (handed > 0) {
            log.info("Handed {} weekly nudges and digests to delivery", handed);
        }
        // Reminders whose time passed while the bot was down go as if decided now: out of quiet hours, within limits.
        handedOver("late reminders", matcher::placeLate);
        // A reminder waiting for a focus that ran out meanwhile frees its loops for the person's other work.
        handedOver("reminders whose focus ran out", matcher::endedWhileWaiting);
        // A loop snoozed for a week (or until the review) comes back then if the work that brought it is still on.
        handedOver("snoozes that ran out", matcher::snoozesRunOut);
        outbox.deliverAllDue();
    }

    /** One source of mail for {@link #sendDue}; a failure in it is logged and leaves the others' mail to go out. */
    private static int handedOver(String what, java.util.function.IntSupplier enqueue) {
        try {
            return enqueue.getAsInt();
        } catch (RuntimeException e) {
            log.error("Handing {} to delivery failed; reminders and other mail go on, and it is tried again next run",
                    what, e);
            return 0;
        }
    }

    private static Job job(String name, Duration period, Runnable work) {
        return Job.of(name, period, work);
    }

    /** The terminal front on the same services: one local person, reminders shown inline. */
    public ConsoleFront console() {
        return console(new PrintStream(OutputStream.nullOutputStream()));
    }

    /** The same, saying on {@code said} what it does first when that takes a while (the terminal, before its welcome). */
    public ConsoleFront console(PrintStream said) {
        ConsoleTimeText time = new ConsoleTimeText(clock, () -> settings.person(ConsoleFront.LOCAL_USER).zone());
        ConsoleFront front = new ConsoleFront(loops, focus, settings, reminders, triage, polls, nudges,
                new LoopMessages(time),
                new FocusMessages(time), new ReminderMessages(time), new TriageMessages(time), search,
                new SearchMessages(time), help, hints, data, exportFolder(), trees, treeFolder(config),
                config.pageSize(), time);
        outbox.attach(front.notifier());
        // At once, so search finds them from the first command; and again once the leases of a process that stopped
        // mid-way run out (a console quit during an import's embedding, started again at once). Said first when there
        // are any: 5,000 loops take 10 to 20 s, which looked like a console that hung.
        long waiting = relevance.staleCount();
        if (waiting > 0) {
            said.println(ConsoleFront.preparing(waiting));
            said.flush();
        }
        reembedStale("loops without vectors");
        decideInterrupted(f -> f.ownerId().equals(ConsolePerson.ID));
        // Only the local person's mail: a bot may keep its Discord users' mail in the same database.
        front.checkMailWith(() -> {
            nudges.enqueueDueFor(ConsoleFront.LOCAL_USER);
            matcher.placeLateFor(ConsoleFront.LOCAL_USER);
            matcher.endedWhileWaitingFor(ConsoleFront.LOCAL_USER);
            matcher.snoozesRunOutFor(ConsoleFront.LOCAL_USER);
            outbox.deliverDueFor(ConsoleFront.LOCAL_USER);
            database.emptyLogIfOwed();
        });
        return front;
    }

    /** Where the console writes exports: beside the database, in {@code exports/}. */
    private Path exportFolder() {
        Path parent = config.databasePath().toAbsolutePath().getParent();
        return (parent == null ? Path.of(".") : parent).resolve("exports");
    }

    public Database database() {
        return database;
    }

    public DataService data() {
        return data;
    }

    public ServerDeparture departures() {
        return departures;
    }

    /** Where the console writes tree pictures: a {@code trees} folder beside the database file. */
    static Path treeFolder(Config config) {
        Path database = config.databasePath().toAbsolutePath();
        Path folder = database.getParent() == null ? Path.of("").toAbsolutePath() : database.getParent();
        return folder.resolve("trees");
    }

    public DiscordBot bot() {
        return bot;
    }

    /** The commands and other button handlers the bot routes clicks to by their keys; empty before it starts. */
    public List<ComponentHandler> componentHandlers() {
        return componentHandlers;
    }

    public LoopService loops() {
        return loops;
    }

    public FocusService focus() {
        return focus;
    }

    public SettingsService settings() {
        return settings;
    }

    public ReminderService reminders() {
        return reminders;
    }

    public Outbox outbox() {
        return outbox;
    }

    public RelevanceIndex relevance() {
        return relevance;
    }

    public TriageService triage() {
        return triage;
    }

    public PollService polls() {
        return polls;
    }

    /** The Discord side of polls (null until the bot connects): tests run its start-up reconcile by hand. */
    public DiscordPolls discordPolls() {
        return discordPolls;
    }

    public SearchService search() {
        return search;
    }

    public HelpMessages help() {
        return help;
    }

    public HintService hints() {
        return hints;
    }

    public NudgeService nudges() {
        return nudges;
    }

    public DigestService digests() {
        return digests;
    }

    public TreeService trees() {
        return trees;
    }

    public FocusMatcher matcher() {
        return matcher;
    }

    /** Where the group's posts of server loops are (the Discord front edits them as their loops change). */
    public GroupPosts groupPosts() {
        return groupPosts;
    }

    /**
     * One thread taking tasks in the order they come, with a queue bounded like the workers' ({@link #WORK_QUEUE}):
     * a task beyond it is refused, and its caller logs what it drops.
     */
    private static ThreadPoolExecutor lane(String prefix) {
        return new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(WORK_QUEUE),
                DaemonThreads.numbered(prefix));
    }

    /** What is left until {@code deadline} ({@link System#nanoTime}), never negative. */
    private static Duration until(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** Lets a pool (null when it was never started) finish what it holds, waiting at most {@code limit}. */
    private static void stop(ExecutorService pool, Duration limit) {
        if (pool == null) {
            return;
        }
        pool.shutdown();
        try {
            pool.awaitTermination(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops within {@code LOOPKEEPER_STOP_SECONDS} (8 s by default, inside Docker's 10 s before it kills), each step by
     * a share of that limit; closing the model and the database comes last and waits only for an embedding run or a
     * commit under way. Everything a person saved is committed before it is answered, so a step cut short loses
     * no data: at worst an answer or a group post's edit. A focus change whose decision is cut off is decided by the
     * next start.
     */
    @Override
    public void close() {
        closing = true;
        relevance.stop();
        // No new send from here: Discord is disconnected below, and mail made or due meanwhile (a reminder for a focus
        // set just before the stop) is sent by the next start at once rather than failed on the closed connection.
        outbox.stopSending();
        long start = System.nanoTime();
        long limit = config.stopLimit().toNanos();
        // Interactions under way are answered while Discord can still hear them: new ones are turned away (busy,
        // nothing changed), the workers finish theirs, and every park already handed to the database is answered,
        // with the group's post of a server loop. Stopping Discord first lost those posts (and logged the park as
        // failed). Half the limit, all of it together: a worker stuck on a Discord that does not answer is cut off by
        // the disconnect below.
        long drainBy = start + limit / 2;
        stop(workers, until(drainBy));
        stop(suggestions, until(drainBy));
        if (parkCommand != null && !parkCommand.awaitAnswered(until(drainBy))) {
            log.warn("Some committed parks were not answered before the bot stopped; their loops are saved");
        }
        stop(answers, until(drainBy));
        // After the drain: a join or leave the gateway reports meanwhile is still recorded on the job thread.
        long postsBy = start + limit * 5 / 8;
        jobs.close(until(postsBy));
        // Edits already handed over go to JDA before it stops (it sends what was queued before shutting down).
        stop(groupPostEdits, until(postsBy));
        // A reminder a decision or the delivery job was sending when the stop began goes out, and its outcome is
        // recorded, before the connection closes (jobs.close above interrupts the job, which still waits for Discord).
        if (!outbox.awaitSendsUnderWay(until(postsBy))) {
            log.info("A message was still being sent when the bot disconnected; when its claim runs out it is looked "
                    + "for in the person's DM, and sent again if it is not there");
            outbox.abandonSendsUnderWay();
        }
        if (bot != null) {
            bot.close(until(start + limit * 7 / 8));
        }
        // Local work to nearly the end of the limit: vectors still to compute for parks already answered (the next
        // start's re-embedding does what is left), work-log notes received, decisions for focus changes. The last
        // sixteenth is for closing the model and the database, which wait only for a run or a commit under way.
        long stopBy = start + limit * 15 / 16;
        loops.close(until(stopBy));
        for (ExecutorService pool : new ExecutorService[] {worklogLane, preparing, relevanceThread}) {
            stop(pool, until(stopBy));
        }
        // Decisions that wrote nothing since the job's last run: else the next start makes them again.
        focus.markDecided();
        // A renewal under way (blocked on PostgreSQL, say) is waited for within the limit only, not 5 s more.
        claimRenewal.close(until(stopBy));
        if (shardClaims != null) {
            try {
                shardClaims.release();
            } catch (RuntimeException e) {
                log.warn("Could not give this process's shard claims back; they run out within {} s",
                        ShardClaims.LEASE.toSeconds(), e);
            }
        }
        if (ownsEmbedder && embedder instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("Closing the embedding model failed", e);
            }
        }
        database.close();
    }
}
