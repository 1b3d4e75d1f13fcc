package dev.loopkeeper;

import dev.loopkeeper.config.Config;
import dev.loopkeeper.config.ConfigException;
import dev.loopkeeper.config.ConfigLoader;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import dev.loopkeeper.relevance.MiniLmEmbedder;
import dev.loopkeeper.relevance.ScoreCommand;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;

/**
 * Entry point: {@code java -jar loopkeeper.jar [bot|console|score|help]}. Exit codes: 0 done, 1 failed,
 * 2 unusable configuration or arguments.
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_CONFIG = 2;

    private static final String USAGE = """
            Usage: java -jar target/loopkeeper.jar [mode]
              (none), bot   run the Discord bot (needs DISCORD_TOKEN, see .env.example)
              console       try Loopkeeper in this terminal, no token needed
              score         read work<TAB>concept lines on standard input, print one relevance score per line
              help          this text""";

    private Main() {
    }

    public static void main(String[] args) {
        String mode = args.length == 0 ? "bot" : args[0];
        if (mode.equals("console") || mode.equals("score")) {
            // Keep the conversation readable: only warnings and errors reach the terminal.
            System.setProperty("loopkeeper.log.level", "WARN");
        }
        int code = run(mode, System.getenv(), Path.of("").toAbsolutePath(), System.in, System.out, System.err);
        if (code != OK) {
            System.exit(code);
        }
    }

    static int run(String mode, Map<String, String> env, Path workingDir, InputStream in, PrintStream out,
            PrintStream err) {
        switch (mode) {
            case "bot":
                return bot(env, workingDir, err);
            case "console":
                return console(env, workingDir, in, out, err);
            case "score":
                return score(in, out, err);
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

    private static int bot(Map<String, String> env, Path workingDir, PrintStream err) {
        Config config;
        try {
            config = ConfigLoader.load(env, workingDir, true);
        } catch (ConfigException e) {
            e.problems().forEach(err::println);
            return BAD_CONFIG;
        }
        try {
            Loopkeeper loopkeeper = Loopkeeper.startBot(config);
            Runtime.getRuntime().addShutdownHook(new Thread(loopkeeper::close, "loopkeeper-shutdown"));
            return OK;
        } catch (InvalidTokenException e) {
            err.println(ConfigLoader.DISCORD_TOKEN + " was rejected by Discord. Copy it again from the Developer "
                    + "Portal's Bot page into .env (see .env.example), or try: java -jar target/loopkeeper.jar console");
            return BAD_CONFIG;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    /** The bot's own scorer over tab-separated pairs; see docs/RELEVANCE.md. */
    private static int score(InputStream in, PrintStream out, PrintStream err) {
        try (MiniLmEmbedder embedder = new MiniLmEmbedder()) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return ScoreCommand.run(reader, out, err, embedder);
        }
    }

    private static int console(Map<String, String> env, Path workingDir, InputStream in, PrintStream out,
            PrintStream err) {
        Config config;
        try {
            config = ConfigLoader.load(env, workingDir, false);
        } catch (ConfigException e) {
            e.problems().forEach(err::println);
            return BAD_CONFIG;
        }
        try (Loopkeeper loopkeeper = Loopkeeper.open(config, Clock.systemUTC())) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            loopkeeper.console().run(reader, out, System.console() != null);
            return OK;
        }
    }
}
