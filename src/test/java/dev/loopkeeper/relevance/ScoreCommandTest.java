package dev.loopkeeper.relevance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the score command end to end on the real model (loaded once for the class). */
class ScoreCommandTest {

    private static MiniLmEmbedder embedder;
    private static StructuralMap map;

    private record Result(int code, List<String> out, String err) {
    }

    @BeforeAll
    static void loadModel() {
        embedder = new MiniLmEmbedder();
        map = dev.loopkeeper.Loopkeeper.loadMap(embedder);
    }

    @AfterAll
    static void closeModel() {
        embedder.close();
    }

    private static Result run(String input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ScoreCommand.run(new BufferedReader(new StringReader(input)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                embedder, map);
        String text = out.toString(StandardCharsets.UTF_8);
        return new Result(code, text.isEmpty() ? List.of() : List.of(text.split("\n")),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void skipsHeaderReadsTheWhyIgnoresExtraColumnsAndKeepsOrder() {
        String work = "Implementing a Kalman filter for drone position tracking";
        Result r = run("work\tconcept\twhy\tlabel\n"
                + work + "\tmedieval castle architecture\t\t0\n"
                + work + "\tKalman filter\tthe drone's sensors are noisy\t1\n"
                + work + "\tmedieval castle architecture\n"
                + work + "\tstate estimation\tfor tracking drones\n");
        assertEquals(0, r.code(), r.err());
        assertEquals(4, r.out().size());
        double castle = Double.parseDouble(r.out().get(0));
        double kalman = Double.parseDouble(r.out().get(1));
        assertTrue(kalman > castle + 0.5, r.out().toString());
        assertEquals(r.out().get(0), r.out().get(2), "a repeated pair scores the same, an empty why is no why");
        RelevanceScorer bot = new RelevanceScorer(embedder, map);
        double direct = bot.score(bot.work(work), bot.loop("Kalman filter", "the drone's sensors are noisy")).score();
        assertEquals(direct, kalman, 1e-5, "the command uses the same scorer as the bot, why and map included");
        double withoutWhy = bot.score(bot.work(work), bot.loop("state estimation", null)).score();
        assertTrue(Double.parseDouble(r.out().get(3)) > withoutWhy, "the why column is read: " + r.out());
    }

    @Test
    void headerIsOnlyRecognisedOnTheFirstLine() {
        Result r = run("learning Rust\tborrow checker\nwork\tconcept\n");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.out().size());
    }

    @Test
    void malformedLineFailsWithItsNumberAndPrintsNoScores() {
        Result r = run("work\tconcept\nlearning Rust\tborrow checker\nno tab on this line\n");
        assertEquals(1, r.code());
        assertTrue(r.out().isEmpty(), "no partial output that could be misaligned");
        assertTrue(r.err().contains("line 3"), r.err());

        Result empty = run("learning Rust\t \n");
        assertEquals(1, empty.code());
        assertTrue(empty.err().contains("line 1"), empty.err());
    }

    @Test
    void emptyInputPrintsNothing() {
        Result r = run("work\tconcept\n");
        assertEquals(0, r.code());
        assertTrue(r.out().isEmpty());
    }

    @Test
    void blankLinesAreSkippedAndGetNoScore() {
        Result r = run("\nwork\tconcept\n\nlearning Rust\tborrow checker\n   \n\t\n"
                + "learning Rust\tsourdough starter\n\n");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.out().size(), "one score per pair, the header still recognised: " + r.out());
    }
}
