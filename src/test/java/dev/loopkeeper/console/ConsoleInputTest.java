package dev.loopkeeper.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A question takes its answer from the next line, but never a command: that runs next, after the safe default. */
class ConsoleInputTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private ConsoleInput input(String lines) {
        return new ConsoleInput(new BufferedReader(new StringReader(lines)), new PrintStream(bytes, true,
                StandardCharsets.UTF_8), false);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anAnswerIsTheNextLineAndCommentsAreSkipped() throws IOException {
        ConsoleInput input = input("/park concept:x\n# a note in a script\n  Keep \n/loops\n");

        assertEquals("/park concept:x", input.nextCommand());
        assertEquals(Optional.of("Keep"), input.ask("Keep or cancel?", "No answer: cancel."));
        assertEquals("/loops", input.nextCommand());
        assertEquals("Keep or cancel? ", printed());
    }

    @Test
    void aCommandInsteadOfAnAnswerTakesTheDefaultAndStillRuns() throws IOException {
        ConsoleInput input = input("/park concept:x\n/loops status:all\n");
        input.nextCommand();

        assertEquals(Optional.empty(), input.ask("Keep or cancel?", "No answer: cancel."));
        assertEquals("Keep or cancel? No answer: cancel.\n", printed().replace("\r\n", "\n"));
        assertEquals("/loops status:all", input.nextCommand());
        assertNull(input.nextCommand());
    }

    @Test
    void aLineStartingWithASlashThatNamesNoCommandIsAnAnswer() throws IOException {
        ConsoleInput input = input("/dev/null-style char device\n/LOOPS status:all\n/lops\n");

        assertEquals(Optional.of("/dev/null-style char device"), input.ask("What did you build?", "none"));
        assertEquals(Optional.empty(), input.ask("And then?", "none"));
        assertEquals("/LOOPS status:all", input.nextCommand());
        assertEquals(Optional.empty(), input.ask("And then?", "none"), "a mistyped command is still a command");
        assertEquals("/lops", input.nextCommand());
    }

    @Test
    void helpQuitAnEmptyLineAndTheEndOfInputAreNotAnswers() throws IOException {
        ConsoleInput input = input("QUIT\n\n");
        assertEquals(Optional.empty(), input.ask("First?", "none"));
        assertEquals("QUIT", input.nextCommand());
        assertEquals(Optional.empty(), input.ask("Second?", "none"));
        assertEquals(Optional.empty(), input.ask("Third?", "none"));
        assertNull(input.nextCommand());
        assertEquals("First? none\nSecond? none\nThird? none\n", printed().replace("\r\n", "\n"));
    }
}
