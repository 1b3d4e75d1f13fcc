package dev.loopkeeper;

import dev.loopkeeper.common.WholeFile;
import dev.loopkeeper.config.Config;
import dev.loopkeeper.config.ConfigException;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.discord.GatewayClosedException;
import dev.loopkeeper.loop.LoopStore;
import dev.loopkeeper.ownership.DataService;
import dev.loopkeeper.ownership.DataStore;
import dev.loopkeeper.ownership.Export;
import dev.loopkeeper.ownership.ExportFormat;
import dev.loopkeeper.relevance.MiniLmEmbedder;
import dev.loopkeeper.relevance.ScoreCommand;
import dev.loopkeeper.storage.Backup;
import dev.loopkeeper.storage.Database;
import dev.loopkeeper.storage.DatabaseFileException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.requests.CloseCode;
import org.slf4j.LoggerFactory;

/**
 * Entry point: {@code java -jar loopkeeper.jar [bot|console|score|backup <file>|export <user id> <file>|help]}. Exit codes: 0 done,
 * 1 failed, 2 unusable configuration or arguments (a token Discord rejects, or an intent it does not allow, included),
 * 3 a database file Loopkeeper cannot or must not use. Each refusal is one line on standard error saying what to do; stack traces go to the log
 * at DEBUG only.
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_CONFIG = 2;
    static final int BAD_DATABASE = 3;

    private static final String LOG_LEVEL = "loopkeeper.log.level";
    private static final String USAGE = """
            Usage: java -jar target/loopkeeper.jar [mode]
              (none), bot    run the Discord bot (needs DISCORD_TOKEN, see .env.example)
              console        try Loopkeeper in this terminal, no token needed
              score          read work<TAB>concept[<TAB>why] lines on standard input, print one relevance score per line
              backup <file>  write a consistent copy of the database to a new file, also while the bot runs
              export <user id> <file>
                             write one person's JSON export (as /export gives it) to a new file
              help           this text
            Exit codes: 0 done, 1 failed, 2 bad configuration or arguments (or a token or intent Discord rejects),
            3 a database file Loopkeeper cannot use (the message names it and says what to do).""";

    private static final String TOKEN_REJECTED = ConfigLoader.DISCORD_TOKEN + " was rejected by Discord. Copy it again "
            + "from the Developer Portal's Bot page into .env (see .env.example), or try: java -jar target/loopkeeper.jar "
            + "console";

    private Main() {
    }

    public static void main(String[] args) {
        String mode = args.length == 0 ? "bot" : args[0];
        if (!mode.equals("bot") && System.getProperty(LOG_LEVEL) == null) {
            // Keep the conversation readable: only warnings and errors reach the terminal.
            System.setProperty(LOG_LEVEL, "WARN");
        }
        List<String> arguments = args.length == 0 ? List.of("bot") : Arrays.asList(args);
        int code = run(arguments, System.getenv(), Path.of("").toAbsolutePath(), System.in, System.out, System.err);
        if (code != OK) {
            System.exit(code);
        }
    }

    static int run(String mode, Map<String, String> env, Path workingDir, InputStream in, PrintStream out,
            PrintStream err) {
        return run(List.of(mode), env, workingDir, in, out, err);
    }

    /** Runs one mode: the first argument, followed by its own ({@code backup} and {@code export} take some). */
    static int run(List<String> args, Map<String, String> env, Path workingDir, InputStream in, PrintStream out,
            PrintStream err) {
        String mode = args.get(0);
        switch (mode) {
            case "bot":
                return bot(env, workingDir, out, err);
            case "console":
                return console(env, workingDir, in, out, err);
            case "score":
                return score(in, out, err);
            case "backup":
                return backup(args.subList(1, args.size()), env, workingDir, out, err);
            case "export":
                return export(args.subList(1, args.size()), env, workingDir, out, err);
            case "help":
            case "--help":
            case "-h":
                out.println(USAGE);
                return OK;
            default:
                err.println("Unknown mode '" + mode + "'.");
                err.println(USAGE);
                return BAD_CONFIG;
        }
    }

    private static int bot(Map<String, String> env, Path workingDir, PrintStream out, PrintStream err) {
        Optional<Config> config = load(env, workingDir, true, err);
        if (config.isEmpty()) {
            return BAD_CONFIG;
        }
        Thread.setDefaultUncaughtExceptionHandler(Main::uncaught);
        try {
            Loopkeeper loopkeeper = Loopkeeper.startBot(config.get());
            Runtime.getRuntime().addShutdownHook(new Thread(loopkeeper::close, "loopkeeper-shutdown"));
            out.println("Loopkeeper is running on Discord. Database: " + config.get().databaseName()
                    + ". Stop it with Ctrl-C.");
            return OK;
        } catch (DatabaseFileException e) {
            return refused(e, err);
        } catch (InvalidTokenException e) {
            err.println(TOKEN_REJECTED);
            return BAD_CONFIG;
        } catch (GatewayClosedException e) {
            return closed(e, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    /**
     * Discord closed the gateway during start-up for good: a setting it refuses is one line and exit code 2 (Message
     * Content asked for while the Developer Portal does not allow it; the token, should the gateway be the one to reject
     * it), any other close one line and exit code 1.
     */
    private static int closed(GatewayClosedException e, PrintStream err) {
        LoggerFactory.getLogger(Main.class).debug("Discord closed the gateway during start-up", e);
        CloseCode code = e.closeCode().orElse(null);
        if (code == CloseCode.DISALLOWED_INTENTS) {
            err.println("Discord refused the Message Content intent that " + ConfigLoader.MESSAGE_CONTENT + "=true asks "
                    + "for (close code 4014). Turn on Message Content Intent under Privileged Gateway Intents on the "
                    + "Developer Portal's Bot page, or set " + ConfigLoader.MESSAGE_CONTENT + "=false to run without "
                    + "work-log channels.");
            return BAD_CONFIG;
        }
        if (code == CloseCode.AUTHENTICATION_FAILED) {
            err.println(TOKEN_REJECTED);
            return BAD_CONFIG;
        }
        err.println(e.getMessage() + ".");
        return FAILED;
    }

    /**
     * A thread's uncaught error goes to the log, not raw to the terminal. A JDA thread interrupted while its JDA shuts
     * down (between connection attempts while Discord is unreachable, or as the process stops: its rate limiter then
     * says "Unable to acquire lock while thread is interrupted!") is expected and logged at debug only, as is anything
     * thrown while the process stops; another error in a JDA thread is one line (its stack at debug), and one in
     * Loopkeeper's own threads an error with its stack trace.
     */
    static void uncaught(Thread thread, Throwable error) {
        org.slf4j.Logger log = LoggerFactory.getLogger(Main.class);
        boolean jda = thread.getName().startsWith("JDA");
        boolean interruptedOnItsWayOut = jda && error instanceof IllegalStateException
                && String.valueOf(error.getMessage()).contains("interrupted");
        if (interruptedOnItsWayOut || stopping()) {
            log.debug("{} ended with {} while it stopped", thread.getName(), error.toString(), error);
        } else if (jda) {
            log.warn("{} ended with {}", thread.getName(), error.toString());
            log.debug("{}'s error", thread.getName(), error);
        } else {
            log.error("Uncaught error in thread {}", thread.getName(), error);
        }
    }

    /** Whether the JVM is shutting down: it then refuses new shutdown hooks. */
    private static boolean stopping() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
    }

    /** The bot's own scorer over tab-separated pairs; see docs/RELEVANCE.md. */
    private static int score(InputStream in, PrintStream out, PrintStream err) {
        try (MiniLmEmbedder embedder = MiniLmEmbedder.forBulk()) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return ScoreCommand.run(reader, out, err, embedder, Loopkeeper.loadMap(embedder));
        }
    }

    private static int console(Map<String, String> env, Path workingDir, InputStream in, PrintStream out,
            PrintStream err) {
        Optional<Config> config = load(env, workingDir, false, err);
        if (config.isEmpty()) {
            return BAD_CONFIG;
        }
        try (Loopkeeper loopkeeper = Loopkeeper.open(config.get(), Clock.systemUTC())) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            out.println("Database: " + config.get().databaseName());
            loopkeeper.console(out).run(reader, out, System.console() != null);
            return OK;
        } catch (DatabaseFileException e) {
            return refused(e, err);
        }
    }

    /** {@code backup <file>}: a copy of the configured database; a relative file is relative to the working folder. */
    private static int backup(List<String> args, Map<String, String> env, Path workingDir, PrintStream out,
            PrintStream err) {
        if (args.size() != 1 || args.get(0).isBlank()) {
            err.println("backup takes one new file name, such as: java -jar target/loopkeeper.jar backup "
                    + "backups/loopkeeper-2026-11-30.db");
            return BAD_CONFIG;
        }
        Optional<Config> config = load(env, workingDir, false, err);
        if (config.isEmpty()) {
            return BAD_CONFIG;
        }
        if (config.get().postgres().isPresent()) {
            err.println("backup copies a SQLite file, and " + ConfigLoader.DB + " is a PostgreSQL database. Back it up "
                    + "with PostgreSQL's own tool, such as: pg_dump --format=custom --file=loopkeeper.dump "
                    + "<database> (docs/DEPLOY.md: Backups).");
            return BAD_CONFIG;
        }
        Path target = workingDir.resolve(args.get(0)).toAbsolutePath().normalize();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            err.println(target + " already exists, and a backup never overwrites a file. Choose a new file name.");
            return BAD_CONFIG;
        }
        try {
            long bytes = Backup.write(config.get().databasePath(), target);
            out.println("Backed up " + config.get().databasePath() + " to " + target + " (" + size(bytes)
                    + ", checked with SQLite's quick_check).");
            return OK;
        } catch (DatabaseFileException e) {
            return refused(e, err);
        }
    }

    /**
     * {@code export <user id> <file>}: one person's JSON export, as {@code /export} gives it, written to a new file (a
     * relative one is relative to the working folder), for the operator to hand over: an export too large for Discord
     * to carry says to ask for this. Works beside a running bot, on SQLite or PostgreSQL.
     */
    private static int export(List<String> args, Map<String, String> env, Path workingDir, PrintStream out,
            PrintStream err) {
        if (args.size() != 2 || !args.get(0).matches("[0-9]{1,20}") || args.get(1).isBlank()) {
            err.println("export takes a Discord user id (their number: Developer Mode, then Copy User ID) and a new "
                    + "file name, such as: java -jar target/loopkeeper.jar export 123456789012345678 ada-export.json");
            return BAD_CONFIG;
        }
        String person = args.get(0);
        Path target = workingDir.resolve(args.get(1)).toAbsolutePath().normalize();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            err.println(target + " already exists, and an export never overwrites a file. Choose a new file name.");
            return BAD_CONFIG;
        }
        Optional<Config> config = load(env, workingDir, false, err);
        if (config.isEmpty()) {
            return BAD_CONFIG;
        }
        Path file = config.get().databasePath();
        if (config.get().postgres().isEmpty() && !Files.isRegularFile(file)) {
            err.println("There is no database at " + file + " to export from. Set " + ConfigLoader.DB + " as for the bot "
                    + "(a relative path is relative to the folder you start it in).");
            return BAD_DATABASE;
        }
        // The database alone, as the bot opens it (the model is not needed to read rows).
        try (Database database = Loopkeeper.openDatabase(config.get())) {
            DataService data = new DataService(database, new DataStore(), new LoopStore(), Clock.systemUTC(),
                    config.get().maxOpenLoops(), id -> { }, id -> { });
            Export export = data.export(person);
            if (export.tables().values().stream().allMatch(List::isEmpty)) {
                // Most likely a mistyped id: an empty file would look like a person who had nothing.
                err.println("Loopkeeper holds nothing for user id " + person + " in " + config.get().databaseName()
                        + ". Check the number (Developer Mode, then Copy User ID); nothing was written.");
                return BAD_CONFIG;
            }
            byte[] json = data.write(export, ExportFormat.JSON);
            // Whole or not at all: a killed process or a full disk never leaves a cut file that reads as an export.
            WholeFile.writeNew(target, json);
            int loops = export.loopCount();
            out.println("Wrote the export of " + person + " to " + target + " (" + size(json.length) + ", " + loops
                    + (loops == 1 ? " loop" : " loops") + "). /import restores it.");
            return OK;
        } catch (DatabaseFileException e) {
            return refused(e, err);
        } catch (FileAlreadyExistsException e) {
            err.println(target + " already exists, and an export never overwrites a file. Choose a new file name.");
            return BAD_CONFIG;
        } catch (IOException e) {
            err.println("Could not write " + target + " (" + e.getMessage() + "), so no export was left there. Check "
                    + "the free space and the folder, then try again.");
            return FAILED;
        }
    }

    private static Optional<Config> load(Map<String, String> env, Path workingDir, boolean tokenRequired,
            PrintStream err) {
        try {
            return Optional.of(ConfigLoader.load(env, workingDir, tokenRequired));
        } catch (ConfigException e) {
            e.problems().forEach(err::println);
            return Optional.empty();
        }
    }

    private static int refused(DatabaseFileException e, PrintStream err) {
        err.println(e.getMessage());
        // Not a static logger: Logback must start after main() has chosen the log level.
        LoggerFactory.getLogger(Main.class).debug("Refused the database file {}", e.path(), e);
        return BAD_DATABASE;
    }

    private static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
