package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.focus.Focus;
import dev.loopkeeper.focus.FocusSource;
import java.util.List;
import net.dv8tion.jda.api.requests.GatewayIntent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Work-log channels on the wire, with {@code LOOPKEEPER_MESSAGE_CONTENT=true}: the bot asks for the message intents,
 * and an opted-in person's message in a marked channel becomes their focus and can bring a parked loop back.
 */
class WorklogE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands().with(ConfigLoader.MESSAGE_CONTENT, "true");

    private static final String CHANNEL = FakeDiscord.DEFAULT_GUILD.defaultChannel().id();

    @Test
    void theBotAsksForMessageContentOnlyWhenWorkLogsAreOn() {
        long intents = E2E.fake().identifiedIntents();
        assertEquals(GatewayIntent.MESSAGE_CONTENT.getRawValue(), intents & GatewayIntent.MESSAGE_CONTENT.getRawValue());
        assertEquals(GatewayIntent.GUILD_MESSAGES.getRawValue(), intents & GatewayIntent.GUILD_MESSAGES.getRawValue());
    }

    @Test
    void anOptedInPersonsWorkLogMessageBecomesFocusAndRemindsThem() {
        FakeUser user = E2E.newUser();
        E2E.bot().settings().addWorklog(E2E.guildId(), CHANNEL, user.id());
        E2E.park(user, "Kalman filter");
        E2E.message(E2E.fake().slashCommand("focus").subcommand("follow").by(user).option("state", "on").send());

        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "today: tracking a drone with a Kalman filter");

        E2E.fake().awaitRequest(r -> r.method().equals("POST") && r.path().matches("channels/[^/]+/messages")
                && WireAssertions.text(r.json()).contains("Kalman filter"), LoopkeeperE2E.WAIT);
        List<Focus> focus = E2E.bot().focus().active(user.id());
        assertEquals(1, focus.size());
        assertEquals(FocusSource.WORK_LOG, focus.get(0).source());
        assertTrue(focus.get(0).expiresAt() != null);
    }

    @Test
    void chatUnderThreeWordsLeavesTheFocusAsTheLastNoteSaidAndRemindsOfNothing() {
        FakeUser user = E2E.newUser();
        E2E.bot().settings().addWorklog(E2E.guildId(), CHANNEL, user.id());
        E2E.park(user, "consistent hashing");
        String following = E2E.message(E2E.fake().slashCommand("focus").subcommand("follow").by(user)
                .option("state", "on").send()).getString("content");
        assertTrue(following.contains("A message of one or two words (“wip”, “merged”) is chat"), following);
        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "today: tuning the drone's PID loop");

        // As a focus, "merged" reminded of consistent hashing (git branching and merging rests on hash tables).
        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "merged");
        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "lgtm 👍");

        // Handled after the messages (one gateway, in order): the focus is still the note.
        String shown = E2E.message(E2E.fake().slashCommand("focus").subcommand("show").by(user).send())
                .getString("content");
        assertTrue(shown.contains("today: tuning the drone's PID loop") && !shown.contains("merged"), shown);
        assertEquals(List.of("today: tuning the drone's PID loop"),
                E2E.bot().focus().active(user.id()).stream().map(Focus::text).toList());
        assertTrue(E2E.fake().requests().stream().noneMatch(r -> r.method().equals("POST")
                && r.path().matches("channels/[^/]+/messages") && WireAssertions.text(r.json()).contains(
                        "consistent hashing")), "no reminder of consistent hashing");
    }

    @Test
    void someoneWhoDidNotOptInIsNotFollowed() {
        FakeUser user = E2E.newUser();
        E2E.bot().settings().addWorklog(E2E.guildId(), CHANNEL, user.id());
        E2E.fake().userMessage(user, E2E.guildId(), CHANNEL, "just chatting");
        // A later interaction from the same person is handled after the message event (one gateway, in order).
        E2E.message(E2E.fake().slashCommand("focus").subcommand("show").by(user).send());
        assertTrue(E2E.bot().focus().active(user.id()).isEmpty());
    }
}
