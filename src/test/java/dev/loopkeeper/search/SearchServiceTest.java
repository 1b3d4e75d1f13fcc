package dev.loopkeeper.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.relevance.MiniLmEmbedder;
import dev.loopkeeper.storage.BindLimit;
import dev.loopkeeper.storage.SqlSession;
import dev.loopkeeper.support.AppTestBase;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code /loops query:} and {@code /related} on real SQLite and the real model: what is found, in which order, and why. */
class SearchServiceTest extends AppTestBase {
    private static final String ADA = "100";
    private static final String BOB = "200";

    SearchServiceTest() {
        super("2026-03-01T10:00:00Z");
    }

    private static OpenLoop park(Loopkeeper app, String owner, String concept, String why) {
        return ((ParkResult.Parked) app.loops().park(new ParkRequest(owner, concept, why, Origin.none()))).loop();
    }

    private static void backlog(Loopkeeper app) {
        for (String concept : List.of("Kalman filter", "particle filter", "Raft consensus", "Paxos",
                "quorum intersection", "sourdough starter hydration", "stochastic gradient descent", "Adam optimizer",
                "jazz harmony", "plate tectonics", "bloom filters", "medieval castles")) {
            park(app, ADA, concept, null);
        }
    }

    private static List<String> concepts(SearchService.Results results) {
        return results.hits().stream().map(h -> h.loop().concept()).collect(Collectors.toList());
    }

    private static SearchService.Results search(Loopkeeper app, String query, LoopFilter filter) {
        return app.search().search(LoopScope.personal(ADA), Actor.person(ADA), query, filter);
    }

    @Test
    void aWordFindsTheLoopsThatHoldItAndNothingUnrelated() {
        backlog(app);
        SearchService.Results results = search(app, "filter", LoopFilter.open());
        assertEquals(List.of("Kalman filter", "bloom filters", "particle filter"),
                concepts(results).stream().sorted().collect(Collectors.toList()), concepts(results).toString());
        results.hits().forEach(h -> assertEquals(List.of("filter"), h.why().sharedWords()));
        assertEquals(3, results.found());
    }

    @Test
    void meaningFindsWhatNoWordNamesBestFirst() {
        backlog(app);
        assertEquals("Raft consensus", concepts(search(app, "distributed agreement", LoopFilter.open())).get(0));
        assertEquals("jazz harmony", concepts(search(app, "music", LoopFilter.open())).get(0));
        assertEquals("plate tectonics", concepts(search(app, "geology", LoopFilter.open())).get(0));
        SearchService.Results state = search(app, "state estimation", LoopFilter.open());
        assertEquals("Kalman filter", concepts(state).get(0));
        assertTrue(state.hits().get(0).why().closeInMeaning() && state.hits().get(0).why().sharedWords().isEmpty());
        // A word match ranks above a meaning-only one.
        SearchService.Results optimizer = search(app, "optimizer", LoopFilter.open());
        assertEquals(List.of("Adam optimizer", "stochastic gradient descent"), concepts(optimizer).subList(0, 2));
        assertTrue(concepts(search(app, "baking bread", LoopFilter.open())).stream()
                .noneMatch(c -> c.equals("jazz harmony") || c.equals("Paxos")));
    }

    /**
     * A topic the map found a loop through is named only when it holds the query's own word: "gradient" is as near
     * "saliency maps and attribution" as its nearest topic, and "saliency maps and attribution rest on backpropagation"
     * read as a non sequitur.
     */
    @Test
    void aSearchReasonNamesOnlyATopicThatHoldsTheQuerysWord() {
        for (String concept : List.of("backpropagation", "B-tree", "origami tessellations")) {
            park(app, ADA, concept, null);
        }
        SearchService.Hit backprop = search(app, "gradient", LoopFilter.open()).hits().stream()
                .filter(h -> h.loop().concept().equals("backpropagation")).findFirst().orElseThrow();
        assertEquals("work on \u201cgradient\u201d rests on backpropagation",
                backprop.why().restsOn().orElseThrow(), backprop.why().toString());
        SearchService.Hit btree = search(app, "database", LoopFilter.open()).hits().stream()
                .filter(h -> h.loop().concept().equals("B-tree")).findFirst().orElseThrow();
        assertEquals("writing a database from scratch rests on B-tree", btree.why().restsOn().orElseThrow());
    }

