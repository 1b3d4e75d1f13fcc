package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeChannel;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeGuild;
import net.dv8tion.jda.api.Permission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A channel a setting names, deleted or closed to the bot after it was set: the weekly digest then goes nowhere, week
 * after week, and reminders wait for people's next command. {@code /settings show} and {@code /settings digest} say
 * so, with what to do, instead of showing the setting as if it worked.
 */
class SettingsChannelGoneE2ETest {
    private static final FakeChannel DIGEST = new FakeChannel("1000000000000000230", "digest");
    private static final FakeChannel NEWS = new FakeChannel("1000000000000000231", "news");
    private static final FakeGuild GUILD = FakeDiscord.DEFAULT_GUILD.withChannel(DIGEST).withChannel(NEWS);

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands().world(FakeDiscord.builder().guild(GUILD));

    private static String settings(String subcommand, FakeChannel channel) {
        var command = E2E.fake().slashCommand("settings").subcommand(subcommand).by(FakeDiscord.ADA);
        if (channel != null) {
            command.option("channel", channel);
        }
        return E2E.message(command.send()).getString("content");
    }

    @Test
    void aDeletedDigestAndReminderChannelIsShownAsGoneWithWhatToDo() {
        assertTrue(settings("digest", DIGEST).startsWith("The weekly digest of this server's shared loops goes to <#"
                + DIGEST.id() + ">"));
        assertTrue(settings("reminders", DIGEST).startsWith("Reminders for people whose DMs are closed now go to"));
        String before = settings("show", null);
        assertFalse(before.contains("nothing goes there now"), before);

        E2E.fake().deleteChannel(GUILD.id(), DIGEST.id());

        String shown = settings("show", null);
        assertTrue(shown.contains("• Weekly digest of the shared loops: <#" + DIGEST.id() + ">, Mondays at 09:00 (UTC), "
                + "but nothing goes there now: that channel no longer exists. Pick another (`/settings digest`)"), shown);
        assertTrue(shown.contains("• Reminders for people whose DMs are closed: <#" + DIGEST.id() + ">, but nothing goes "
                + "there now: that channel no longer exists, so they wait until the person next uses a command. Pick "
                + "another (`/settings reminders`)"), shown);
        String digest = settings("digest", null);
        assertTrue(digest.startsWith("The weekly digest goes to <#" + DIGEST.id() + ">, Mondays at 09:00 (UTC), but "
                + "nothing goes there now: that channel no longer exists. Pick another with /settings digest channel:, "
                + "or stop it with /settings digest state:off."), digest);

        assertTrue(settings("digest", NEWS).startsWith("The weekly digest of this server's shared loops goes to <#"
                + NEWS.id() + ">"));
        String mended = settings("show", null);
        assertTrue(mended.contains("• Weekly digest of the shared loops: <#" + NEWS.id() + ">, Mondays at 09:00 (UTC) "
                + "(`/settings digest`)"), mended);
    }

    @Test
    void aChannelTheBotMayNoLongerPostInSaysWhichPermissionToGive() {
        settings("digest", NEWS);
        E2E.fake().setEveryonePermissions(GUILD.id(), Long.toString(Permission.VIEW_CHANNEL.getRawValue()));
        try {
            String shown = settings("show", null);
            assertTrue(shown.contains("• Weekly digest of the shared loops: <#" + NEWS.id() + ">, Mondays at 09:00 "
                    + "(UTC), but nothing goes there now: Loopkeeper cannot see and post in it. Give its role View "
                    + "Channel and Send Messages there, or pick another (`/settings digest`)"), shown);
        } finally {
            E2E.fake().setEveryonePermissions(GUILD.id(), FakeGuild.DEFAULT_PERMISSIONS);
        }
        String shown = settings("show", null);
        assertTrue(shown.contains("• Weekly digest of the shared loops: <#" + NEWS.id() + ">, Mondays at 09:00 (UTC) "
                + "(`/settings digest`)"), shown);
    }
}
