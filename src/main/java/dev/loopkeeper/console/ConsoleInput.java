package dev.loopkeeper.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The console's input: command lines, and the answers to questions a command asks. A question never eats a
 * command: when the next line is one (or input ends, or the line is empty), the question takes its safe default,
 * says so, and the command runs next. So a script piped in runs every command it holds.
 */
final class ConsoleInput {
    private static final Set<String> SESSION_WORDS = Set.of("help", "quit", "exit");
    /** A command's name at the start of a line, then a space or its end. */
    private static final Pattern COMMAND_WORD = Pattern.compile("[a-z][a-z-]*(\\s|$)");

    private final BufferedReader in;
    private final PrintStream out;
    private final boolean prompt;
    /** A command read while a question waited for its answer; it is the next command. */
    private String held;

    ConsoleInput(BufferedReader in, PrintStream out, boolean prompt) {
        this.in = in;
        this.out = out;
        this.prompt = prompt;
    }

    /** The next command line, skipping blank lines and {@code #} comments; null when input ends. */
    String nextCommand() throws IOException {
        if (held != null) {
            String line = held;
            held = null;
            return line;
        }
        while (true) {
            if (prompt) {
                out.print("> ");
                out.flush();
            }
            String line = in.readLine();
            if (line == null) {
                return null;
            }
            String command = line.strip();
            if (!command.isEmpty() && !command.startsWith("#")) {
                return command;
            }
        }
    }

    /**
     * Prints {@code question} and reads the answer from the next line. Returns empty, after printing
     * {@code unanswered} (the safe default, in words), when there is no answer: the line is a command, or empty, or
     * input has ended.
     */
    Optional<String> ask(String question, String unanswered) throws IOException {
        out.print(question + " ");
        out.flush();
        String answer = held == null ? answerLine() : "";
        if (isCommand(answer)) {
            held = answer;
        }
        if (held == null && unreadable(answer)) {
            out.println(ConsoleMessages.notUtf8()); // an answer is refused as a command line is, then the default
            answer = "";
        }
        if (answer.isEmpty() || held != null) {
            out.println(unanswered);
            return Optional.empty();
        }
        return Optional.of(answer);
    }

    /**
     * Whether a line held bytes that are not UTF-8: the reader puts U+FFFD in their place, which must not be stored
     * as if typed.
     */
    static boolean unreadable(String line) {
        return line.indexOf('\uFFFD') >= 0;
    }

    private String answerLine() throws IOException {
        String line = in.readLine();
        while (line != null && line.strip().startsWith("#")) {
            line = in.readLine();
        }
        return line == null ? "" : line.strip();
    }

    /**
     * Whether a line is a command rather than an answer: help, quit or exit, or a slash and a word that reads as a
     * command's name (letters and hyphens: one of the console's, or a mistyped one, which is then refused as unknown
     * rather than saved as the answer). A slash followed by anything else is an answer ("/dev/null-style device").
     */
    static boolean isCommand(String line) {
        String word = (line.startsWith("/") ? line.substring(1) : line).toLowerCase(Locale.ROOT);
        return SESSION_WORDS.contains(word) || line.startsWith("/") && COMMAND_WORD.matcher(word).lookingAt();
    }
}