    @Test
    void theConceptMapFindsWhatAQueryRestsOnAndSaysSo() {
        for (String concept : List.of("B-tree", "write-ahead logging", "origami tessellations", "mutex")) {
            park(app, ADA, concept, null);
        }
        // Neither word nor meaning reaches the cut-off (cosines 0.36-0.38); the map's database topic rests on both.
        SearchService.Results database = search(app, "database", LoopFilter.open());
        assertEquals(List.of("B-tree", "write-ahead logging"),
                concepts(database).stream().sorted().collect(Collectors.toList()), concepts(database).toString());
        database.hits().forEach(h -> assertTrue(h.why().restsOn().orElseThrow().matches(".* rests? on .*"),
                h.why().toString()));
        SearchService.Results locks = search(app, "locks and threads", LoopFilter.open());
        assertEquals(List.of("mutex"), concepts(locks));
        assertTrue(locks.hits().get(0).why().restsOn().orElseThrow().endsWith("threads and locks rest on mutex"),
                locks.hits().get(0).why().toString());
        // Gibberish is near some topic too ("k-nearest neighbors", whose KD-tree lifted B-tree to 0.54): the map
        // speaks only for a query close to one of its topics.
        assertEquals(List.of(), concepts(search(app, "kkkkkkkkkkkkkkkkkkkkkkkkkkkk", LoopFilter.open())));
    }

    @Test
    void aTopicTheQueryOnlyResemblesLendsNothingWhenTheMapSpellsTheQuerysWord() {
        for (String concept : List.of("quorum intersection", "sprint retrospectives")) {
            park(app, ADA, concept, null);
        }
        // The embedding reads "quorum" nearest "agile and Scrum" (0.69), whose retrospectives it lifted over the line;
        // the map spells "quorum" only under its consensus topics.
        assertEquals(List.of("quorum intersection"), concepts(search(app, "quorum", LoopFilter.open())));
        // Asked about that topic by its own words, the map still speaks.
        SearchService.Results agile = search(app, "agile", LoopFilter.open());
        assertEquals(List.of("sprint retrospectives"), concepts(agile));
        assertTrue(agile.hits().get(0).why().restsOn().orElseThrow().contains("Scrum rest on retrospectives"),
                agile.hits().get(0).why().toString());
    }

    @Test
    void closedLoopsAreSearchedWhenAskedAndTheClassNarrows() {
        OpenLoop kalman = park(app, ADA, "Kalman filter", null);
        park(app, ADA, "particle filter", null);
        app.loops().close(ADA, kalman.id(), Outcome.LEARNED, "predict, then correct");
        assertEquals(List.of("particle filter"), concepts(search(app, "filter", LoopFilter.open())));
        assertEquals(List.of("Kalman filter"), concepts(search(app, "kalman", LoopFilter.parse("closed", null))));
        assertEquals(2, search(app, "filter", LoopFilter.parse("all", null)).found());
        assertEquals(List.of(), concepts(search(app, "filter", LoopFilter.parse("open", "core"))));
    }

