package dev.loopkeeper.reminder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.console.ConsoleTimeText;
import dev.loopkeeper.support.MutableClock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The note under a reminder a daily cap held back: whose cap, and which server by name when the front knows it. */
class ReminderMessagesTest {
    private static final String GUILD = "500";
    private static final Instant WHEN = Instant.parse("2026-03-01T10:00:00Z");
    private final ReminderMessages messages =
            new ReminderMessages(new ConsoleTimeText(MutableClock.at("2026-03-02T10:00:00Z"), () -> ZoneOffset.UTC));

    private static Reminder held(String focusGuild, boolean serverCap) {
        return new Reminder(1, "42", 7, "compressing logs", focusGuild, WHEN, true, serverCap, false,
                List.of(huffman(focusGuild)));
    }

    private static Reminder.Item huffman(String guild) {
        return new Reminder.Item(3, "Huffman coding", 0.8, "shared words: huffman", WHEN, guild, null, null, List.of());
    }

    private static Function<String, Optional<String>> names(Map<String, String> known) {
        return id -> Optional.ofNullable(known.get(id));
    }

    private String footer(Reminder reminder, Function<String, Optional<String>> names) {
        return messages.view(reminder, names).footer().orElseThrow();
    }

    @Test
    void aServersCapNamesTheServerItsMarkdownEscapedAndOnOneLine() {
        assertEquals("(This waited for the daily limit of reminders set in **Study Group**, where you set this focus, so "
                + "it comes later than the match (1 day ago).)", footer(held(GUILD, true), names(Map.of(GUILD, "Study Group"))));
        assertEquals("(This waited for the daily limit of reminders set in **\\*\\*Bold\\*\\* \\_club\\_ @everyone**, "
                        + "where you set this focus, so it comes later than the match (1 day ago).)",
                footer(held(GUILD, true), names(Map.of(GUILD, "**Bold**\n_club_ @everyone"))));
    }

    @Test
    void withoutAKnownNameItSaysWhoseCapItWas() {
        String unnamed = "(This waited for the daily limit of reminders the server you set this focus in chose, so it "
                + "comes later than the match (1 day ago).)";
        assertEquals(unnamed, footer(held(GUILD, true), names(Map.of())), "the bot no longer sees that server");
        assertEquals(unnamed, footer(held(GUILD, true), names(Map.of(GUILD, " \n "))), "a name with nothing to show");
        assertEquals(unnamed, footer(held(null, true), names(Map.of(GUILD, "Study Group"))), "a reminder with no server");
        assertTrue(messages.reminder(held(GUILD, true)).endsWith(unnamed), "the console knows no server's name");
    }

    /**
     * Posted in another server's channel (the person's DMs closed, the loop parked there), a reminder whose focus and
     * cap came from {@code GUILD} names neither that server nor the focus; in {@code GUILD}'s own channel it names both.
     */
    @Test
    void inAnotherServersChannelNeitherTheFocusNorTheServerWhoseCapHeldItIsNamed() {
        Reminder reminder = held(GUILD, true);
        ReminderMessages.View elsewhere = messages.viewInChannel(reminder, "600", names(Map.of(GUILD, "Study Group")));
        assertEquals("A loop you parked may be structurally relevant now, to a focus you set elsewhere (not named in "
                + "this channel):", elsewhere.header());
        assertEquals("(This waited for the daily limit of reminders the server you set this focus in chose, so it "
                + "comes later than the match (1 day ago).)", elsewhere.footer().orElseThrow());
        ReminderMessages.View here = messages.viewInChannel(reminder, GUILD, names(Map.of(GUILD, "Study Group")));
        assertTrue(here.header().contains("**compressing logs**") && here.footer().orElseThrow().contains("Study Group"),
                here.text());
    }

