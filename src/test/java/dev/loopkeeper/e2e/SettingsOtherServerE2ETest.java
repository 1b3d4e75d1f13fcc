package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeChannel;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeGuild;
import dev.loopkeeper.e2e.fake.FakeUser;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two servers on one bot: a manager of the second names a channel of the first in {@code /settings}. Discord's own
 * client offers only the server's channels, so only a crafted request does this; it is refused as bad input, not
 * answered with the "something went wrong" apology.
 */
class SettingsOtherServerE2ETest {
    private static final FakeUser BEA = new FakeUser("1000000000000000301", "bea");
    private static final FakeChannel LAB = new FakeChannel("1000000000000000210", "lab");
    private static final FakeGuild OTHER = FakeGuild.of("1000000000000000110", "OTHER", LAB, BEA);

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands()
            .world(FakeDiscord.builder().guild(FakeDiscord.DEFAULT_GUILD).guild(OTHER));

    @Test
    void aChannelOfAnotherServerIsRefusedAsNotThisServers() {
        for (List<String> sub : List.of(List.of("reminders"), List.of("digest"), List.of("worklog", "add"))) {
            var command = E2E.fake().slashCommand("settings");
            command = sub.size() == 1 ? command.subcommand(sub.get(0)) : command.subcommand(sub.get(0), sub.get(1));
            String reply = E2E.message(command.by(BEA).inChannel(OTHER, LAB).option("channel", FakeDiscord.GENERAL)
                    .send()).getString("content");
            assertTrue(reply.startsWith("<#" + FakeDiscord.GENERAL.id() + "> is not a channel of this server."),
                    sub + ": " + reply);
        }
        assertEquals(Optional.empty(), E2E.bot().settings().reminderChannel(OTHER.id()));
        assertEquals(Optional.empty(), E2E.bot().digests().channel(OTHER.id()));
        assertEquals(List.of(), E2E.bot().settings().worklogChannels(OTHER.id()));
    }
}
