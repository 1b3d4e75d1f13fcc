package dev.loopkeeper.focus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.support.AppTestBase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FocusServiceTest extends AppTestBase {
    private FocusService focus;

    FocusServiceTest() {
        super("2026-03-01T10:00:00Z");
    }

    @BeforeEach
    void open() {
        focus = app.focus();
    }

    @Test
    void severalItemsStayActiveUntilTheyExpireOrAreCleared() {
        FocusService.Added tiny = focus.set("ada", "writing a tiny autograd", Optional.of("3h"), FocusSource.COMMAND, null, null);
        assertEquals(clock.instant().plus(Duration.ofHours(3)), tiny.focus().expiresAt());
        FocusService.Added paper = focus.set("ada", "reading the FlashAttention paper", Optional.empty(), FocusSource.COMMAND, "G", "C");
        assertEquals(2, paper.activeCount());
        focus.set("bob", "not ada's", Optional.empty(), FocusSource.COMMAND, null, null);

        assertEquals(List.of("reading the FlashAttention paper", "writing a tiny autograd"),
                focus.active("ada").stream().map(Focus::text).toList());

        clock.advance(Duration.ofHours(3));
        assertEquals(List.of("reading the FlashAttention paper"), focus.active("ada").stream().map(Focus::text).toList());

        assertEquals(1, focus.clearAll("ada").items().size());
        assertTrue(focus.active("ada").isEmpty());
        assertEquals(1, focus.active("bob").size());
    }

    @Test
    void showListsTheItemsThatRanOutInTheLastDayLatestFirstUntilSetAgain() {
        for (int hours = 1; hours <= 5; hours++) {
            focus.set("ada", "work of " + hours + "h", Optional.of(hours + "h"), FocusSource.COMMAND, null, null);
        }
        focus.set("ada", "cleared before its time", Optional.of("1h"), FocusSource.COMMAND, null, null);
        focus.clearOne("ada", "cleared before its time");
        focus.set("bob", "not ada's", Optional.of("1h"), FocusSource.COMMAND, null, null);
        clock.advance(Duration.ofHours(4).plusMinutes(30));

        FocusService.Shown shown = focus.show("ada");

        assertEquals(List.of("work of 5h"), shown.active().stream().map(Focus::text).toList());
        assertEquals(List.of("work of 4h", "work of 3h", "work of 2h"), shown.ranOut().stream().map(Focus::text).toList(),
                "the three latest to run out; a cleared one did not run out, and another person's is theirs");

        focus.set("ada", "Work of  4h", Optional.empty(), FocusSource.COMMAND, null, null);
        assertEquals(List.of("work of 3h", "work of 2h", "work of 1h"),
                focus.show("ada").ranOut().stream().map(Focus::text).toList(), "set again, it has not run out");
        focus.clearAll("ada");
        assertEquals(List.of("work of 3h", "work of 2h", "work of 1h"),
                focus.show("ada").ranOut().stream().map(Focus::text).toList(), "nor once the new one is cleared");

        clock.advance(Duration.ofHours(22));
        assertEquals(List.of("work of 3h"), focus.show("ada").ranOut().stream().map(Focus::text).toList(),
                "a day after it ran out, it is not listed");
    }

    @Test
    void anItemThatRanOutIsNotListedAsRunOutWhileTheSameTextIsActiveFromAnotherSource() {
        focus.set("ada", "the autograd engine", Optional.of("1h"), FocusSource.COMMAND, null, null);
        clock.advance(Duration.ofMinutes(30));
        // The same words as a work-log note, kept beside it (items from different sources are not merged).
        focus.set("ada", "The autograd engine", Optional.of("4h"), FocusSource.WORK_LOG, "G", "C", "m1");
        clock.advance(Duration.ofMinutes(45)); // the first ran out; the note lasts

        FocusService.Shown shown = focus.show("ada");

        // Found by a review: it was listed as active and as "ran out, so no longer matched" at once.
        assertEquals(List.of("The autograd engine"), shown.active().stream().map(Focus::text).toList());
        assertEquals(List.of(), shown.ranOut());
    }

    @Test
    void aTextIsPreparedBeforeItIsSavedAndARefusedOneIsNeverPrepared() {
        List<String> told = new java.util.ArrayList<>();
        focus.connect(new FocusListener() {
            @Override
            public void onFocusSet(Focus saved) {
                told.add("saved " + saved.text() + ", active " + focus.active("ada").size());
            }

            @Override
            public void preparing(String text) {
                told.add("preparing " + text + ", active " + focus.active("ada").size());
            }
        });
        focus.set("ada", "writing a tiny autograd\n", Optional.of("2d"), FocusSource.COMMAND, null, null);
        assertThrows(InvalidInputException.class,
                () -> focus.set("ada", "reading about Raft", Optional.of("forever"), FocusSource.COMMAND, null, null));
        assertThrows(InvalidInputException.class,
                () -> focus.set("ada", " ", Optional.empty(), FocusSource.COMMAND, null, null));
        assertEquals(List.of("preparing writing a tiny autograd, active 0", "saved writing a tiny autograd, active 1"), told);
    }

    @Test
    void aWorkLogNoteFollowsItsMessageOnlyWhileItIsItsAuthorsFocus() {
        focus.set("ada", "today: reading the autograd engine", Optional.of("4h"), FocusSource.WORK_LOG, "G", "C", "m1");
        Focus current = focus.set("ada", "now: writing the backward pass", Optional.of("4h"), FocusSource.WORK_LOG,
                "G", "C", "m2").focus();

        // Someone else's id on the message (a forged or confused event), and the note it replaced: nothing.
        assertEquals(FocusService.NoteChange.NONE, focus.noteEdited("bob", "m2", "now: reading about Raft logs"));
        assertEquals(FocusService.NoteChange.NONE, focus.noteEdited("ada", "m1", "today: reading about Raft logs"));
        assertEquals(FocusService.NoteChange.NONE, focus.noteDeleted("m1"));
        assertEquals(List.of(current), focus.active("ada"));

        clock.advance(Duration.ofHours(1));
        assertEquals(FocusService.NoteChange.REPLACED, focus.noteEdited("ada", "m2", "now: writing the forward pass"));
        Focus edited = focus.active("ada").get(0);
        assertEquals("now: writing the forward pass", edited.text());
        assertEquals(current.expiresAt(), edited.expiresAt());
        assertEquals(FocusService.NoteChange.ENDED, focus.noteDeleted("m2"), "the edited item still follows it");
        assertTrue(focus.active("ada").isEmpty());
        assertEquals(FocusService.NoteChange.NONE, focus.noteDeleted("m2"));
    }

    @Test
    void aLoopSnoozedUntilTheNoteEndsStaysSnoozedWhenTheNoteIsReworded() {
        Focus note = focus.set("ada", "today: reading the autograd engine", Optional.of("4h"), FocusSource.WORK_LOG,
                "G", "C", "m1").focus();
        long loop = ((dev.loopkeeper.loop.ParkResult.Parked) app.loops().park(new dev.loopkeeper.loop.ParkRequest("ada",
                "reverse-mode autodiff", null, dev.loopkeeper.loop.Origin.none()))).loop().id();
        // As the reminder's "until this focus ends" leaves it.
        app.database().write(sql -> sql.update("UPDATE open_loop SET snooze_focus_id = ? WHERE id = ?", note.id(), loop));

        focus.noteEdited("ada", "m1", "today: reading the autograd engine's backward pass");

        long now = focus.active("ada").get(0).id();
        assertEquals(now, (long) app.database().read(sql -> sql.queryLong(
                "SELECT snooze_focus_id FROM open_loop WHERE id = ?", loop)), "the snooze follows the reworded note");
        assertTrue(app.loops().snoozes(dev.loopkeeper.loop.LoopScope.personal("ada"), dev.loopkeeper.loop.Actor.person("ada"),
                List.of(loop)).containsKey(loop), "and the loop is still snoozed");
    }

    @Test
    void aNoteEditedPastTheLimitIsRefusedAndTheFocusKept() {
        Focus note = focus.set("ada", "today: reading the autograd engine", Optional.of("4h"), FocusSource.WORK_LOG,
                "G", "C", "m1").focus();
        assertThrows(InvalidInputException.class,
                () -> focus.noteEdited("ada", "m1", "x".repeat(FocusLimits.MAX_TEXT + 1)));
        assertEquals(List.of(note), focus.active("ada"));
    }

    @Test
    void clearOneFindsByNumberOrTextAndOnlyTheOwnersItems() {
        Focus mine = focus.set("ada", "distributed training", Optional.empty(), FocusSource.COMMAND, null, null).focus();
        Focus theirs = focus.set("bob", "kernels", Optional.empty(), FocusSource.COMMAND, null, null).focus();
        assertThrows(InvalidInputException.class, () -> focus.clearOne("ada", String.valueOf(theirs.id())));
        assertEquals(mine.id(), focus.clearOne("ada", "#" + mine.id()).items().get(0).id());
        assertTrue(focus.active("ada").isEmpty());
        assertEquals(1, focus.active("bob").size());
    }

    @Test
    void badTextAndDurationsAreRefusedSpecifically() {
        assertTrue(assertThrows(InvalidInputException.class,
                () -> focus.set("ada", "  ", Optional.empty(), FocusSource.COMMAND, null, null)).getMessage().contains("empty"));
        assertTrue(assertThrows(InvalidInputException.class,
                () -> focus.set("ada", "x", Optional.of("soon"), FocusSource.COMMAND, null, null)).getMessage().contains("'soon'"));
        assertTrue(assertThrows(InvalidInputException.class,
                () -> focus.set("ada", "x", Optional.of("0h"), FocusSource.COMMAND, null, null)).getMessage().contains("above zero"));
        assertTrue(assertThrows(InvalidInputException.class,
                () -> focus.set("ada", "x", Optional.of("400d"), FocusSource.COMMAND, null, null)).getMessage().contains("year"));
        assertTrue(focus.active("ada").isEmpty());
    }

    @Test
    void durationsCombineUnits() {
        assertEquals(Duration.ofMinutes(90), Durations.parse("90m"));
        assertEquals(Duration.ofHours(36), Durations.parse("1d12h"));
        assertEquals(Duration.ofDays(14), Durations.parse(" 2W "));
        // The refusal of a longer one says "a year": a year is a unit too, and the longest there is.
        assertEquals(Duration.ofDays(365), Durations.parse("1y"));
        assertTrue(assertThrows(InvalidInputException.class, () -> Durations.parse("1y1d")).getMessage()
                .startsWith("That is longer than a year."));
    }

    @Test
    void durationsReadAsPeopleWriteThemInWords() {
        assertEquals(Duration.ofDays(3), Durations.parse("3 days"));
        assertEquals(Duration.ofDays(1), Durations.parse("1 Day"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1 hour 30 minutes"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1 hr, 30 mins"));
        assertEquals(Duration.ofHours(36), Durations.parse("1 day and 12 hours"));
        assertEquals(Duration.ofDays(17), Durations.parse("2 weeks, 3 days"));
        assertEquals(Duration.ofDays(365), Durations.parse("1 year"));
        assertEquals(Duration.ofMinutes(45), Durations.parse("45 min"));
        for (String unreadable : List.of("3 dayz", "soon", "3", "days", "1 day 12", "and 3 days", "3 days and")) {
            assertTrue(assertThrows(InvalidInputException.class, () -> Durations.parse(unreadable)).getMessage()
                    .contains("is not a duration I can read"), unreadable);
        }
        // "m" is minutes: a month is refused by name rather than read as minutes or as 30 days.
        for (String months : List.of("1 month", "2 months", "1mo")) {
            assertEquals("Months differ in length, so give weeks or days instead: 4w, 30d.",
                    assertThrows(InvalidInputException.class, () -> Durations.parse(months)).getMessage(), months);
        }
    }

    @Test
    void atMostTwentyFiveActiveItems() {
        for (int i = 0; i < FocusLimits.MAX_ACTIVE; i++) {
            focus.set("ada", "item " + i, Optional.empty(), FocusSource.COMMAND, null, null);
        }
        assertThrows(InvalidInputException.class,
                () -> focus.set("ada", "one more", Optional.empty(), FocusSource.COMMAND, null, null));
    }

    @Test
    void aThreadTitleAtTheLimitTakesThePlaceOfTheOldestThreadTitleInsteadOfFailing() {
        for (int i = 0; i < FocusLimits.MAX_ACTIVE; i++) {
            focus.set("ada", "item " + i, Optional.empty(), FocusSource.COMMAND, null, null);
        }
        // Found by a review: a thread started in a followed channel at the limit failed with an error in the log.
        FocusService.Added first = focus.set("ada", "Why does my EKF diverge?", Optional.of("4h"), FocusSource.THREAD,
                "G", "T1");
        assertEquals(FocusLimits.MAX_ACTIVE + 1, first.activeCount(), "with no thread title to replace, one more");
        clock.advance(Duration.ofMinutes(1));
        FocusService.Added second = focus.set("ada", "Raft leader election", Optional.of("4h"), FocusSource.THREAD,
                "G", "T2");
        clock.advance(Duration.ofMinutes(1));
        FocusService.Added third = focus.set("ada", "B-tree page splits", Optional.of("4h"), FocusSource.THREAD,
                "G", "T3");

        assertEquals(FocusLimits.MAX_ACTIVE + 1, third.activeCount());
        List<Focus> threads = focus.active("ada").stream().filter(f -> f.source() == FocusSource.THREAD).toList();
        assertEquals(List.of(third.focus().id()), threads.stream().map(Focus::id).toList(),
                "each took the place of the one before");
        assertFalse(focus.active("ada").stream().anyMatch(f -> f.id() == second.focus().id()));
        assertThrows(InvalidInputException.class,
                () -> focus.set("ada", "one more", Optional.empty(), FocusSource.COMMAND, null, null),
                "a typed focus is still refused at the limit");
    }

    @Test
    void theSameTextAgainRefreshesTheItemsEndEvenAtTheLimit() {
        for (int i = 1; i < FocusLimits.MAX_ACTIVE; i++) {
            focus.set("ada", "item " + i, Optional.empty(), FocusSource.COMMAND, null, null);
        }
        Focus first = focus.set("ada", "Writing a tiny autograd", Optional.of("2d"), FocusSource.COMMAND, null, null).focus();
        clock.advance(Duration.ofHours(1));

        FocusService.Added again = focus.set("ada", "  writing a TINY   autograd ", Optional.of("1w"), FocusSource.COMMAND,
                null, null);

        assertTrue(again.refreshed());
        assertEquals(first.id(), again.focus().id());
        assertEquals("Writing a tiny autograd", again.focus().text());
        assertEquals(first.startedAt(), again.focus().startedAt());
        assertEquals(clock.instant().plus(Duration.ofDays(7)), again.focus().expiresAt());
        assertEquals(FocusLimits.MAX_ACTIVE, again.activeCount());
        assertEquals(clock.instant().plus(Duration.ofDays(7)), focus.resolve("ada", "#" + first.id()).expiresAt());
        assertEquals(FocusLimits.MAX_ACTIVE, focus.active("ada").size());

        FocusService.Added forever = focus.set("ada", "writing a tiny autograd", Optional.empty(), FocusSource.COMMAND,
                null, null);
        assertEquals(null, forever.focus().expiresAt(), "without for it lasts until cleared");
    }

    @Test
    void aThreadTitleWithTheSameTextIsItsOwnItem() {
        Focus typed = focus.set("ada", "raft leader election", Optional.empty(), FocusSource.COMMAND, null, null).focus();
        FocusService.Added thread = focus.set("ada", "Raft leader election", Optional.of("4h"), FocusSource.THREAD, "G", "C");
        assertFalse(thread.refreshed());
        assertEquals(2, thread.activeCount());
        assertEquals(null, focus.resolve("ada", "#" + typed.id()).expiresAt(), "the typed focus keeps its end");
    }
    @Test
    void anItemIsFoundByAUniqueFragmentAndAFragmentOfSeveralNamesThem() {
        Focus database = focus.set("ada", "writing a database from scratch", Optional.empty(), FocusSource.COMMAND,
                null, null).focus();
        Focus raft = focus.set("ada", "implementing Raft in Go", Optional.empty(), FocusSource.COMMAND, null, null).focus();

        assertEquals(database.id(), focus.resolve("ada", "DATABASE").id());
        InvalidInputException several = assertThrows(InvalidInputException.class, () -> focus.resolve("ada", "in"));
        assertEquals("'in' fits 2 of your focus items: #" + database.id() + ", #" + raft.id()
                + ". Type more of it, or its number (/focus show).", several.getMessage());
        assertThrows(InvalidInputException.class, () -> focus.resolve("ada", "9" + raft.id()), "a number is no fragment");
        assertEquals(raft.id(), focus.clearOne("ada", "raft").items().get(0).id());
    }
    @Test
    void suggestionsReadWhatWasTypedAsClearingAnItemDoes() {
        Focus kalman = focus.set("ada", "Tuning the Kalman filter", Optional.empty(), FocusSource.COMMAND, null, null)
                .focus();
        Focus raft = focus.set("ada", "implementing Raft in Go", Optional.empty(), FocusSource.COMMAND, null, null).focus();

        // Found by a review: suggestions matched raw lower-case text, while clearing takes the key and the number.
        for (String typed : List.of("kalmanfilter", "\uFF2B\uFF41\uFF4C\uFF4D\uFF41\uFF4E", "Kal\u00ADman")) {
            assertEquals(List.of(kalman.id()), focus.suggest("ada", typed).stream().map(Focus::id).toList(), typed);
            assertEquals(kalman.id(), focus.resolve("ada", typed).id(), typed);
        }
        for (String typed : List.of("#" + raft.id(), String.valueOf(raft.id()))) {
            assertEquals(raft.id(), focus.suggest("ada", typed).get(0).id(), typed);
            assertEquals(raft.id(), focus.resolve("ada", typed).id(), typed);
        }
        assertEquals(2, focus.suggest("ada", "").size(), "nothing typed: every active item");
        assertEquals(List.of(), focus.suggest("bob", "kalman"), "only the person's own");
    }

    @Test
    void aFocusTextWithABrokenCharacterOrNothingVisibleIsRefused() {
        InvalidInputException broken = assertThrows(InvalidInputException.class,
                () -> focus.set("ada", "half \uD83D emoji", Optional.empty(), FocusSource.COMMAND, null, null));
        assertTrue(broken.getMessage().startsWith("The focus text holds a broken character"), broken.getMessage());
        assertThrows(InvalidInputException.class,
                () -> focus.set("ada", "\u200B\u200B", Optional.empty(), FocusSource.COMMAND, null, null));
        assertEquals(List.of(), focus.active("ada"));
    }
}
