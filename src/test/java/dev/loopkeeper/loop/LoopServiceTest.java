package dev.loopkeeper.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.loop.LoopStore.LoopName;
import dev.loopkeeper.support.AppTestBase;
import dev.loopkeeper.support.Concepts;
import dev.loopkeeper.support.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopServiceTest extends AppTestBase {
    private static final String ADA = "100";
    private static final String BOB = "200";

    private LoopService loops;

    LoopServiceTest() {
        super("2026-03-01T10:00:00Z");
    }

    @BeforeEach
    void open() {
        loops = app.loops();
    }

    private ParkResult.Parked park(String owner, String concept) {
        return assertInstanceOf(ParkResult.Parked.class,
                loops.park(new ParkRequest(owner, concept, null, Origin.none())));
    }

    @Test
    void parkSavesTheLoopAndCountsOpenLoops() {
        park(ADA, "reverse-mode autodiff");
        ParkResult.Parked second = assertInstanceOf(ParkResult.Parked.class, loops.park(new ParkRequest(ADA,
                "  topological   sort ", "backprop walks the graph in reverse order",
                new Origin("G1", "C1", "https://discord.com/channels/G1/C1/M1", "look at this"))));

        assertEquals(2, second.openCount());
        OpenLoop loop = second.loop();
        assertEquals("topological sort", loop.concept());
        assertEquals("backprop walks the graph in reverse order", loop.why());
        assertEquals("https://discord.com/channels/G1/C1/M1", loop.origin().messageUrl());
        assertEquals("look at this", loop.origin().excerpt());
        assertEquals(Triage.UNTRIAGED, loop.triage());
        assertEquals(LoopStatus.OPEN, loop.status());
        assertEquals(clock.instant(), loop.createdAt());
    }

    @Test
    void aLoopStoredDecomposedBeforeTypedTextWasComposedIsFoundAndRecognisedByTheComposedSpelling() {
        long id = assertInstanceOf(ParkResult.Parked.class,
                loops.park(new ParkRequest(ADA, "cafe au lait", "with creme", Origin.none()))).loop().id();
        // As a loop typed with combining accents was stored before typed text was composed to NFC.
        app.database().write(sql -> sql.update("UPDATE open_loop SET concept = ?, why = ? WHERE id = ?",
                "cafe\u0301 au lait", "with cre\u0300me", id));

        assertEquals(List.of(id), loops.suggest(ADA, "caf\u00E9").stream().map(LoopName::id).toList());
        dev.loopkeeper.search.SearchService.Results found = app.search().search(LoopScope.personal(ADA),
                Actor.person(ADA), "caf\u00E9", LoopFilter.open());
        assertEquals(List.of(id), found.hits().stream().map(h -> h.loop().id()).toList());
        // The same why typed composed is the why the loop has: no note that reads the same.
        loops.park(new ParkRequest(ADA, "caf\u00E9 au lait", "with cr\u00E8me", Origin.none()));
        assertTrue(loops.list(ADA, LoopFilter.open(), 0, 10).notesOf(id).isEmpty());
    }

    @Test
    void anArchivedLoopIsListedWithAllOfThem() {
        // Nothing archives a loop now; the status is in the schema, and an import restores what a file says.
        long id = park(ADA, "Fenwick tree").loop().id();
        app.database().write(sql -> sql.update("UPDATE open_loop SET status = 'archived', closed_at = updated_at "
                + "WHERE id = ?", id));
        List<OpenLoop> all = loops.list(ADA, LoopFilter.parse("all", null), 0, 10).loops();
        assertEquals(List.of(id), all.stream().map(OpenLoop::id).toList());
        assertEquals(LoopStatus.ARCHIVED, all.get(0).status());
    }

    @Test
    void emojiCjkAndRightToLeftTextRoundTripExactly() {
        String concept = "注意力機構 🧠👩🏽‍💻 שלום עולם \u200Fمرحبا";
        OpenLoop saved = park(ADA, concept).loop();
        OpenLoop read = loops.list(ADA, LoopFilter.open(), 0, 10).loops().get(0);
        assertEquals(concept, saved.concept());
        assertEquals(concept, read.concept());
    }

    @Test
    void controlCharactersAreStripped() {
        OpenLoop loop = park(ADA, "back\u0000prop\u0007 graph\tnodes\r\n").loop();
        assertEquals("backprop graph nodes", loop.concept());
    }

    @Test
    void badInputIsRefusedWithASpecificMessageAndNothingIsStored() {
        InvalidInputException empty = assertThrows(InvalidInputException.class,
                () -> loops.park(new ParkRequest(ADA, " \u0000 ", null, Origin.none())));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());

        InvalidInputException longConcept = assertThrows(InvalidInputException.class,
                () -> loops.park(new ParkRequest(ADA, "x".repeat(201), null, Origin.none())));
        assertTrue(longConcept.getMessage().contains("201 characters"), longConcept.getMessage());

        InvalidInputException longWhy = assertThrows(InvalidInputException.class,
                () -> loops.park(new ParkRequest(ADA, "ok", "y".repeat(LoopLimits.MAX_WHY + 1), Origin.none())));
        assertTrue(longWhy.getMessage().contains("1001 characters"), longWhy.getMessage());

        assertEquals(0, loops.countOpen(ADA));
    }

    @Test
    void conceptLimitCountsEmojiAsOneCharacter() {
        String twoHundredEmoji = "🧠".repeat(200);
        assertEquals(twoHundredEmoji, park(ADA, twoHundredEmoji).loop().concept());
    }

    @Test
    void perPersonCapRefusesTheNextParkAndKeepsOthersFree() throws Exception {
        try (Loopkeeper small = TestApp.open(TestApp.config(folder, Map.of(
                ConfigLoader.DB, folder.resolve("small.db").toString(),
                ConfigLoader.MAX_OPEN_LOOPS, "3")), clock)) {
            LoopService capped = small.loops();
            for (int i = 0; i < 3; i++) {
                capped.park(new ParkRequest(ADA, Concepts.get(i), null, Origin.none()));
            }
            InvalidInputException full = assertThrows(InvalidInputException.class,
                    () -> capped.park(new ParkRequest(ADA, "one more", null, Origin.none())));
            assertTrue(full.getMessage().contains("3 open loops"), full.getMessage());
            assertTrue(full.getMessage().contains("then park this one."), full.getMessage());
            assertEquals(3, capped.countOpen(ADA));
            assertInstanceOf(ParkResult.AlreadyOpen.class,
                    capped.park(new ParkRequest(ADA, Concepts.get(0), "a new why", Origin.none())),
                    "the same concept again adds to its loop, so the cap does not stop it");
            assertInstanceOf(ParkResult.Parked.class, capped.park(new ParkRequest(BOB, "one more", null, Origin.none())));
            // Reopening a closed loop would open one more: refused with the step it asked for.
            OpenLoop first = capped.resolve(ADA, Concepts.get(0));
            capped.close(ADA, first.id(), Outcome.LEARNED, null);
            capped.park(new ParkRequest(ADA, "a third again", null, Origin.none()));
            InvalidInputException reopen = assertThrows(InvalidInputException.class,
                    () -> capped.reopen(LoopScope.personal(ADA), Actor.person(ADA), first.id()));
            assertTrue(reopen.getMessage().endsWith("then reopen it. Nothing was saved."), reopen.getMessage());
        }
    }

    @Test
    void theSameConceptAgainMakesNoSecondLoopAndItsNewWhyAndSourceAreAddedToTheOneThere() {
        Origin general = Origin.channel("G1", "C1");
        OpenLoop first = assertInstanceOf(ParkResult.Parked.class, loops.park(new ParkRequest(ADA, "Topological Sort",
                "backprop walks the graph in reverse order", general))).loop();
        clock.advance(Duration.ofDays(3));

        Origin message = new Origin("G1", "C2", "https://discord.com/channels/G1/C2/M9", "my scheduler needs an order");
        ParkResult.AlreadyOpen again = assertInstanceOf(ParkResult.AlreadyOpen.class, loops.park(new ParkRequest(ADA,
                "topological   sort", "task scheduling orders jobs by dependency", message)));

        assertEquals(first.id(), again.existing().id());
        LoopNote note = again.added().orElseThrow();
        assertEquals("task scheduling orders jobs by dependency", note.why());
        assertEquals(message, note.origin());
        assertEquals("topological sort", note.concept(), "the concept as typed this time");
        assertNull(note.mergedFrom());
        assertEquals(clock.instant(), note.createdAt());
        assertEquals(1, loops.countOpen(ADA), "no second loop");

        LoopPage page = loops.list(ADA, LoopFilter.open(), 0, 10);
        assertEquals("backprop walks the graph in reverse order", page.loops().get(0).why(), "the first why is untouched");
        assertEquals(List.of(note), page.notesOf(first.id()));
        assertEquals(clock.instant(), page.loops().get(0).updatedAt());
    }

    @Test
    void whatTheLoopAlreadyHoldsIsNotAddedTwice() {
        Origin general = Origin.channel("G1", "C1");
        OpenLoop first = assertInstanceOf(ParkResult.Parked.class,
                loops.park(new ParkRequest(ADA, "einsum", "numpy broadcasting", general))).loop();

        ParkResult.AlreadyOpen same = assertInstanceOf(ParkResult.AlreadyOpen.class,
                loops.park(new ParkRequest(ADA, "EINSUM", "numpy broadcasting", general)));
        assertTrue(same.added().isEmpty(), "same why, same channel: nothing new");

        ParkResult.AlreadyOpen newWhyOnly = assertInstanceOf(ParkResult.AlreadyOpen.class,
                loops.park(new ParkRequest(ADA, "einsum", "attention scores are one einsum", general)));
        assertEquals(Origin.none(), newWhyOnly.added().orElseThrow().origin(), "the known channel is not stored again");

        ParkResult.AlreadyOpen newSourceOnly = assertInstanceOf(ParkResult.AlreadyOpen.class,
                loops.park(new ParkRequest(ADA, "einsum", "attention scores are one einsum", Origin.channel("G1", "C7"))));
        assertNull(newSourceOnly.added().orElseThrow().why(), "a why already in a note is not stored again");
        assertEquals(Origin.channel("G1", "C7"), newSourceOnly.added().orElseThrow().origin());

        assertTrue(assertInstanceOf(ParkResult.AlreadyOpen.class,
                loops.park(new ParkRequest(ADA, "einsum", null, Origin.none()))).added().isEmpty());
        assertEquals(2, loops.list(ADA, LoopFilter.open(), 0, 10).notesOf(first.id()).size());
    }

    @Test
    void twoFullLengthWhysAreBothKeptWhole() {
        String firstWhy = "a".repeat(LoopLimits.MAX_WHY);
        String secondWhy = "b".repeat(LoopLimits.MAX_WHY);
        OpenLoop loop = assertInstanceOf(ParkResult.Parked.class,
                loops.park(new ParkRequest(ADA, "KV cache", firstWhy, Origin.none()))).loop();
        loops.park(new ParkRequest(ADA, "kv cache", secondWhy, Origin.none()));

        LoopPage page = loops.list(ADA, LoopFilter.open(), 0, 10);
        assertEquals(firstWhy, page.loops().get(0).why());
        assertEquals(secondWhy, page.notesOf(loop.id()).get(0).why());
    }

    @Test
    void aClosedLoopsConceptParksAsANewLoop() {
        OpenLoop first = park(ADA, "vmap").loop();
        loops.close(ADA, first.id(), Outcome.LEARNED, null);
        assertEquals(1, park(ADA, "vmap").openCount());
    }

    @Test
    void mergingClosesOneLoopAndKeepsItsConceptWhySourceAndNotesOnTheOther() {
        OpenLoop heads = park(ADA, "attention heads").loop();
        Origin message = new Origin("G1", "C2", "https://discord.com/channels/G1/C2/M1", "look at this");
        OpenLoop head = assertInstanceOf(ParkResult.Parked.class,
                loops.park(new ParkRequest(ADA, "multi-head attention", "to read the GPT-2 code", message))).loop();
        clock.advance(Duration.ofHours(1));
        LoopNote earlier = assertInstanceOf(ParkResult.AlreadyOpen.class, loops.park(new ParkRequest(ADA,
                "Multi-Head Attention", "nanoGPT uses it", Origin.none()))).added().orElseThrow();
        clock.advance(Duration.ofHours(1));

        Merged merged = loops.merge(ADA, head.id(), heads.id());

        assertEquals(LoopStatus.CLOSED, merged.from().status());
        assertEquals(Outcome.MERGED, merged.from().outcome());
        assertEquals(clock.instant(), merged.from().closedAt());
        assertEquals(heads.id(), merged.into().id());
        assertEquals(1, loops.countOpen(ADA));
        List<LoopNote> notes = loops.list(ADA, LoopFilter.open(), 0, 10).notesOf(heads.id());
        assertEquals(2, notes.size(), notes.toString());
        LoopNote fromMerge = notes.get(0);
        assertEquals("multi-head attention", fromMerge.concept());
        assertEquals("to read the GPT-2 code", fromMerge.why());
        assertEquals(message, fromMerge.origin());
        assertEquals(head.id(), fromMerge.mergedFrom());
        assertEquals(head.createdAt(), fromMerge.createdAt(), "when that why was written");
        assertEquals("nanoGPT uses it", notes.get(1).why(), "the merged loop's own notes moved with it");
        assertEquals(earlier.id(), notes.get(1).id());
    }

    @Test
    void aMergeCarriesTheMergedLoopsClassToALoopWithoutOneAndNeverOverAClass() {
        OpenLoop untriaged = park(ADA, "Raft consensus").loop();
        OpenLoop core = park(ADA, "Raft consensus algorithm").loop();
        app.triage().classify(ADA, core.id(), Triage.CORE);

        Merged merged = loops.merge(ADA, core.id(), untriaged.id());

        assertTrue(merged.classCarried());
        assertEquals(Triage.CORE, merged.into().triage());
        assertEquals(Triage.CORE, loops.find(ADA, untriaged.id()).orElseThrow().triage(), "as an import carries it");

        OpenLoop adjacent = park(ADA, "leader election").loop();
        OpenLoop peripheral = park(ADA, "leader election in Raft").loop();
        app.triage().classify(ADA, adjacent.id(), Triage.ADJACENT);
        app.triage().classify(ADA, peripheral.id(), Triage.PERIPHERAL);
        Merged kept = loops.merge(ADA, peripheral.id(), adjacent.id());
        assertFalse(kept.classCarried());
        assertEquals(Triage.ADJACENT, kept.into().triage(), "a class of its own stays");

        OpenLoop plain = park(ADA, "log replication").loop();
        OpenLoop plainToo = park(ADA, "log replication in Raft").loop();
        Merged none = loops.merge(ADA, plainToo.id(), plain.id());
        assertFalse(none.classCarried());
        assertEquals(Triage.UNTRIAGED, none.into().triage());
    }

    @Test
    void mergeRefusesTheSameLoopSomeoneElsesAndOneAlreadyMerged() {
        OpenLoop a = park(ADA, "layer norm").loop();
        OpenLoop b = park(ADA, "layer normalization").loop();
        OpenLoop bobs = park(BOB, "rms norm").loop();

        assertTrue(assertThrows(InvalidInputException.class, () -> loops.merge(ADA, a.id(), a.id())).getMessage()
                .contains("itself"));
        assertThrows(InvalidInputException.class, () -> loops.merge(ADA, bobs.id(), a.id()));
        assertThrows(InvalidInputException.class, () -> loops.merge(ADA, a.id(), bobs.id()));
        assertThrows(InvalidInputException.class, () -> loops.merge(BOB, b.id(), a.id()));
        assertEquals(2, loops.countOpen(ADA));
        assertEquals(1, loops.countOpen(BOB));

        loops.merge(ADA, b.id(), a.id());
        InvalidInputException twice = assertThrows(InvalidInputException.class, () -> loops.merge(ADA, b.id(), a.id()));
        assertTrue(twice.getMessage().contains("#" + b.id() + " is no longer open"), twice.getMessage());
    }

    @Test
    void aMergeNeedsNothingButTheTwoIdsSoItWorksAfterARestart() {
        OpenLoop a = park(ADA, "einsum").loop();
        OpenLoop b = park(ADA, "einstein summation").loop();
        restart();
        loops = app.loops();
        assertEquals(a.id(), loops.merge(ADA, b.id(), a.id()).into().id());
    }

    @Test
    void halfASurrogatePairIsRefusedWithAClearMessageAndNothingIsStored() {
        for (String broken : List.of("attention \uD83E", "\uDC00 heads", "a\uD83E\uD83Eb")) {
            InvalidInputException concept = assertThrows(InvalidInputException.class,
                    () -> loops.park(new ParkRequest(ADA, broken, null, Origin.none())));
            assertTrue(concept.getMessage().startsWith("The concept holds a broken character"), concept.getMessage());
            InvalidInputException why = assertThrows(InvalidInputException.class,
                    () -> loops.park(new ParkRequest(ADA, "attention", broken, Origin.none())));
            assertTrue(why.getMessage().startsWith("The why holds a broken character"), why.getMessage());
        }
        assertEquals(0, loops.countOpen(ADA));

        OpenLoop loop = park(ADA, "whole emoji 🧠").loop();
        assertEquals("whole emoji 🧠", loop.concept(), "a full pair is fine");
        assertThrows(InvalidInputException.class, () -> loops.close(ADA, loop.id(), Outcome.LEARNED, "x\uD83E"));
        assertEquals(1, loops.countOpen(ADA));
    }

    @Test
    void halfASurrogatePairInAParkedMessagesExcerptBecomesAReplacementCharacterNotAQuestionMark() {
        OpenLoop loop = assertInstanceOf(ParkResult.Parked.class, loops.park(new ParkRequest(ADA, "softmax", null,
                new Origin("G1", "C1", "https://discord.com/channels/G1/C1/M1", "broken \uD83E text")))).loop();
        assertEquals("broken \uFFFD text", loops.list(ADA, LoopFilter.open(), 0, 10).loops().get(0).origin().excerpt());
        assertEquals(loop.origin(), loops.list(ADA, LoopFilter.open(), 0, 10).loops().get(0).origin());
    }

    @Test
    void anotherPersonsSameConceptIsNotADuplicate() {
        park(ADA, "attention");
        assertInstanceOf(ParkResult.Parked.class, loops.park(new ParkRequest(BOB, "attention", null, Origin.none())));
    }

    @Test
    void listShowsNewestFirstInPagesAndFilters() {
        for (int i = 1; i <= 25; i++) {
            park(ADA, Concepts.get(i - 1));
            clock.advance(Duration.ofMinutes(1));
        }
        park(BOB, "not ada's");

        LoopPage first = loops.list(ADA, LoopFilter.open(), 0, 10);
        assertEquals(25, first.total());
        assertEquals(3, first.pageCount());
        assertEquals(Concepts.get(24), first.loops().get(0).concept());
        assertFalse(first.hasPrevious());
        assertTrue(first.hasNext());

        LoopPage last = loops.list(ADA, LoopFilter.open(), 7, 10);
        assertEquals(2, last.page(), "a page past the end shows the last page");
        assertEquals(List.of(Concepts.get(4), Concepts.get(3), Concepts.get(2), Concepts.get(1), Concepts.get(0)),
                last.loops().stream().map(OpenLoop::concept).toList());

        long id = first.loops().get(0).id();
        loops.close(ADA, id, Outcome.LEARNED, "it is just the chain rule");
        assertEquals(24, loops.list(ADA, LoopFilter.open(), 0, 10).total());
        LoopPage closed = loops.list(ADA, new LoopFilter(LoopFilter.Stage.CLOSED, Optional.empty()), 0, 10);
        assertEquals(1, closed.total());
        assertEquals(0, loops.list(ADA, new LoopFilter(LoopFilter.Stage.OPEN, Optional.of(Triage.CORE)), 0, 10).total());
        assertEquals(25, loops.list(ADA, new LoopFilter(LoopFilter.Stage.ALL, Optional.empty()), 0, 10).total());
    }

    @Test
    void closeRecordsOutcomeAndTakeawayOnlyForTheOwner() {
        OpenLoop loop = park(ADA, "vmap").loop();
        assertThrows(InvalidInputException.class, () -> loops.close(BOB, loop.id(), Outcome.LEARNED, null));

        OpenLoop closed = loops.close(ADA, loop.id(), Outcome.LET_GO, "  not needed for my project\n");
        assertEquals(LoopStatus.CLOSED, closed.status());
        assertEquals(Outcome.LET_GO, closed.outcome());
        assertEquals("not needed for my project", closed.takeaway());
        assertEquals(clock.instant(), closed.closedAt());

        assertThrows(InvalidInputException.class, () -> loops.close(ADA, loop.id(), Outcome.LEARNED, null),
                "a closed loop cannot be closed again");
    }

    @Test
    void aTooLongTakeawayLeavesTheLoopOpen() {
        OpenLoop loop = park(ADA, "vmap").loop();
        assertThrows(InvalidInputException.class, () -> loops.close(ADA, loop.id(), Outcome.LEARNED, "z".repeat(501)));
        assertEquals(1, loops.countOpen(ADA));
    }

    @Test
    void suggestRanksPrefixThenWordThenSubstringThenFuzzyAndOnlyOwnOpenLoops() {
        park(ADA, "gradient checkpointing");
        park(ADA, "reverse-mode autodiff");
        park(ADA, "automatic differentiation");
        park(ADA, "jacobian vector products");
        park(BOB, "autograd internals");

        List<String> auto = loops.suggest(ADA, "auto").stream().map(LoopName::concept).toList();
        assertEquals(List.of("automatic differentiation", "reverse-mode autodiff"), auto);

        List<String> fuzzy = loops.suggest(ADA, "jvp").stream().map(LoopName::concept).toList();
        assertEquals(List.of("jacobian vector products"), fuzzy);

        assertEquals(4, loops.suggest(ADA, "").size());
        assertTrue(loops.suggest(ADA, "internals").isEmpty());
    }

    @Test
    void resolveAcceptsTheNumberOrTheConceptButNeverSomeoneElsesLoop() {
        OpenLoop mine = park(ADA, "KV cache").loop();
        OpenLoop theirs = park(BOB, "paged attention").loop();
        assertEquals(mine.id(), loops.resolve(ADA, "#" + mine.id()).id());
        assertEquals(mine.id(), loops.resolve(ADA, String.valueOf(mine.id())).id());
        assertEquals(mine.id(), loops.resolve(ADA, "kv  CACHE").id());
        assertThrows(InvalidInputException.class, () -> loops.resolve(ADA, String.valueOf(theirs.id())));
        assertThrows(InvalidInputException.class, () -> loops.resolve(ADA, "paged attention"));
    }

    @Test
    void messagesEscapeMarkdownAndNeverLoseTheConcept() {
        LoopMessages messages = new LoopMessages(moment -> "<when>");
        OpenLoop loop = park(ADA, "**bold** @everyone").loop();
        String text = messages.parked(loop, 1);
        assertTrue(text.contains("\\*\\*bold\\*\\* @everyone"), text);
        assertTrue(text.contains("1 open loop."), text);
        assertNull(loop.why());
        assertEquals("\\> quoted <@&123> a\\_b", dev.loopkeeper.common.UserText.escapeMarkdown("> quoted <@&123> a_b"));
    }
}
