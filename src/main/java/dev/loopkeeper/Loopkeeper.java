package dev.loopkeeper;

import dev.loopkeeper.config.Config;
import dev.loopkeeper.console.ConsoleFront;
import dev.loopkeeper.console.ConsoleTimeText;
import dev.loopkeeper.discord.BotCommand;
import dev.loopkeeper.discord.CloseCommand;
import dev.loopkeeper.discord.DiscordBot;
import dev.loopkeeper.discord.DiscordTimeText;
import dev.loopkeeper.discord.FocusCommand;
import dev.loopkeeper.discord.LoopsCommand;
import dev.loopkeeper.discord.ParkCommand;
import dev.loopkeeper.discord.ParkMessageCommand;
import dev.loopkeeper.focus.FocusMessages;
import dev.loopkeeper.focus.FocusService;
import dev.loopkeeper.focus.FocusStore;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.storage.Database;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The composition root: the one place that knows every part and builds them by constructor. Both fronts
 * (Discord and the console) run on the same services and the same database.
 */
public final class Loopkeeper implements AutoCloseable {
    /** Interactions waiting for a worker beyond this are turned away with a "busy" reply. */
    private static final int WORK_QUEUE = 1_000;

    private final Config config;
    private final Clock clock;
    private final Database database;
    private final LoopService loops;
    private final FocusService focus;
    private ThreadPoolExecutor workers;
    private DiscordBot bot;

    private Loopkeeper(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.database = Database.open(config.databasePath());
        this.loops = new LoopService(database, new LoopStore(), clock, config.maxOpenLoops());
        this.focus = new FocusService(database, new FocusStore(), clock);
    }

    /** Opens the database (running migrations) and builds the services, without connecting anywhere. */
    public static Loopkeeper open(Config config, Clock clock) {
        return new Loopkeeper(config, clock);
    }

    /** Everything {@code Main} does to run the bot: open, connect to Discord, register commands. */
    public static Loopkeeper startBot(Config config) throws InterruptedException {
        Loopkeeper loopkeeper = open(config, Clock.systemUTC());
        try {
            loopkeeper.connect();
            return loopkeeper;
        } catch (InterruptedException | RuntimeException e) {
            loopkeeper.close();
            throw e;
        }
    }

    private void connect() throws InterruptedException {
        DiscordTimeText time = new DiscordTimeText();
        LoopMessages loopMessages = new LoopMessages(time);
        ParkCommand park = new ParkCommand(loops, loopMessages);
        List<BotCommand> commands = List.of(
                park,
                new ParkMessageCommand(loops, park),
                new LoopsCommand(loops, loopMessages, config.pageSize()),
                new CloseCommand(loops, loopMessages),
                new FocusCommand(focus, new FocusMessages(time)));
        AtomicInteger threads = new AtomicInteger();
        workers = new ThreadPoolExecutor(config.workers(), config.workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WORK_QUEUE), runnable -> {
                    Thread thread = new Thread(runnable, "loopkeeper-worker-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        bot = DiscordBot.start(config, commands, workers);
    }

    /** The terminal front on the same services: one local person. */
    public ConsoleFront console() {
        ConsoleTimeText time = new ConsoleTimeText(clock);
        return new ConsoleFront(loops, focus, new LoopMessages(time), new FocusMessages(time), config.pageSize());
    }

    public DiscordBot bot() {
        return bot;
    }

    public LoopService loops() {
        return loops;
    }

    public FocusService focus() {
        return focus;
    }

    @Override
    public void close() {
        if (bot != null) {
            bot.close();
        }
        if (workers != null) {
            workers.shutdown();
            try {
                workers.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        database.close();
    }
}