    /**
     * An item made without saying which of its whys were typed where it was parked shows them in a DM, and none in that
     * server's channel: a caller that forgets to say is not to post a why typed in a DM for every reader.
     */
    @Test
    void anItemThatDoesNotSayWhereItsWhysWereTypedShowsNoneInAChannel() {
        Reminder.Item item = new Reminder.Item(3, "Huffman coding", 0.8, "shared words: huffman", WHEN, GUILD, null,
                null, List.of("for my therapy notes"));
        assertEquals(List.of(), item.whysWhereParked());
        Reminder reminder = new Reminder(1, "42", 7, "compressing logs", GUILD, WHEN, false, false, false,
                List.of(item));
        assertTrue(messages.view(reminder, names(Map.of())).text().contains("Why it matters: for my therapy notes"));
        String posted = messages.viewInChannel(reminder, GUILD, names(Map.of())).text();
        assertFalse(posted.contains("therapy") || posted.contains("Why it matters"), posted);

        Reminder.Item typedHere = new Reminder.Item(3, "Huffman coding", 0.8, "shared words: huffman", WHEN, GUILD,
                null, null, List.of("for my therapy notes", "the team asked"), List.of("the team asked"));
        String here = messages.viewInChannel(new Reminder(1, "42", 7, "compressing logs", GUILD, WHEN, false, false,
                false, List.of(typedHere)), GUILD, names(Map.of())).text();
        assertTrue(here.contains("Why it matters: the team asked") && !here.contains("therapy"), here);
    }

    @Test
    void thePersonsOwnCapNamesNoServerAndASameDayReminderHasNoNote() {
        assertEquals("(This waited for your daily limit of reminders, so it comes later than the match (1 day ago).)",
                footer(held(GUILD, false), names(Map.of(GUILD, "Study Group"))));
        Reminder onTime = new Reminder(1, "42", 7, "compressing logs", GUILD, WHEN, false, false, false, List.of());
        assertEquals(Optional.empty(), messages.view(onTime, names(Map.of(GUILD, "Study Group"))).footer());
    }

    @Test
    void aReminderShowingFewerLoopsThanMatchedSaysTheOthersStayParked() {
        Reminder more = new Reminder(1, "42", 7, "compressing logs", GUILD, WHEN, false, false, true,
                List.of(huffman(GUILD)));
        assertEquals(ReminderMessages.MORE_MATCHED, footer(more, names(Map.of())));
        Reminder moreAndHeld = new Reminder(1, "42", 7, "compressing logs", GUILD, WHEN, true, false, true,
                List.of(huffman(GUILD)));
        assertEquals(ReminderMessages.MORE_MATCHED + "\n(This waited for your daily limit of reminders, so it comes "
                + "later than the match (1 day ago).)", footer(moreAndHeld, names(Map.of())));
    }

    private static ReminderStore.Held waits(String deliverAfter, boolean forCap) {
        return new ReminderStore.Held(1, Instant.parse(deliverAfter), forCap, 7, 1, null);
    }

    @Test
    void aWaitingReminderSaysWhenItComesOrThatItsFocusEndsFirst() {
        // Now is Monday 2 March, 10:00 UTC; quiet hours end at 16:00.
        assertEquals("A reminder waits for your quiet hours to end: it comes Mon 2 Mar 16:00 UTC, in 6 hours, if this "
                + "focus is still active then.", messages.waiting(List.of(waits("2026-03-02T16:00:00Z", false)), null));
        assertEquals("A reminder waits for your quiet hours to end: it comes Mon 2 Mar 16:00 UTC, in 6 hours, if this "
                + "focus is still active then.", messages.waiting(List.of(waits("2026-03-02T16:00:00Z", false)),
                Instant.parse("2026-03-02T16:00:01Z")));
        // The focus ends as the quiet hours do: when the reminder's time comes, its focus has ended.
        assertEquals("A reminder waits for your quiet hours to end (Mon 2 Mar 16:00 UTC, in 6 hours), but this focus "
                + "ends before then, so it won't be sent unless you set this focus again for longer or end quiet hours "
                + "sooner (/focus quiet).", messages.waiting(List.of(waits("2026-03-02T16:00:00Z", false)),
                Instant.parse("2026-03-02T16:00:00Z")));
        // Quiet hours that end sooner never move one a daily limit holds: only a longer focus keeps it.
        assertEquals("2 reminders wait for your next day with room, as today's daily limit is used (Tue 3 Mar 00:00 UTC, "
                + "in 14 hours), but this focus ends before then, so they won't be sent unless you set this focus again "
                + "for longer. A reminder waits for your quiet hours to end: it comes Mon 2 Mar 16:00 UTC, in 6 hours, if "
                + "this focus is still active then.", messages.waiting(List.of(waits("2026-03-03T00:00:00Z", true),
                waits("2026-03-02T16:00:00Z", false), waits("2026-03-03T08:00:00Z", true)),
                Instant.parse("2026-03-02T20:00:00Z")));
    }
}