    /**
     * Months in, "what did I learn about Raft?": with no status a search finds closed loops as it finds open ones, each
     * saying how and when it ended, its takeaway and its reflections; status:open and status:closed narrow it.
     */
    @Test
    void aSearchWithNoStatusFindsClosedLoopsTooWithTheirEndingAndReflections() {
        OpenLoop raft = park(app, ADA, "Raft consensus", null);
        park(app, ADA, "Raft log compaction", null);
        park(app, ADA, "jazz harmony", null);
        clock.advance(java.time.Duration.ofDays(30));
        app.loops().close(ADA, raft.id(), Outcome.LEARNED, "a leader's term fences off stale writes");
        app.nudges().reflect(ADA, String.valueOf(raft.id()), "elections are leases in disguise");
        app.nudges().reflect(ADA, String.valueOf(raft.id()), "a quorum is what makes two leaders impossible");

        SearchService.Results all = app.search().search(LoopScope.personal(ADA), Actor.person(ADA), "raft",
                LoopFilter.parseForSearch(null, null));
        assertEquals(LoopFilter.Stage.ALL, all.filter().stage());
        assertEquals(List.of("Raft consensus", "Raft log compaction"),
                concepts(all).stream().sorted().collect(Collectors.toList()), concepts(all).toString());
        assertEquals(2, all.reflectionsOf(raft.id()));
        assertEquals(List.of("Raft log compaction"), concepts(search(app, "raft", LoopFilter.parseForSearch("open",
                null))));
        assertEquals(List.of("Raft consensus"), concepts(search(app, "raft", LoopFilter.parseForSearch("closed",
                null))));

        SearchMessages words = new SearchMessages(new dev.loopkeeper.console.ConsoleTimeText(clock,
                () -> java.time.ZoneOffset.UTC));
        assertEquals("Among your loops: \u201craft\u201d", words.resultsTitle(all));
        String body = words.resultsBody(all);
        assertTrue(body.contains("`#" + raft.id() + "` **Raft consensus** \u00b7 learned \u00b7 closed 31 Mar 2026\n"
                + "  Takeaway: a leader's term fences off stale writes\n  words: raft; close in meaning \u00b7 "
                + "2 reflections: "
                + "`/reflections loop:" + raft.id() + "`"), body);
        // An open one reads as before: when it was parked, no reflections line.
        assertTrue(body.contains("**Raft log compaction** \u00b7 parked 4 weeks ago\n  words: raft; close in "
                + "meaning\n"), body);
    }

    /** A search that finds more than a page's worth pages like /loops: ten to a page, best first throughout. */
    @Test
    void aSearchPagesTenAtATimeAndAPagePastTheLastShowsTheLast() {
        List<String> topics = List.of("attention heads", "attention masks", "attention span", "attention economy",
                "visual attention", "cross attention", "flash attention", "sparse attention", "attention sinks",
                "attention rollout", "selective attention in psychology", "attention deficit", "paying attention in "
                        + "meetings", "attention weights", "sourdough starter");
        for (String concept : topics) {
            park(app, ADA, concept, null);
        }
        LoopFilter open = LoopFilter.parseForSearch(null, null);
        SearchService.Results first = app.search().search(LoopScope.personal(ADA), Actor.person(ADA), "attention",
                open, 0);
        assertEquals(14, first.found(), concepts(first).toString());
        assertEquals(2, first.pageCount());
        assertEquals(10, first.hits().size());
        assertTrue(first.hasNext() && !first.hasPrevious());
        SearchService.Results second = app.search().search(LoopScope.personal(ADA), Actor.person(ADA), "attention",
                open, 1);
        assertEquals(1, second.page());
        assertEquals(4, second.hits().size());
        assertTrue(second.hasPrevious() && !second.hasNext());
        List<String> both = new java.util.ArrayList<>(concepts(first));
        both.addAll(concepts(second));
        assertEquals(14, new java.util.HashSet<>(both).size(), "no loop on both pages: " + both);
        assertTrue(first.hits().get(9).why().score() >= second.hits().get(0).why().score(), "best first throughout");
        // A page gone since (a click on Next after loops were closed) shows the last there is.
        SearchService.Results past = app.search().search(LoopScope.personal(ADA), Actor.person(ADA), "attention",
                open, 7);
        assertEquals(1, past.page());
        assertEquals(concepts(second), concepts(past));
        SearchMessages words = new SearchMessages(new dev.loopkeeper.console.ConsoleTimeText(clock,
                () -> java.time.ZoneOffset.UTC));
        assertEquals("14 found, best first, by words, meaning and the concept map \u00b7 page 2 of 2",
                words.resultsFooter(second));
        assertEquals("What fits \u201cattention\u201d fills 2 pages; there is no page 8.",
                SearchMessages.pastLastPage("8", past));
    }

