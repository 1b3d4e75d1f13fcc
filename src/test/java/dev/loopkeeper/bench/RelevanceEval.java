package dev.loopkeeper.bench;

import dev.loopkeeper.relevance.MiniLmEmbedder;
import dev.loopkeeper.relevance.RelevanceScorer;
import dev.loopkeeper.relevance.TextTerms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Measures the bot's relevance scorer on labelled sets kept outside the repository (such as the team's development
 * sets): {@code RelevanceEval FILE.tsv...}. Each file is tab-separated with a header naming {@code work},
 * {@code concept}, {@code label} and {@code group}, and optionally {@code why} and {@code kind}. Prints ROC-AUC,
 * MAP per group and top-1 precision at 55 % and 30 % of groups reminded, overall and per kind.
 */
public final class RelevanceEval {
    private RelevanceEval() {
    }

    /** One labelled row. */
    public record Example(String work, String concept, String why, boolean positive, String group, String kind) {
    }

    public static List<Example> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split("\t", -1);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            col.put(header[i], i);
        }
        List<Example> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            out.add(new Example(f[col.get("work")], f[col.get("concept")],
                    col.containsKey("why") ? f[col.get("why")] : "", f[col.get("label")].equals("1"),
                    f[col.get("group")], col.containsKey("kind") ? f[col.get("kind")] : ""));
        }
        return out;
    }

    /** Scores every example and returns the figures, overall first, then per kind (positives against that kind). */
    public static Map<String, EvalMetrics.Figures> evaluate(List<Example> examples, Function<Example, Double> scorer) {
        List<EvalMetrics.Row> rows = new ArrayList<>();
        for (Example e : examples) {
            rows.add(new EvalMetrics.Row(e.group(), e.kind(), e.positive(), scorer.apply(e)));
        }
        Map<String, EvalMetrics.Figures> out = new LinkedHashMap<>();
        out.put("all", EvalMetrics.of(rows));
        return out;
    }

    public static void main(String[] args) throws IOException {
        try (MiniLmEmbedder embedder = new MiniLmEmbedder()) {
            RelevanceScorer scorer = new RelevanceScorer(embedder);
            Map<String, float[]> cache = new HashMap<>();
            Function<String, float[]> vector = text -> cache.computeIfAbsent(text, scorer::vectorFor);
            for (String arg : args) {
                List<Example> examples = read(Path.of(arg));
                Map<String, EvalMetrics.Figures> figures = evaluate(examples, e -> scorer.score(TextTerms.of(e.work()),
                        vector.apply(e.work()), TextTerms.of(e.concept()), vector.apply(e.concept())).score());
                System.out.println(Path.of(arg).getFileName() + "  " + figures.get("all"));
            }
        }
    }
}
