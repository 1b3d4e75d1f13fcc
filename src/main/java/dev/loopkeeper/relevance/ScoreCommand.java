package dev.loopkeeper.relevance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code score} command: reads {@code work<TAB>concept[<TAB>why]} lines and prints one {@link RelevanceScorer}
 * score per line, in input order, so the matcher can be measured on labelled pairs (scripts/relevance-metrics.py).
 * It scores exactly as the bot does, concept map included.
 */
public final class ScoreCommand {

    /** Texts embedded per call; large enough to keep every core busy, small enough to bound memory. */
    static final int BATCH = 256;

    private ScoreCommand() {
    }

    private record Pair(String work, String concept, String why) {
    }

    /**
     * Runs the command. Blank lines are skipped (they get no score); a first non-blank line starting with
     * {@code work<TAB>concept} is a header and skipped too. The why the person typed when they parked the
     * concept is the header's column named {@code why} (none when the header has no such column), or without a header
     * the third column; an empty why is no why, and other columns are ignored. The whole input is checked before anything is printed: a line without a tab, or with
     * an empty work or concept, is reported on {@code err} with its line number, nothing is printed on {@code out},
     * and the result is 1, so scores can never be misaligned with their rows. Returns 0 on success.
     */
    public static int run(BufferedReader in, PrintStream out, PrintStream err, Embedder embedder, StructuralMap map) {
        List<Pair> pairs = new ArrayList<>();
        try {
            String line;
            int lineNo = 0;
            boolean first = true;
            // Without a header the third column is the why; with one, the column named "why" is (or there is none).
            int whyColumn = 2;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue; // a trailing newline or a spacer between groups is not a pair
                }
                boolean header = first && line.startsWith("work\tconcept");
                first = false;
                if (header) {
                    whyColumn = List.of(line.split("\t", -1)).indexOf("why");
                    continue;
                }
                String[] cols = line.split("\t", -1);
                if (cols.length < 2 || cols[0].isBlank() || cols[1].isBlank()) {
                    err.println("score: line " + lineNo + ": expected work<TAB>concept with both fields non-empty, got \""
                            + abbreviate(line) + "\"");
                    return 1;
                }
                String why = whyColumn >= 0 && cols.length > whyColumn && !cols[whyColumn].isBlank() ? cols[whyColumn] : null;
                pairs.add(new Pair(cols[0], cols[1], why));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        RelevanceScorer scorer = new RelevanceScorer(embedder, map);
        // Works repeat across many pairs (and concepts across works): embed each distinct text once.
        Map<String, float[]> vectors = new HashMap<>();
        List<String> pending = new ArrayList<>();
        for (Pair p : pairs) {
            List<String> texts = new ArrayList<>(List.of(p.work(), p.concept()));
            if (p.why() != null) {
                texts.add(RelevanceScorer.withWhy(p.concept(), p.why()));
            }
            for (String text : texts) {
                if (!vectors.containsKey(text)) {
                    vectors.put(text, null);
                    pending.add(text);
                }
            }
        }
        for (int from = 0; from < pending.size(); from += BATCH) {
            List<String> batch = pending.subList(from, Math.min(pending.size(), from + BATCH));
            List<float[]> embedded = scorer.vectorsFor(batch);
            for (int i = 0; i < batch.size(); i++) {
                vectors.put(batch.get(i), embedded.get(i));
            }
        }
        StringBuilder sb = new StringBuilder(pairs.size() * 10);
        Map<String, RelevanceScorer.Work> works = new HashMap<>();
        Map<String, RelevanceScorer.Loop> loops = new HashMap<>();
        for (Pair p : pairs) {
            RelevanceScorer.Work work = works.computeIfAbsent(p.work(), w -> scorer.work(w, vectors.get(w)));
            // Concepts repeat across works too: their nearest foundations are found once.
            RelevanceScorer.Loop loop = loops.computeIfAbsent(p.concept() + "\t" + p.why(), key -> scorer.loop(p.concept(),
                    p.why(), vectors.get(p.concept()),
                    p.why() == null ? null : vectors.get(RelevanceScorer.withWhy(p.concept(), p.why()))));
            double score = scorer.score(work, loop).score();
            sb.append(String.format(Locale.ROOT, "%.6f", score)).append('\n');
        }
        out.print(sb);
        out.flush();
        return 0;
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