    @Test
    void aClosedLoopBroughtBackByAnImportIsFoundOnceItsVectorsAreIn() {
        OpenLoop kalman = park(app, ADA, "Kalman filter", null);
        app.loops().close(ADA, kalman.id(), Outcome.LEARNED, "predict, then correct");
        byte[] file = app.data().write(app.data().export(ADA), dev.loopkeeper.ownership.ExportFormat.JSON);
        app.data().forget(ADA);
        app.data().importJson(ADA, file); // an export carries no vectors
        // As the rounds an import starts do, after the open loops (done here, or already by them).
        while (app.relevance().reembedHistoryRound() > 0) {
            Thread.onSpinWait();
        }

        assertEquals(MiniLmEmbedder.MODEL_ID, app.database().read(sql -> sql.queryOne(
                "SELECT embedding_model FROM open_loop WHERE owner_id = ? AND concept = 'Kalman filter'",
                row -> row.getString(1), ADA)).orElse(null), "the closed loop has its vectors");
        assertEquals(List.of("Kalman filter"), concepts(search(app, "kalman", LoopFilter.parse("closed", null))));
    }

    @Test
    void aLoopWhoseVectorsAreNotInYetIsFoundByItsWords() {
        backlog(app);
        // As in the seconds after an import or a burst of parks: the loop is saved, its vectors come a moment later.
        app.database().write(sql -> sql.update("UPDATE open_loop SET embedding = NULL, embedding_model = NULL"
                + " WHERE owner_id = ? AND concept = ?", ADA, "quorum intersection"));

        SearchService.Results results = search(app, "quorum", LoopFilter.open());
        SearchService.Hit hit = results.hits().stream().filter(h -> h.loop().concept().equals("quorum intersection"))
                .findFirst().orElseThrow(() -> new AssertionError(concepts(results).toString()));
        assertEquals(List.of("quorum"), hit.why().sharedWords());
        assertFalse(concepts(search(app, "quorum certificates", LoopFilter.open())).contains("quorum intersection"),
                "only a loop holding every word of the query is found without its vectors");
    }

    @Test
    void aWhyIsSearchedTooAndOnlyTheOwnersLoops() {
        park(app, ADA, "reverse-mode autodiff", "my tiny autograd needs it");
        park(app, BOB, "autograd internals", null);
        SearchService.Results results = search(app, "autograd", LoopFilter.open());
        assertEquals(List.of("reverse-mode autodiff"), concepts(results));
        assertEquals(List.of("autograd"), results.hits().get(0).why().sharedWords());
    }

