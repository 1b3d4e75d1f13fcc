package dev.loopkeeper.e2e;

import dev.loopkeeper.command.CommandSpec;
import dev.loopkeeper.command.Commands;
import dev.loopkeeper.discord.Definitions;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.loop.LoopErrors;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Outcome;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /loops} paging and closed loops, {@code /open} and {@code /close} with their autocomplete, {@code /focus} and
 * its quiet hours, and the registered commands against the registry, through the wire.
 */
class LoopsCloseFocusE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    private static final List<String> TOPICS = List.of("fourier transform", "bloom filters", "raft consensus",
            "sourdough starter", "jazz harmony", "plate tectonics", "quantum tunnelling", "medieval castles",
            "knitting patterns", "volcano eruptions", "tax law");

    @Test
    void loopsWithMoreThanAPageShowsPrevAndNextAndNextUpdatesInPlace() {
        FakeUser user = E2E.newUser();
        // Unrelated topics, so the near-duplicate check offers no merge; one at a time, so the oldest is known.
        for (String concept : TOPICS) {
            E2E.park(user, concept);
        }

        InteractionHandle list = E2E.fake().slashCommand("loops").by(user).send();
        DataObject first = E2E.message(list).getArray("embeds").getObject(0);
        assertEquals("Open loops (11)", first.getString("title"));
        assertEquals("Page 1 of 2", first.getObject("footer").getString("text"));
        assertEquals(10, first.getString("description").lines().count());
        assertTrue(LoopkeeperE2E.button(E2E.fake().originalMessage(list), "Prev").getBoolean("disabled"));
        assertFalse(LoopkeeperE2E.button(E2E.fake().originalMessage(list), "Next").getBoolean("disabled"));

        DataObject next = E2E.reply(E2E.click(user, list, "Next"));

        assertEquals(7, next.getInt("type"), "Next edits the list in place");
        DataObject second = next.getObject("data").getArray("embeds").getObject(0);
        assertEquals("Page 2 of 2", second.getObject("footer").getString("text"));
        assertTrue(second.getString("description").contains("**" + TOPICS.get(0) + "**"), "the oldest is on page 2");
        DataObject shown = E2E.fake().originalMessage(list);
        assertFalse(LoopkeeperE2E.button(shown, "Prev").getBoolean("disabled"));
        assertTrue(LoopkeeperE2E.button(shown, "Next").getBoolean("disabled"));
    }

    /** A long list is reached by page: (a person at the limit has 500 pages), with Prev and Next from there. */
    @Test
    void loopsPageGoesToThatPageAndSaysSoPastTheLast() {
        FakeUser user = E2E.newUser();
        for (String concept : TOPICS) {
            E2E.park(user, concept);
        }

        InteractionHandle list = E2E.fake().slashCommand("loops").by(user).option("page", 2L).send();
        DataObject second = E2E.message(list).getArray("embeds").getObject(0);
        assertEquals("Page 2 of 2", second.getObject("footer").getString("text"));
        assertTrue(second.getString("description").contains("**" + TOPICS.get(0) + "**"), "the oldest is on page 2");
        assertFalse(LoopkeeperE2E.button(E2E.fake().originalMessage(list), "Prev").getBoolean("disabled"));

        assertEquals("Open loops (11) fit on 2 pages; there is no page 9.", E2E.message(E2E.fake()
                .slashCommand("loops").by(user).option("page", 9L).send()).getString("content"));
        assertEquals("page must be a number from 1, got '0'.", E2E.message(E2E.fake().slashCommand("loops").by(user)
                .option("page", 0L).send()).getString("content"));
        // A search pages too, and says so past its last page.
        assertEquals("What fits \u201cknitting\u201d fits on one page; there is no page 2.", E2E.message(E2E.fake()
                .slashCommand("loops").by(user).option("page", 2L).option("query", "knitting").send())
                .getString("content"));
    }

    @Test
    void closeAutocompleteOffersOnlyTheCallersOwnLoops() {
        FakeUser ada = E2E.newUser();
        FakeUser bob = E2E.newUser();
        E2E.park(ada, "attention heads");
        E2E.park(ada, "attention span");
        E2E.park(ada, "bayes");
        E2E.park(bob, "attention economy");

        DataObject choices = E2E.reply(E2E.fake().autocomplete("close").by(ada).focused("loop", "atten").send());

        assertEquals(8, choices.getInt("type"));
        assertEquals(List.of("attention heads", "attention span"),
                LoopkeeperE2E.choiceNames(choices).stream().sorted().collect(Collectors.toList()));
        List<String> adaIds = open(ada).stream().map(l -> Long.toString(l.id())).collect(Collectors.toList());
        String picked = LoopkeeperE2E.choiceNamed(choices, "attention heads").orElseThrow().getString("value");
        assertTrue(adaIds.contains(picked), "choice values are the caller's loop ids");
    }

    @Test
    void closeRefusesAnotherUsersLoopIdAndClosesTheCallersOwn() {
        FakeUser ada = E2E.newUser();
        FakeUser bob = E2E.newUser();
        E2E.park(ada, "gradient checkpointing");
        E2E.park(bob, "bob's private loop");
        String bobsId = Long.toString(open(bob).get(0).id());

        DataObject refused = E2E.message(E2E.fake().slashCommand("close").by(ada)
                .option("loop", bobsId).option("outcome", "learned").send());

        assertEquals(LoopErrors.noSuchOpenLoop(),
                refused.getString("content"));
        assertEquals(LoopStatus.OPEN, open(bob).get(0).status(), "bob's loop is untouched");

        String adasId = Long.toString(open(ada).get(0).id());
        DataObject closed = E2E.message(E2E.fake().slashCommand("close").by(ada).option("loop", adasId)
                .option("outcome", "let_go").option("takeaway", "not needed for inference").send());

        assertEquals("Closed **gradient checkpointing** as let go.\nTakeaway: not needed for inference",
                closed.getString("content"));
        assertTrue(open(ada).isEmpty());
        OpenLoop stored = E2E.bot().loops().list(ada.id(), new LoopFilter(LoopFilter.Stage.CLOSED, Optional.empty()),
                0, 10).loops().get(0);
        assertEquals(Outcome.LET_GO, stored.outcome());
    }

    @Test
    void focusSetShowAndClearWithAutocomplete() {
        FakeUser user = E2E.newUser();

        String set = E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "writing a tiny autograd").option("for", "3h").send()).getString("content");
        assertTrue(set.startsWith("Focus set: **writing a tiny autograd** (until <t:"), set);
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "reading about attention").send());

        String shown = E2E.message(E2E.fake().slashCommand("focus").subcommand("show").by(user).send())
                .getString("content");
        assertTrue(shown.startsWith("Active focus:\n"), shown);
        assertTrue(shown.contains("**writing a tiny autograd**") && shown.contains("**reading about attention**"), shown);

        DataObject choices = E2E.reply(E2E.fake().autocomplete("focus").subcommand("clear").by(user)
                .focused("item", "tiny").send());
        assertEquals(List.of("writing a tiny autograd"), LoopkeeperE2E.choiceNames(choices));
        String item = LoopkeeperE2E.choiceNamed(choices, "writing a tiny autograd").orElseThrow().getString("value");

        assertEquals("Cleared **writing a tiny autograd**.", E2E.message(E2E.fake().slashCommand("focus")
                .subcommand("clear").by(user).option("item", item).send()).getString("content"));
        assertEquals(List.of("reading about attention"),
                E2E.bot().focus().active(user.id()).stream().map(f -> f.text()).collect(Collectors.toList()));
        assertEquals("Cleared your focus.", E2E.message(E2E.fake().slashCommand("focus").subcommand("clear")
                .by(user).send()).getString("content"));
        assertEquals("No active focus. Tell me what you are working on with /focus set.\nNo quiet hours: reminders "
                + "come when they match. Set them with /focus quiet from:22:00 to:08:00 (state:on brings back "
                + "hours you turned off).",
                E2E.message(E2E.fake()
                .slashCommand("focus").subcommand("show").by(user).send()).getString("content"));
    }

    @Test
    void focusWithAnUnreadableDurationExplainsAndSavesNothing() {
        FakeUser user = E2E.newUser();

        DataObject reply = E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "ship the release").option("for", "soon").send());

        assertEquals("'soon' is not a duration I can read. Use a number and a unit: 90m, 3h, 2d, 1w, 1y "
                + "(combined, like 1d12h, or in words, like 3 days).", reply.getString("content"));
        assertTrue(E2E.bot().focus().active(user.id()).isEmpty());
    }

    @Test
    void focusInADirectMessageWorks() {
        FakeUser user = E2E.newUser();

        String set = E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).inDirectMessage()
                .option("text", "learning category theory").send()).getString("content");

        assertTrue(set.startsWith("Focus set: **learning category theory** (until you clear it)."), set);
        assertEquals(1, E2E.bot().focus().active(user.id()).size());
    }

    @Test
    void registeredCommandsAreExactlyTheRegistrysDiscordCommands() {
        DataArray registered = E2E.registeredCommands();
        assertEquals(Commands.discord().size(), registered.length());
        for (CommandSpec spec : Commands.discord()) {
            DataObject expected = Definitions.of(spec).toData();
            DataObject actual = null;
            for (int i = 0; i < registered.length(); i++) {
                if (registered.getObject(i).getString("name").equals(spec.name())) {
                    actual = registered.getObject(i);
                }
            }
            assertTrue(actual != null, "registered /" + spec.name());
            assertEquals(shape(expected), shape(actual), "/" + spec.name());
        }
    }

    /** Names, types, required flags and choices, depth first: what a person sees of a command in Discord. */
    private static String shape(DataObject node) {
        StringBuilder out = new StringBuilder(node.getString("name")).append(':').append(node.getInt("type", 1))
                .append(node.getBoolean("required", false) ? "!" : "").append(node.getBoolean("autocomplete", false) ? "~" : "");
        DataArray choices = node.optArray("choices").orElseGet(DataArray::empty);
        for (int i = 0; i < choices.length(); i++) {
            out.append('|').append(choices.getObject(i).getString("name"));
        }
        DataArray options = node.optArray("options").orElseGet(DataArray::empty);
        for (int i = 0; i < options.length(); i++) {
            out.append(" (").append(shape(options.getObject(i))).append(')');
        }
        return out.toString();
    }

    @Test
    void openPicksALoopLikeCloseAndMakesItActive() {
        FakeUser ada = E2E.newUser();
        FakeUser bob = E2E.newUser();
        E2E.park(ada, "kalman filter");
        E2E.park(ada, "bloom filters");
        E2E.park(bob, "kalman smoother");

        DataObject choices = E2E.reply(E2E.fake().autocomplete("open").by(ada).focused("loop", "kalm").send());
        assertEquals(List.of("kalman filter"), LoopkeeperE2E.choiceNames(choices));
        String picked = LoopkeeperE2E.choiceNamed(choices, "kalman filter").orElseThrow().getString("value");

        String opened = E2E.message(E2E.fake().slashCommand("open").by(ada).option("loop", picked).send())
                .getString("content");
        assertEquals("**kalman filter** is active now. Start with the abstraction: what problem does it solve, and what "
                + "would force you to invent it?", opened);
        // Typed and sent without picking: a fragment of one concept is enough.
        assertTrue(E2E.message(E2E.fake().slashCommand("open").by(ada).option("loop", "bloom").send())
                .getString("content").startsWith("**bloom filters** is active now."));

        DataObject active = E2E.message(E2E.fake().slashCommand("loops").by(ada).option("status", "active").send())
                .getArray("embeds").getObject(0);
        assertEquals("Active loops (2)", active.getString("title"));
        assertTrue(active.getString("description").contains("**kalman filter** · in abstraction since <t:"),
                active.getString("description"));
        assertEquals(LoopStatus.OPEN, open(bob).get(0).status(), "bob's loop is untouched");
    }

    @Test
    void closedLoopsShowTheirOutcomeCloseDateAndTakeaway() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "gradient checkpointing");
        long id = open(user).get(0).id();
        E2E.message(E2E.fake().slashCommand("close").by(user).option("loop", Long.toString(id))
                .option("outcome", "let_go").option("takeaway", "not needed for **inference**").send());

        DataObject closed = E2E.message(E2E.fake().slashCommand("loops").by(user).option("status", "closed").send())
                .getArray("embeds").getObject(0);

        assertEquals("Closed loops (1)", closed.getString("title"));
        String body = closed.getString("description");
        assertTrue(body.startsWith("`#" + id + "` **gradient checkpointing** · let go · closed <t:"), body);
        assertTrue(body.matches("(?s).* closed <t:\\d+:D> · \\[source]\\(\\S+\\)\n.*"), "a date, not an age: " + body);
        assertTrue(body.endsWith("\n  Takeaway: not needed for \\*\\*inference\\*\\*"), body);
    }

    @Test
    void timesDurationsDaysAndNumbersTypedInFullWidthOrOtherDigitsAreReadAsTheyLook() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Bloom filters");
        long loop = E2E.loop(user, "Bloom filters").id();

        // As a Japanese input method types them (full width), and in Arabic-Indic digits: refused before as unreadable.
        String quiet = E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user)
                .option("from", "\uFF12\uFF12\uFF1A\uFF10\uFF10").option("to", "\u0660\u0667:\u0660\u0660")
                .option("zone", "Europe/Berlin").send()).getString("content");
        assertTrue(quiet.startsWith("Quiet hours set: 22:00 to 07:00 (Europe/Berlin)."), quiet);
        String focus = E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "sizing a cache").option("for", "\uFF13\uFF44").send()).getString("content");
        long threeDays = E2E.clock().instant().plus(java.time.Duration.ofDays(3)).getEpochSecond();
        assertTrue(focus.startsWith("Focus set: **sizing a cache** (until <t:" + threeDays + ":f>"), focus);
        String nudge = E2E.message(E2E.fake().slashCommand("nudge").subcommand("set").by(user)
                .option("day", "\uFF53\uFF55\uFF4E\uFF44\uFF41\uFF59").option("time", "\uFF11\uFF18:\uFF10\uFF10")
                .option("zone", "Europe/Berlin").send()).getString("content");
        assertTrue(nudge.contains("Sunday") && nudge.contains("18:00"), nudge);
        String opened = E2E.message(E2E.fake().slashCommand("open").by(user)
                .option("loop", "\uFF03" + fullWidth(loop)).send()).getString("content");
        assertTrue(opened.startsWith("**Bloom filters** is active now"), opened);
    }

    /** A number in full-width digits, as a Japanese input method types it. */
    private static String fullWidth(long number) {
        StringBuilder out = new StringBuilder();
        Long.toString(number).chars().forEach(c -> out.append((char) (c - '0' + 0xFF10)));
        return out.toString();
    }

    @Test
    void showListsQuietHoursAndStateOffTurnsThemOff() {
        FakeUser user = E2E.newUser();

        String same = E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user).option("from", "22:00")
                .option("to", "22:00").option("zone", "Europe/Berlin").send()).getString("content");
        assertTrue(same.startsWith("Quiet hours from 22:00 to 22:00 would be no quiet hours at all."), same);
        E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user).option("from", "22:00")
                .option("to", "07:00").option("zone", "Europe/Berlin").send());
        assertTrue(E2E.message(E2E.fake().slashCommand("focus").subcommand("show").by(user).send()).getString("content")
                .endsWith("\nQuiet hours: 22:00 to 07:00 (Europe/Berlin); reminders wait until they end."));
        // A zone alone takes the same local hours to it.
        E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user).option("zone", "Asia/Tokyo").send());
        assertTrue(E2E.message(E2E.fake().slashCommand("focus").subcommand("show").by(user).send()).getString("content")
                .endsWith("\nQuiet hours: 22:00 to 07:00 (Asia/Tokyo); reminders wait until they end."));
        E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user).option("zone", "Europe/Berlin").send());

        String mixed = E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user).option("state", "off")
                .option("from", "21:00").send()).getString("content");
        String off = E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user).option("state", "off")
                .send()).getString("content");

        assertTrue(mixed.startsWith("state:off turns quiet hours off, so from:, to: and zone: have nothing to set."),
                mixed);
        assertTrue(off.startsWith("Quiet hours are off (they were 22:00 to 07:00)"), off);
        assertTrue(off.endsWith("/focus quiet state:on brings them back."), off);
        assertTrue(E2E.bot().settings().person(user.id()).quietHours().isEmpty());

        // On again: the hours turned off come back, in the zone they had.
        String on = E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user).option("state", "on")
                .send()).getString("content");
        assertTrue(on.startsWith("Quiet hours set: 22:00 to 07:00 (Europe/Berlin)."), on);
        assertEquals("22:00", E2E.bot().settings().person(user.id()).quietHours().orElseThrow().from().toString());
    }

    @Test
    void followIsRefusedOnABotThatDoesNotReadMessages() {
        FakeUser user = E2E.newUser();

        String on = E2E.message(E2E.fake().slashCommand("focus").subcommand("follow").by(user).option("state", "on")
                .send()).getString("content");
        String off = E2E.message(E2E.fake().slashCommand("focus").subcommand("follow").by(user).option("state", "off")
                .send()).getString("content");

        assertTrue(on.startsWith("Work-log channels are off on this bot: it runs without the Message Content intent"),
                on);
        assertTrue(off.startsWith("Not following"), off);
        assertTrue(!E2E.bot().settings().person(user.id()).followWorklog(), "nothing promised, nothing set");
    }

    /** Quiet hours around now, a loop, and a focus it matches: the reminder waits for the quiet hours to end. */
    private static void matchWaitingForQuietHours(FakeUser user) {
        matchWaitingForQuietHours(user, null);
    }

    /** The same with a focus that lasts {@code lasts} ({@code for:}; null: until cleared). */
    private static void matchWaitingForQuietHours(FakeUser user, String lasts) {
        // From an hour before the bot's now to six after, in UTC: "00:00 to 23:59" left the last minute of a day
        // outside (a run started at 23:59:50 failed here).
        java.time.LocalTime now = E2E.clock().instant().atZone(java.time.ZoneOffset.UTC).toLocalTime()
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user)
                .option("from", now.minusHours(1).toString()).option("to", now.plusHours(6).toString())
                .option("zone", "UTC").send());
        E2E.park(user, "Kalman filter");
        var set = E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "tracking a drone with a Kalman filter");
        E2E.message((lasts == null ? set : set.option("for", lasts)).send());
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (E2E.bot().outbox().scheduledCount(user.id()) == 0) {
            assertTrue(System.nanoTime() < deadline, "the match was never scheduled for after quiet hours");
            Thread.onSpinWait();
        }
    }

    @Test
    void aFocusSetInQuietHoursThatEndsBeforeThemSaysNoReminderWillComeForIt() {
        FakeUser user = E2E.newUser();
        java.time.Instant now = E2E.clock().instant();
        java.time.LocalTime local = now.atZone(java.time.ZoneOffset.UTC).toLocalTime()
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user)
                .option("from", local.minusHours(1).toString()).option("to", local.plusHours(6).toString())
                .option("zone", "UTC").send());
        long quietEnd = now.atZone(java.time.ZoneOffset.UTC).toLocalDate().atTime(local.plusHours(6))
                .toInstant(java.time.ZoneOffset.UTC).getEpochSecond();
        quietEnd += quietEnd <= now.getEpochSecond() ? 86_400 : 0; // the quiet hours end tomorrow

        String brief = E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "knitting a scarf").option("for", "1h").send()).getString("content");
        String longer = E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "tracking a drone").option("for", "1d").send()).getString("content");

        assertTrue(brief.endsWith(" It ends before your quiet hours do (<t:" + quietEnd + ":f>), so no reminder will "
                + "come for it unless you set it for longer or end quiet hours sooner (/focus quiet)."), brief);
        assertFalse(brief.contains("will come back to you"), brief);
        assertTrue(longer.endsWith(" Parked loops that match it will come back to you."), longer);
    }

    @Test
    void clearingAFocusSaysWhichWaitingReminderWentWithIt() {
        FakeUser user = E2E.newUser();
        matchWaitingForQuietHours(user);

        String cleared = E2E.message(E2E.fake().slashCommand("focus").subcommand("clear").by(user).send())
                .getString("content");

        assertTrue(cleared.startsWith("Cleared your focus. A reminder waiting for it (the daily limit or quiet hours) "
                + "was withdrawn: its loops stay parked"), cleared);
        assertEquals(0, E2E.bot().outbox().scheduledCount(user.id()));
    }

    @Test
    void aLoopEditedWhileItsReminderWaitsStillComesWhenQuietHoursEnd() {
        FakeUser user = E2E.newUser();
        matchWaitingForQuietHours(user);
        long before = E2E.bot().database().read(sql -> sql.queryLong(
                "SELECT MAX(id) FROM reminder WHERE owner_id = ?", user.id()));

        E2E.message(E2E.fake().slashCommand("edit").by(user).option("loop", "Kalman filter")
                .option("why", "the drone drifts without it").send());
        // The focus is decided again on the matcher's thread: a new reminder waits in place of the withdrawn one.
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        while (E2E.bot().database().read(sql -> sql.queryLong("SELECT MAX(id) FROM reminder WHERE owner_id = ?",
                user.id())) == before || E2E.bot().outbox().scheduledCount(user.id()) == 0) {
            assertTrue(System.nanoTime() < deadline, "no reminder waits again after the edit");
            Thread.onSpinWait();
        }
        E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user).option("state", "off").send());

        String dm = E2E.fake().directMessageChannelId(user);
        E2E.fake().awaitRequest(r -> r.path().equals("channels/" + dm + "/messages") && r.status() == 200
                && WireAssertions.text(r.json()).contains("Kalman filter"), LoopkeeperE2E.WAIT);
    }

    @Test
    void turningQuietHoursOffSendsTheReminderThatWaitedForThemByDirectMessage() {
        FakeUser user = E2E.newUser();
        matchWaitingForQuietHours(user);

        String off = E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user).option("state", "off")
                .send()).getString("content");

        assertTrue(off.startsWith("Quiet hours are off"), off);
        String dm = E2E.fake().directMessageChannelId(user);
        RecordedRequest sent = E2E.fake().awaitRequest(r -> r.path().equals("channels/" + dm + "/messages")
                && r.status() == 200 && WireAssertions.text(r.json()).contains("Kalman filter"), LoopkeeperE2E.WAIT);
        WireAssertions.assertMentionsSuppressed(sent.json());
    }

    @Test
    void aReminderWhoseFocusRanOutWhileItWaitedIsNotSentWhenQuietHoursEnd() {
        FakeUser user = E2E.newUser();
        matchWaitingForQuietHours(user, "1h");
        E2E.clock().advance(java.time.Duration.ofHours(2));

        String off = E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user).option("state", "off")
                .send()).getString("content");
        E2E.bot().outbox().deliverDue();

        assertTrue(off.startsWith("Quiet hours are off"), off);
        // Its outbox row settles (a send in flight elsewhere would be on the wire by then).
        long deadline = System.nanoTime() + LoopkeeperE2E.WAIT.toNanos();
        List<String> statuses;
        while ((statuses = E2E.bot().database().read(sql -> sql.query(
                "SELECT status FROM outbox WHERE kind = 'reminder' AND recipient_id = ?", row -> row.getString(1),
                user.id()))).stream().anyMatch(s -> s.equals("scheduled") || s.equals("sending"))) {
            assertTrue(System.nanoTime() < deadline, "the waiting reminder was never taken: " + statuses);
            Thread.onSpinWait();
        }
        assertEquals(List.of("dropped"), statuses);
        assertTrue(E2E.requests(r -> r.method().equals("POST") && WireAssertions.text(r.json()).contains("Kalman filter")
                && r.path().equals("channels/" + E2E.fake().directMessageChannelId(user) + "/messages")).isEmpty(),
                "the focus ended before the reminder could go: nothing is sent");
        assertEquals(1, open(user).size(), "its loop stays parked");
    }

    private static List<OpenLoop> open(FakeUser user) {
        return E2E.bot().loops().list(user.id(), LoopFilter.open(), 0, 20).loops();
    }
}
