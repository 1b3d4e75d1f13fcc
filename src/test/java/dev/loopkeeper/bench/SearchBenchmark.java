package dev.loopkeeper.bench;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.relevance.MiniLmEmbedder;
import dev.loopkeeper.relevance.RelevanceScorer;
import dev.loopkeeper.relevance.StructuralMap;
import dev.loopkeeper.relevance.Vectors;
import dev.loopkeeper.search.SearchService;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.SharedModel;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * How long {@code /related} and {@code /loops query:} take over one person's backlog of N open loops (default
 * 5,000, the per-person cap): distinct concepts from the concept map, stored as the bot stores them (vectors,
 * foundations and own topics computed with the real model, then bulk-inserted: setup, not measured). Measures the
 * service calls the Discord and console commands make ({@code SearchService.related}, {@code SearchService.search}),
 * database reads included, on a warm JVM, and separately the scoring alone: the symmetric score against the one
 * direction it replaced. With a second number, that many closed loops too (years of history; the same concepts again,
 * closed as learned): a search of every stage, its first page and a later one, and {@code /related} with its closed
 * section then read them from their stored vectors. Run by hand:
 * {@code java -cp $CP dev.loopkeeper.bench.SearchBenchmark [5000 [closed]]}; numbers in docs/BENCHMARKS.md.
 */
public final class SearchBenchmark {
    private static final String PERSON = "4444";
    private static final int RUNS = 200;

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int closed = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        RelevanceScorer scorer = new RelevanceScorer(SharedModel.embedder(), SharedModel.map());
        List<String> concepts = TreeBenchmark.concepts(size);
        long s0 = System.nanoTime();
        List<float[]> vectors = scorer.vectorsFor(concepts);
        long s1 = System.nanoTime();
        List<RelevanceScorer.Loop> loops = new ArrayList<>();
        for (int i = 0; i < concepts.size(); i++) {
            loops.add(scorer.loop(concepts.get(i), null, vectors.get(i), null));
        }
        long s2 = System.nanoTime();
        // What an upgrade to stored own topics does per loop (RelevanceIndex.reembedStale): from the stored vectors.
        System.out.printf(Locale.ROOT, "setup: %d concepts embedded in %.1f s; foundations and own topics from the "
                + "vectors in %.1f s (%.2f ms a loop)%n", loops.size(), (s1 - s0) / 1e9, (s2 - s1) / 1e9,
                (s2 - s1) / 1e6 / loops.size());

        Path folder = Files.createTempDirectory("search-bench");
        Path db = folder.resolve("search.db");
        var config = TestApp.config(folder, Map.of(ConfigLoader.DB, db.toString(),
                ConfigLoader.MAX_OPEN_LOOPS, String.valueOf(Math.max(5_000, size))));
        try (Loopkeeper app = TestApp.open(config, MutableClock.at("2026-11-30T08:00:00Z"))) {
            insert(db, concepts, loops, SharedModel.map().version(), "open", size);
            insert(db, concepts, loops, SharedModel.map().version(), "closed", closed);
            List<Long> ids = ids(db);
            System.out.printf(Locale.ROOT, "backlog: %,d open loops, %,d closed%n", ids.size(), closed);
            Random random = new Random(5);

            long first = System.nanoTime();
            SearchService.Related firstRelated = app.search().related(PERSON, String.valueOf(ids.get(0)));
            System.out.printf(Locale.ROOT, "/related, first call (loads the person's index from the database): %.0f ms,"
                    + " %d neighbours%n", (System.nanoTime() - first) / 1e6, firstRelated.neighbours().size());
            for (int i = 0; i < 50; i++) { // JIT warm-up
                app.search().related(PERSON, String.valueOf(ids.get(random.nextInt(ids.size()))));
            }
            long[] related = new long[RUNS];
            int shown = 0;
            for (int i = 0; i < RUNS; i++) {
                long id = ids.get(random.nextInt(ids.size()));
                long start = System.nanoTime();
                shown += app.search().related(PERSON, String.valueOf(id)).neighbours().size();
                related[i] = System.nanoTime() - start;
            }
            System.out.printf(Locale.ROOT, "/related over %,d loops, %d random loops: %s; %.1f neighbours on average%n",
                    ids.size(), RUNS, summary(related), shown / (double) RUNS);

            List<String> queries = new ArrayList<>();
            for (RelatedCutoffs.Pair q : RelatedCutoffs.pairs("search-queries.tsv")) {
                if (!queries.contains(q.a())) {
                    queries.add(q.a());
                }
            }
            LoopScope scope = LoopScope.personal(PERSON);
            Actor actor = Actor.person(PERSON);
            long[] fresh = new long[queries.size()];
            int found = 0;
            for (int i = 0; i < queries.size(); i++) {
                long start = System.nanoTime();
                found += app.search().search(scope, actor, queries.get(i), LoopFilter.open()).found();
                fresh[i] = System.nanoTime() - start;
            }
            System.out.printf(Locale.ROOT, "/loops query: over %,d loops, %d new queries (embedded once each): %s;"
                    + " %.1f found on average%n", ids.size(), queries.size(), summary(fresh),
                    found / (double) queries.size());
            long[] again = new long[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long start = System.nanoTime();
                app.search().search(scope, actor, queries.get(i % queries.size()), LoopFilter.open());
                again[i] = System.nanoTime() - start;
            }
            System.out.printf(Locale.ROOT, "/loops query: the same queries again (embedding cached): %s%n",
                    summary(again));
            if (closed > 0) {
                // What a search with no status does (the default) over years of closed loops: the first page, and a
                // click on a later one, each scoring every loop afresh and reading that page's loops.
                LoopFilter everything = LoopFilter.parseForSearch(null, null);
                int clicks = Math.min(RUNS, 4 * queries.size());
                long[] firstPage = new long[clicks];
                long[] laterPage = new long[clicks];
                long everyStage = 0;
                for (int i = 0; i < clicks; i++) {
                    String query = queries.get(i % queries.size());
                    long start = System.nanoTime();
                    everyStage += app.search().search(scope, actor, query, everything, 0).found();
                    long middle = System.nanoTime();
                    app.search().search(scope, actor, query, everything, 3);
                    firstPage[i] = middle - start;
                    laterPage[i] = System.nanoTime() - middle;
                }
                System.out.printf(Locale.ROOT, "/loops query: with no status over %,d open and %,d closed loops, %d "
                        + "searches: first page %s; page 4 %s; %.0f found on average%n", ids.size(), closed, clicks,
                        summary(firstPage), summary(laterPage), everyStage / (double) clicks);
            }
        }