    @Test
    void aLanguageNamedBySymbolsOrOneLetterIsFoundAsItIsWritten() {
        backlog(app);
        park(app, ADA, "C++ move semantics", null);
        park(app, ADA, "pattern matching", "how c# does it, and C after it");
        park(app, ADA, "tidyverse", "R's data frames");
        park(app, ADA, "C++17 structured bindings", null);
        park(app, BOB, "C++ templates", null);
        OpenLoop closed = park(app, ADA, "RAII in C++", null);
        app.loops().close(ADA, closed.id(), Outcome.LEARNED, "destructors free it");

        SearchService.Results cpp = search(app, "C++", LoopFilter.open());
        assertEquals(List.of("C++ move semantics"), concepts(cpp), "not another person's, not C++17's name");
        assertEquals(List.of("C++"), cpp.hits().get(0).why().sharedWords());
        assertEquals(List.of("pattern matching"), concepts(search(app, "c#", LoopFilter.open())));
        assertEquals(List.of("tidyverse"), concepts(search(app, "R", LoopFilter.open())),
                "a letter of its own, not the r of every word");
        park(app, ADA, "Shiny apps in R", null);
        park(app, ADA, "R", null);
        assertEquals(List.of("R", "Shiny apps in R", "tidyverse"), concepts(search(app, "r", LoopFilter.open())),
                "named so, then in a concept, then in a why");
        assertEquals(List.of("pattern matching"), concepts(search(app, "C", LoopFilter.open())),
                "C is neither C++ nor C#");
        assertEquals(List.of("RAII in C++", "C++ move semantics"), concepts(search(app, " c++ ", LoopFilter.parse("all",
                null))), "newest first, closed ones when asked");
        assertTrue(assertThrows(InvalidInputException.class, () -> search(app, "a", LoopFilter.open()))
                .getMessage().contains("has no word to look for"), "a common word is no symbol");
    }

    @Test
    void badQueriesGetClearMessages() {
        backlog(app);
        assertEquals(SearchErrors.emptyQuery(), assertThrows(InvalidInputException.class,
                () -> search(app, "   ", LoopFilter.open())).getMessage());
        assertEquals(SearchErrors.queryTooLong(201, SearchService.MAX_QUERY), assertThrows(InvalidInputException.class,
                () -> search(app, "k".repeat(201), LoopFilter.open())).getMessage());
        assertTrue(assertThrows(InvalidInputException.class, () -> search(app, "the", LoopFilter.open()))
                .getMessage().contains("has no word to look for"));
        assertEquals(List.of(), search(app, "k".repeat(200), LoopFilter.open()).hits());
    }

    @Test
    void aServersLoopsAreSearchedByItsMembersOnly() {
        LoopScope server = LoopScope.server("900");
        app.loops().park(new ParkRequest(ADA, "Raft consensus", null, Origin.channel("900", "901"), server));
        park(app, ADA, "Paxos", null);
        SearchService.Results results = app.search().search(server, Actor.member(BOB, "900", false), "raft",
                LoopFilter.open());
        assertEquals(List.of("Raft consensus"), concepts(results));
        assertThrows(InvalidInputException.class, () -> app.search().search(server, Actor.member(BOB, "777", false),
                "raft", LoopFilter.open()));
        assertThrows(InvalidInputException.class, () -> app.search().search(server, Actor.person(BOB), "raft",
                LoopFilter.open()));
    }

    @Test
    void relatedNamesWhatTheConceptMapSaysTheLoopRestsOn() {
        backlog(app);
        SearchService.Related raft = app.search().related(ADA, "Raft consensus");
        assertEquals("quorum intersection", raft.neighbours().get(0).loop().concept());
        assertEquals("implementing Raft rests on quorum intersection",
                raft.neighbours().get(0).why().restsOn().orElseThrow());

        // Particle filter shares the word; stochastic gradient descent comes through the map (a Kalman filter's nearest
        // topics include adaptive filters, which rest on gradient descent) and may rank above it.
        SearchService.Related kalman = app.search().related(ADA, "Kalman filter");
        SearchService.Neighbour particle = kalman.neighbours().stream()
                .filter(n -> n.loop().concept().equals("particle filter")).findFirst().orElseThrow();
        assertEquals(List.of("filter"), particle.why().sharedWords());
        assertTrue(kalman.neighbours().indexOf(particle) <= 1, kalman.neighbours().toString());
        assertTrue(kalman.neighbours().stream().noneMatch(n -> n.loop().concept().equals("jazz harmony")));

        assertEquals(List.of(), app.search().related(ADA, "medieval castles").neighbours());
        assertTrue(app.search().related(ADA, "Adam optimizer").neighbours().stream()
                .anyMatch(n -> n.loop().concept().equals("stochastic gradient descent")));
    }

