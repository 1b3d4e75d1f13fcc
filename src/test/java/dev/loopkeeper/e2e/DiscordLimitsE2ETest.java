package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.common.UserText;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopScope;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What people meet at Discord's limits: texts typed the longest way they can (markdown that escaping doubles), and
 * more of something than one message holds. Each answer must reach Discord (the harness checks every body against
 * Discord's limits) and read as meant: whole lines, and a count of what was left out.
 */
class DiscordLimitsE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    private static final String CHANNEL = FakeDiscord.GENERAL.id();

    private static Predicate<RecordedRequest> postIn(String channelId, String text) {
        return r -> r.method().equals("POST") && r.path().equals("channels/" + channelId + "/messages")
                && r.json().getString("content", "").contains(text);
    }

    /** The next Monday 09:00 (UTC, the digest's slot with no server zone) after the bot's now, plus a little. */
    private static void toTheNextDigestSlot() {
        ZonedDateTime now = E2E.clock().instant().atZone(ZoneOffset.UTC);
        ZonedDateTime monday = now.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY)).with(LocalTime.of(9, 0));
        if (!monday.isAfter(now)) {
            monday = monday.plusWeeks(1);
        }
        E2E.clock().advance(Duration.between(E2E.clock().instant(), monday.plusSeconds(30).toInstant()));
    }

    @Test
    void aWeekOfManyPollsOnLongConceptsFitsTheDigestByWholeLinesAndSaysHowManyMore() {
        E2E.message(E2E.fake().slashCommand("settings").subcommand("digest").by(FakeDiscord.ADA)
                .option("channel", FakeDiscord.GENERAL).send());
        int polls = 10;
        for (int i = 0; i < polls; i++) {
            // As long as /park takes, with markdown that escaping doubles: the week's lines pass one message.
            String concept = ("decided " + i + " " + "**bold** `code` ".repeat(20)).substring(0, 200).strip();
            E2E.message(E2E.fake().slashCommand("park").by(FakeDiscord.ADA).option("concept", concept)
                    .option("scope", "server").send());
            long id = E2E.bot().loops().resolve(LoopScope.server(E2E.guildId()),
                    Actor.member(FakeDiscord.ADA.id(), E2E.guildId(), true), "decided " + i).id();
            InteractionHandle poll = E2E.fake().slashCommand("triage").by(FakeDiscord.ADA)
                    .option("poll", Long.toString(id)).send();
            E2E.fake().awaitWebhookRequest(poll, "PATCH", LoopkeeperE2E.WAIT);
            List<DataObject> posted = E2E.fake().pollsIn(CHANNEL);
            String pollId = posted.get(posted.size() - 1).getString("id");
            for (String answer : List.of("Core", "Core", "Adjacent")) {
                E2E.fake().vote(E2E.newUser(), pollId, answer);
            }
            E2E.fake().endPoll(pollId, true);
            E2E.fake().awaitRequest(postIn(CHANNEL, "The poll on **decided " + i + " "), LoopkeeperE2E.WAIT);
        }
        toTheNextDigestSlot();
        E2E.bot().sendDue();
        String text = E2E.fake().awaitRequest(postIn(CHANNEL, "This week's shared loops"), LoopkeeperE2E.WAIT).json()
                .getString("content");
        E2E.message(E2E.fake().slashCommand("settings").subcommand("digest").by(FakeDiscord.ADA)
                .option("state", "off").send());

        assertTrue(UserText.length(text) <= UserText.MESSAGE_LIMIT, text);
        String results = text.substring(text.indexOf("**Poll results**\n") + "**Poll results**\n".length());
        List<String> lines = List.of(results.split("\n"));
        List<String> named = lines.stream().filter(l -> l.startsWith("- **decided ")).toList();
        // Each result whole (its bold closed, its tally there), never cut mid-line; the ones left out are counted.
        assertTrue(named.stream().allMatch(l -> l.contains("**: core (Core 2 · Adjacent 1 · Peripheral 0 · Let it go 0)")),
                results);
        assertTrue(named.size() < polls, "a week this long cannot list every result: " + results);
        assertEquals("- and " + (polls - named.size()) + " more", lines.get(lines.size() - 1), results);
    }

    @Test
    void aServerWithMoreWorkLogChannelsThanOneMessageNamesShowsAndListsThemWithinOneMessage() {
        // A study server where every member keeps a log channel of their own: 90 mentions of 22 characters each.
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            channels.add(Long.toString(1_100_000_000_000_000_000L + i));
        }
        channels.forEach(c -> E2E.bot().settings().addWorklog(E2E.guildId(), c, FakeDiscord.ADA.id()));
        try {
            String shown = E2E.message(E2E.fake().slashCommand("settings").subcommand("show").by(FakeDiscord.ADA)
                    .send()).getString("content");
            assertTrue(shown.startsWith("**Loopkeeper in this server**"), shown);
            assertTrue(shown.contains("<#" + channels.get(0) + ">"), shown);
            assertTrue(shown.matches("(?s).*and \\d+ more \\(`/settings worklog list`\\).*"), shown);
            assertTrue(shown.endsWith("before it may come back again."), "every setting is still there: " + shown);

            String listed = E2E.message(E2E.fake().slashCommand("settings").subcommand("worklog", "list")
                    .by(FakeDiscord.ADA).send()).getString("content");
            assertTrue(listed.startsWith("Work-log channels"), listed);
            long named = channels.stream().filter(c -> listed.contains("<#" + c + ">")).count();
            assertTrue(named > 60, "as many as fit: " + listed);
            assertTrue(listed.endsWith(" and " + (channels.size() - named) + " more."), listed);
        } finally {
            channels.forEach(c -> E2E.bot().settings().removeWorklog(E2E.guildId(), c));
        }
    }

    @Test
    void anImportRefusedForAFieldOfThousandsOfCharactersSaysWhyWithinOneMessage() {
        // A hand-edited export with a note pasted into the wrong field: the refusal quotes the field's value.
        String pasted = "see https://example.com/notes ".repeat(100).strip();
        for (String tables : List.of(
                "{\"loop_phase\": [{\"id\": 1, \"loop_id\": \"" + pasted + "\"}]}",
                "{\"person_settings\": [{\"zone\": \"" + pasted + "\"}]}")) {
            byte[] file = ("{\"format\": \"loopkeeper-export\", \"version\": 1, \"tables\": " + tables + "}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            FakeUser user = E2E.newUser();
            InteractionHandle restore = E2E.fake().slashCommand("import").by(user)
                    .option("file", E2E.fake().offerFile("loopkeeper-export.json", file)).send();
            E2E.reply(restore);
            E2E.fake().awaitWebhookRequest(restore, "PATCH", LoopkeeperE2E.WAIT);
            String said = E2E.fake().originalMessage(restore).getString("content");
            assertTrue(said.endsWith("Nothing was imported."), said);
            assertTrue(UserText.length(said) < 400, "the value is quoted shortened, not whole: " + said);
        }
    }

    @Test
    void aDurationTimeOrZoneThatCannotBeReadIsQuotedAsTypedNotAsMarkdown() {
        FakeUser user = E2E.newUser();
        String duration = E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user)
                .option("text", "tuning a Kalman filter").option("for", "**2d**").send()).getString("content");
        assertTrue(duration.startsWith("'\\*\\*2d\\*\\*' is not a duration I can read."), duration);
        String time = E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user)
                .option("from", "`22`").option("to", "08:00").send()).getString("content");
        assertTrue(time.startsWith("'\\`22\\`' is not a time I can read."), time);
        String zone = E2E.message(E2E.fake().slashCommand("nudge").subcommand("set").by(user).option("day", "sunday")
                .option("time", "18:00").option("zone", "||Europe/Berlin||").send()).getString("content");
        assertTrue(zone.startsWith("'\\|\\|Europe/Berlin\\|\\|' is not a time zone I know."), zone);
    }

    @Test
    void aLongConceptIsOfferedCutBetweenFlagsNeverInsideOne() {
        FakeUser user = E2E.newUser();
        // 92 characters, then Germany, France, Italy and Spain: the 100 a choice's name holds end inside Spain's flag.
        String flags = "\uD83C\uDDE9\uD83C\uDDEA\uD83C\uDDEB\uD83C\uDDF7\uD83C\uDDEE\uD83C\uDDF9\uD83C\uDDEA\uD83C\uDDF8";
        String concept = "rail-timetables-of-europe-".repeat(4).substring(0, 92) + flags + "-and-their-data-formats";
        E2E.park(user, concept);

        List<String> offered = LoopkeeperE2E.choiceNames(E2E.reply(E2E.fake().autocomplete("close").by(user)
                .focused("loop", "rail").send()));

        assertEquals(List.of(concept.substring(0, 92) + flags.substring(0, 12) + "…"), offered,
                "Spain's flag left out whole, not shown as a lone letter E");
    }

    @Test
    void autocompleteNeverOffersTwoChoicesThatReadTheSame() {
        FakeUser user = E2E.newUser();
        // Parked, closed and parked again: two closed loops of one concept, both offered by /reopen.
        for (int i = 0; i < 2; i++) {
            E2E.park(user, "Kalman filter");
            E2E.message(E2E.fake().slashCommand("close").by(user).option("loop", "Kalman filter")
                    .option("outcome", "learned").send());
        }
        List<String> reopen = LoopkeeperE2E.choiceNames(E2E.reply(E2E.fake().autocomplete("reopen").by(user)
                .focused("loop", "Kalman").send()));
        assertEquals(2, reopen.size(), reopen.toString());
        assertEquals(2, reopen.stream().distinct().count(), "told apart: " + reopen);
        // Two open concepts alike in the first 100 characters a choice's name holds.
        String common = "Notes on chapter 3 of Designing Data-Intensive Applications by Martin Kleppmann, the part on storage "
                + "engines and ";
        E2E.park(user, common + "LSM-trees");
        E2E.park(user, common + "B-trees");
        List<String> close = LoopkeeperE2E.choiceNames(E2E.reply(E2E.fake().autocomplete("close").by(user)
                .focused("loop", "chapter 3").send()));
        assertEquals(2, close.size(), close.toString());
        assertEquals(2, close.stream().distinct().count(), "told apart: " + close);
        assertTrue(close.stream().allMatch(n -> n.startsWith("Notes on chapter 3") && n.matches(".*\\(#\\d+\\)")),
                close.toString());
    }
}
