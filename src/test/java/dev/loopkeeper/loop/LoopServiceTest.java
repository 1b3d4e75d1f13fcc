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
import dev.loopkeeper.support.Concepts;
import dev.loopkeeper.support.MutableClock;
import dev.loopkeeper.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopServiceTest {
    private static final String ADA = "100";
    private static final String BOB = "200";

    @TempDir
    Path folder;
    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private Loopkeeper app;
    private LoopService loops;

    @BeforeEach
    void open() {
        app = TestApp.open(folder, clock);
        loops = app.loops();
    }

    @AfterEach
    void close() {
        app.close();
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
                () -> loops.park(new ParkRequest(ADA, "ok", "y".repeat(1001), Origin.none())));
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
        try (Loopkeeper small = TestApp.open(ConfigLoader.load(Map.of(
                ConfigLoader.DB, folder.resolve("small.db").toString(),
                ConfigLoader.MAX_OPEN_LOOPS, "3"), folder, false), clock)) {
            LoopService capped = small.loops();
            for (int i = 0; i < 3; i++) {
                capped.park(new ParkRequest(ADA, Concepts.get(i), null, Origin.none()));
            }
            InvalidInputException full = assertThrows(InvalidInputException.class,
                    () -> capped.park(new ParkRequest(ADA, "one more", null, Origin.none())));
            assertTrue(full.getMessage().contains("3 open loops"), full.getMessage());
            assertEquals(3, capped.countOpen(ADA));
            assertInstanceOf(ParkResult.Parked.class, capped.park(new ParkRequest(BOB, "one more", null, Origin.none())));
        }
    }

    @Test
    void aDuplicateIsHeldAsADraftUntilThePersonChooses() {
        OpenLoop first = park(ADA, "Attention Heads").loop();
        ParkResult.Duplicate duplicate = assertInstanceOf(ParkResult.Duplicate.class,
                loops.park(new ParkRequest(ADA, "attention   heads", null, Origin.none())));
        assertEquals(first.id(), duplicate.existing().id());
        assertEquals(1, loops.countOpen(ADA), "a draft is not an open loop");

        ParkResult.Parked kept = loops.keepDraft(ADA, duplicate.draft().id());
        assertEquals(2, kept.openCount());
        assertThrows(InvalidInputException.class, () -> loops.keepDraft(ADA, duplicate.draft().id()));

        ParkResult.Duplicate again = assertInstanceOf(ParkResult.Duplicate.class,
                loops.park(new ParkRequest(ADA, "ATTENTION HEADS", null, Origin.none())));
        assertFalse(loops.cancelDraft(BOB, again.draft().id()), "someone else cannot cancel it");
        assertTrue(loops.cancelDraft(ADA, again.draft().id()));
        assertEquals(2, loops.countOpen(ADA));
    }

    @Test
    void aDuplicatesChoiceSurvivesARestart() {
        park(ADA, "einsum");
        ParkResult.Duplicate duplicate = assertInstanceOf(ParkResult.Duplicate.class,
                loops.park(new ParkRequest(ADA, "einsum", null, Origin.none())));
        app.close();
        open(); // the buttons carry only the draft's id; the draft itself is in the database
        assertEquals(2, loops.keepDraft(ADA, duplicate.draft().id()).openCount());
    }

    @Test
    void anotherPersonsSameConceptIsNotADuplicate() {
        park(ADA, "attention");
        assertInstanceOf(ParkResult.Parked.class, loops.park(new ParkRequest(BOB, "attention", null, Origin.none())));
    }

    @Test
    void unansweredDraftsAreDroppedAfterADay() {
        park(ADA, "einsum");
        ParkResult.Duplicate duplicate = assertInstanceOf(ParkResult.Duplicate.class,
                loops.park(new ParkRequest(ADA, "einsum", null, Origin.none())));
        clock.advance(Duration.ofHours(25));
        park(ADA, "something else");
        assertThrows(InvalidInputException.class, () -> loops.keepDraft(ADA, duplicate.draft().id()));
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
        assertEquals("\\> quoted <@&123> a\\_b", LoopMessages.escape("> quoted <@&123> a_b"));
    }
}