        // The scoring alone, one loop against all the others: the symmetric score and the one direction it replaced.
        StructuralMap.Topics scratch = SharedModel.map().emptyTopics();
        long[] one = new long[50];
        long[] both = new long[50];
        for (int r = 0; r < 60; r++) {
            RelevanceScorer.Loop center = loops.get(r);
            long a = System.nanoTime();
            RelevanceScorer.Work work = scorer.work(center.concept(), center.conceptVector());
            for (RelevanceScorer.Loop other : loops) {
                scorer.score(work, other);
            }
            long b = System.nanoTime();
            for (RelevanceScorer.Loop other : loops) {
                scorer.related(center, other, scratch);
            }
            long c = System.nanoTime();
            if (r >= 10) {
                one[r - 10] = b - a;
                both[r - 10] = c - b;
            }
        }
        System.out.printf(Locale.ROOT, "scoring one loop against %,d: one direction %s; symmetric %s%n", loops.size(),
                summary(one), summary(both));
    }

    private static List<Long> ids(Path db) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                var rows = c.createStatement().executeQuery("SELECT id FROM open_loop WHERE owner_id = '" + PERSON
                        + "' AND status = 'open' ORDER BY id")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    private static String summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "median %.1f ms, p95 %.1f ms, max %.1f ms", sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.95)] / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    /** Bulk-inserts the loops as the bot stores them (setup, not measured). */
    private static void insert(Path db, List<String> concepts, List<RelevanceScorer.Loop> loops, String mapVersion,
            String status, int count) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO open_loop (owner_id, concept, concept_key, status, created_at, updated_at, embedding,
                                           embedding_model, foundations, foundations_version, outcome, closed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                long then = 1_790_000_000_000L;
                for (int n = 0; n < count; n++) {
                    int i = n % concepts.size();
                    insert.setString(1, PERSON);
                    insert.setString(2, concepts.get(i));
                    insert.setString(3, concepts.get(i).toLowerCase(Locale.ROOT) + " #" + n);
                    insert.setString(4, status);
                    insert.setLong(5, then + n);
                    insert.setLong(6, then + n);
                    insert.setBytes(7, Vectors.toBytes(loops.get(i).conceptVector()));
                    insert.setString(8, MiniLmEmbedder.MODEL_ID);
                    insert.setBytes(9, loops.get(i).foundations().toBytes());
                    insert.setString(10, mapVersion);
                    boolean closed = status.equals("closed");
                    insert.setString(11, closed ? "learned" : null);
                    insert.setObject(12, closed ? then + n : null);
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
            }
        }
    }
}