    @Test
    void aPairOnlyAWeakMapLinkJoinsIsNotRelated() {
        for (String concept : List.of("quorum intersection", "B-tree", "leader election")) {
            park(app, ADA, concept, null);
        }
        // "B-trees rest on node splitting and merging" lifted quorum intersection to 0.58 with support 0.21: a reason
        // that names neither loop. Leader election sits close under "implementing Raft" (support 0.75) and stays.
        List<String> near = app.search().related(ADA, "quorum intersection").neighbours().stream()
                .map(n -> n.loop().concept()).toList();
        assertEquals(List.of("leader election"), near);
    }

    @Test
    void relatedLeavesOutClosedLoopsAndOtherPeoplesAndShowsAtMostFive() {
        OpenLoop center = park(app, ADA, "Kalman filter", null);
        OpenLoop closed = park(app, ADA, "extended Kalman filter", null);
        app.loops().close(ADA, closed.id(), Outcome.LET_GO, null);
        park(app, BOB, "unscented Kalman filter", null);
        for (String variant : List.of("Kalman filter tuning", "Kalman filter for drones", "Kalman filter in C",
                "Kalman filter covariance", "Kalman filter gain", "Kalman filter smoothing")) {
            park(app, ADA, variant, null);
        }
        SearchService.Related related = app.search().related(ADA, center);
        assertEquals(SearchService.RELATED_SHOWN, related.neighbours().size());
        assertTrue(related.neighbours().stream().allMatch(n -> n.loop().isOpen()
                && n.loop().ownerId().equals(ADA) && n.loop().id() != center.id()));
        // The closed one is listed apart, as what was finished before; Bob's never.
        assertEquals(List.of(closed.id()), related.closed().stream().map(n -> n.loop().id()).toList());
    }

    /**
     * Months in, parking "Paxos" after closing "Raft consensus": /related names the closed loop near it, with how it
     * ended, its takeaway and its reflections, under the open neighbours the buttons act on.
     */
    @Test
    void relatedListsTheClosedLoopsNearItWithTheirTakeawayAndReflections() {
        OpenLoop raft = park(app, ADA, "Raft consensus", null);
        park(app, ADA, "sourdough starter hydration", null);
        OpenLoop election = park(app, ADA, "leader election", null);
        app.loops().close(ADA, raft.id(), Outcome.APPLIED, "terms fence off stale leaders");
        app.nudges().reflect(ADA, String.valueOf(raft.id()), "a quorum is what makes two leaders impossible");
        OpenLoop paxos = park(app, ADA, "Paxos consensus", null);
        // One merged into it lives on in it: not "closed before".
        OpenLoop multi = park(app, ADA, "Multi-Paxos", null);
        app.loops().merge(ADA, multi.id(), paxos.id());

        SearchService.Related related = app.search().related(ADA, paxos);
        assertEquals(List.of(election.id()), related.neighbours().stream().map(n -> n.loop().id()).toList());
        assertEquals(List.of(raft.id()), related.closed().stream().map(n -> n.loop().id()).toList());
        String body = new SearchMessages(new dev.loopkeeper.console.ConsoleTimeText(clock,
                () -> java.time.ZoneOffset.UTC)).relatedBody(related);
        assertTrue(body.contains("\n\n**Closed before, near it**\n`#" + raft.id() + "` **Raft consensus** \u00b7 applied "
                + "\u00b7 closed "), body);
        assertTrue(body.contains("\n  Takeaway: terms fence off stale leaders\n  ") && body.endsWith(
                "\u00b7 1 reflection: `/reflections loop:" + raft.id() + "`"), body);
        assertFalse(body.contains("sourdough"), body);
    }

    /**
     * Years of history: 1,200 closed loops that all fit the query. Every search and page click found them all, then read
     * every one whole through one {@code IN (...)} list of 1,201 parameters, past the 999 SQLite allowed before 3.32
     * (and still allows in some builds; PostgreSQL's driver stops at 32,767): the search failed, and a long history
     * was read whole at every click. Now the stage and class narrow the finds by id and only a page's ten are read, in
     * the same order; {@code /related} reads the three
     * closed loops it shows, the merged ones left out as their vectors are read.
     */
    @Test
    void yearsOfClosedLoopsAreSearchedAPageAtATimeAndOnlyThePageIsReadWhole() {
        OpenLoop kalman = park(app, ADA, "Kalman filter", null);
        app.loops().close(ADA, kalman.id(), Outcome.LEARNED, "predict, then correct");
        OpenLoop tuning = park(app, ADA, "Kalman filter tuning", null);
        park(app, BOB, "Kalman filter", null);
        app.database().inTransaction(sql -> {
            String columns = sql.columns("open_loop").stream().map(SqlSession.Column::name)
                    .filter(name -> !name.equalsIgnoreCase("id")).collect(Collectors.joining(", "));
            sql.update("INSERT INTO open_loop (" + columns + ") WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
                    + " FROM n WHERE i < ?) SELECT " + columns + " FROM open_loop, n WHERE open_loop.id = ?", 1_199,
                    kalman.id());
            sql.update("UPDATE open_loop SET triage = 'core' WHERE owner_id = ? AND status = 'closed' AND id % 3 = 0",
                    ADA);
            // The five newest were merged: the same vectors, first among equals, but no "closed before" for /related.
            return sql.update("UPDATE open_loop SET outcome = 'merged' WHERE id IN (SELECT id FROM open_loop"
                    + " WHERE owner_id = ? AND status = 'closed' ORDER BY id DESC LIMIT 5)", ADA);
        });
        List<Long> closed = app.database().read(sql -> sql.query("SELECT id FROM open_loop WHERE owner_id = ? AND"
                + " status = 'closed' ORDER BY id DESC", row -> row.getLong(1), ADA));
        List<Long> core = app.database().read(sql -> sql.query("SELECT id FROM open_loop WHERE owner_id = ? AND"
                + " status = 'closed' AND triage = 'core' ORDER BY id DESC", row -> row.getLong(1), ADA));
        assertEquals(1_200, closed.size());
        // SQLite before 3.32 bound at most 999 parameters; lower still than a chunk of a long list (500), a click that
        // reads more than its page's loops fails here. Set before any search: a statement kept prepared keeps working.
        if (BindLimit.applies(app.database())) {
            BindLimit.lower(app.database(), 64);
        }

        LoopScope scope = LoopScope.personal(ADA);
        Actor actor = Actor.person(ADA);
        LoopFilter closedOnes = LoopFilter.parseForSearch("closed", null);
        for (int page : List.of(0, 1, 60, 119)) {
            SearchService.Results results = app.search().search(scope, actor, "kalman filter", closedOnes, page);
            assertEquals(1_200, results.found());
            assertEquals(page, results.page());
            // Equal scores rank the newest first: page by page, the closed loops from the newest.
            assertEquals(closed.subList(page * 10, page * 10 + 10), ids(results), "page " + page);
        }
        assertEquals(119, app.search().search(scope, actor, "kalman filter", closedOnes, 500).page());
        SearchService.Results all = app.search().search(scope, actor, "kalman filter",
                LoopFilter.parseForSearch(null, null), 120);
        assertEquals(1_201, all.found());
        assertEquals(1, all.hits().size());
        SearchService.Results cores = app.search().search(scope, actor, "kalman filter",
                LoopFilter.parseForSearch("closed", "core"), 3);
        assertEquals(core.size(), cores.found());
        assertEquals(core.subList(30, 40), ids(cores));

        SearchService.Related related = app.search().related(ADA, tuning);
        assertEquals(closed.subList(5, 8), related.closed().stream().map(n -> n.loop().id()).toList());
    }

    private static List<Long> ids(SearchService.Results results) {
        return results.hits().stream().map(h -> h.loop().id()).toList();
    }
}
