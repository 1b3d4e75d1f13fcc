package dev.loopkeeper.e2e;

import dev.loopkeeper.e2e.fake.FakeChannel;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeGuild;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import net.dv8tion.jda.api.Permission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /settings} through the wire: only someone with Manage Server may change a server's settings. In the fake's
 * guild @everyone lacks Manage Server, so a fresh user is refused and the guild owner (who has every permission) is
 * not.
 */
class SettingsE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    /** A server where the app was added with its commands only: the bot is no member, and JDA's server is detached. */
    private static final FakeChannel STUDY = new FakeChannel("1000000000000000220", "study");
    private static final FakeUser CY = new FakeUser("1000000000000000320", "cy");
    private static final FakeGuild COMMANDS_ONLY = FakeGuild.of("1000000000000000120", "COMMANDS ONLY", STUDY, CY);

    @Test
    void memberWithoutManageServerIsRefusedAndNothingChanges() {
        FakeUser member = E2E.newUser();

        String reply = E2E.message(E2E.fake().slashCommand("settings").subcommand("worklog", "add").by(member)
                .option("channel", FakeDiscord.GENERAL).send()).getString("content");

        assertEquals("Changing Loopkeeper's server settings needs the Manage Server permission.", reply);
        assertTrue(listWorklogs().startsWith("No work-log channels yet"), "nothing was added");
    }

    @Test
    void aReminderChannelIsSaidToShowMembersLoopsToWhoeverReadsIt() {
        String set = E2E.message(E2E.fake().slashCommand("settings").subcommand("reminders").by(FakeDiscord.ADA)
                .option("channel", FakeDiscord.GENERAL).send()).getString("content");
        assertEquals("Reminders for people whose DMs are closed now go to <#" + FakeDiscord.GENERAL.id() + ">, for "
                + "loops parked in this server. Anyone who can read that channel sees them, with each member's loop and "
                + "its why: a channel only your group reads suits them. /settings reminders state:off stops posting "
                + "them there.", set);
        // And the member, reading /help, learns the same before one of theirs is posted there.
        String help = E2E.message(E2E.fake().slashCommand("help").by(E2E.newUser()).send()).toString();
        assertTrue(help.contains("(/settings reminders), where anyone who reads that channel sees it, mentioning only "
                + "you"), help);
    }

    @Test
    void aManagerWhoRegretsTheReminderChannelTakesItBackAndMembersRemindersWaitAgain() {
        String general = "<#" + FakeDiscord.GENERAL.id() + ">";
        E2E.message(E2E.fake().slashCommand("settings").subcommand("reminders").by(FakeDiscord.ADA)
                .option("channel", FakeDiscord.GENERAL).send());
        assertEquals("Reminders for people whose DMs are closed go to " + general + ", for loops parked in this server. "
                + "/settings reminders state:off stops posting them there.", reminders(null, null));

        // Both at once says which to give and keeps the channel.
        assertEquals("state:off takes the reminder channel away, so channel: has nothing to set. Give one or the "
                + "other. Nothing was changed.", reminders(FakeDiscord.GENERAL, "off"));
        assertTrue(show().contains("• Reminders for people whose DMs are closed: " + general), show());

        assertEquals("Reminders are no longer posted in " + general + ". For people whose DMs are closed, they wait "
                + "until the person next uses a command. /settings reminders channel:#channel sets one again.",
                reminders(null, "off"));
        assertTrue(show().contains("• Reminders for people whose DMs are closed: no channel; they wait until the person "
                + "next uses a command (`/settings reminders`)"), show());
        assertEquals("No reminder channel: reminders for people whose DMs are closed wait until the person next uses a "
                + "command. /settings reminders channel:#channel posts them there instead.", reminders(null, null));
        assertTrue(reminders(null, "off").startsWith("There was no reminder channel. For people whose DMs are closed,"));

        // A member who only looks is told who sees the settings, not that changing them needs the permission.
        assertEquals("Loopkeeper's server settings are shown to people with the Manage Server permission.",
                E2E.message(E2E.fake().slashCommand("settings").subcommand("reminders").by(E2E.newUser()).send())
                        .getString("content"));
    }

    @Test
    void aPollRoleDeletedSinceIsShownAsGoneNotAsARoleMembersHold() {
        String tutors = "1000000000000000700";
        E2E.fake().createRole(E2E.guildId(), tutors, "tutors");
        String set = E2E.message(E2E.fake().slashCommand("settings").subcommand("polls").by(FakeDiscord.ADA)
                .optionRole("role", tutors, "tutors").send()).getString("content");
        assertEquals("Saved. Triage polls here are started by people with Manage Server and by members with <@&" + tutors
                + ">; a result needs at least 3 votes. starters:managers lets only Manage Server start them again.", set);
        assertTrue(show().contains("• Triage polls: started by people with Manage Server and members with <@&" + tutors
                + ">; a result needs 3 votes (`/settings polls`)"), show());

        // Discord shows a deleted role's mention as "@deleted-role", which nobody holds: managers alone start polls.
        E2E.fake().deleteRole(E2E.guildId(), tutors);
        try {
            String gone = "started by people with Manage Server only: the role picked for others was deleted since "
                    + "(`/settings polls role:` picks another); a result needs";
            assertTrue(show().contains("• Triage polls: " + gone + " 3 votes (`/settings polls`)"), show());
            assertEquals("Triage polls here are " + gone + " at least 3 votes.", E2E.message(E2E.fake()
                    .slashCommand("settings").subcommand("polls").by(FakeDiscord.ADA).send()).getString("content"));
            // A member refused is not sent looking for a role nobody can get.
            InteractionHandle poll = E2E.fake().slashCommand("triage").by(E2E.newUser()).option("poll", "1").send();
            assertEquals(5, E2E.reply(poll).getInt("type"), "deferred before the poll is saved");
            assertEquals("Starting a triage poll here needs the Manage Server permission. Nothing was posted.",
                    E2E.fake().awaitWebhookRequest(poll, "PATCH", LoopkeeperE2E.WAIT).json().getString("content"));
        } finally {
            E2E.message(E2E.fake().slashCommand("settings").subcommand("polls").by(FakeDiscord.ADA)
                    .option("starters", "managers").send());
        }
    }

    @Test
    void aMemberWhoseNudgeTakesTheServersZoneIsToldSoAndHowToUseTheirOwn() {
        assertTrue(E2E.message(E2E.fake().slashCommand("settings").subcommand("zone").by(FakeDiscord.ADA)
                .option("zone", "Europe/Berlin").send()).getString("content")
                .startsWith("Members' weekly nudges here default to Europe/Berlin"));
        FakeUser member = E2E.newUser();
        String set = E2E.message(E2E.fake().slashCommand("nudge").subcommand("set").by(member)
                .option("day", "sunday").option("time", "18:00").send()).getString("content");
        assertTrue(set.startsWith("Weekly nudge set: Sundays at 18:00 (Europe/Berlin)."), set);
        assertTrue(set.endsWith(" You gave no time zone, so it follows this server's, Europe/Berlin, which is your zone "
                + "now (quiet hours too); add zone:, such as zone:America/New_York, to use your own."), set);

        // Once it is theirs, it is no longer the server's to follow: nothing more is said.
        String again = E2E.message(E2E.fake().slashCommand("nudge").subcommand("set").by(member)
                .option("day", "monday").option("time", "18:00").send()).getString("content");
        assertTrue(again.startsWith("Weekly nudge set: Mondays at 18:00 (Europe/Berlin).") && !again.contains("zone:"),
                again);
    }

    private static String reminders(FakeChannel channel, String state) {
        var command = E2E.fake().slashCommand("settings").subcommand("reminders").by(FakeDiscord.ADA);
        if (channel != null) {
            command.option("channel", channel);
        }
        if (state != null) {
            command.option("state", state);
        }
        return E2E.message(command.send()).getString("content");
    }

    private static String show() {
        return E2E.message(E2E.fake().slashCommand("settings").subcommand("show").by(FakeDiscord.ADA).send())
                .getString("content");
    }

    @Test
    void ownerAddsAndRemovesAWorklogChannel() {
        String channel = "<#" + FakeDiscord.GENERAL.id() + ">";

        String added = E2E.message(E2E.fake().slashCommand("settings").subcommand("worklog", "add")
                .by(FakeDiscord.ADA).option("channel", FakeDiscord.GENERAL).send()).getString("content");

        assertTrue(added.startsWith(channel + " is now a work-log channel."), added);
        assertTrue(listWorklogs().contains(channel), "listed after adding");
        String removed = E2E.message(E2E.fake().slashCommand("settings").subcommand("worklog", "remove")
                .by(FakeDiscord.ADA).option("channel", FakeDiscord.GENERAL).send()).getString("content");
        assertTrue(removed.startsWith(channel + " is no longer a work-log channel. Messages there no longer change "), removed);
    }

    @Test
    void aWorkLogChannelTheBotCanNoLongerPostInIsStillUnmarked() {
        String channel = "<#" + FakeDiscord.GENERAL.id() + ">";
        E2E.message(E2E.fake().slashCommand("settings").subcommand("worklog", "add").by(FakeDiscord.ADA)
                .option("channel", FakeDiscord.GENERAL).send());
        // The server takes Send Messages away from @everyone, the bot's only role: it may still see the channel.
        E2E.fake().setEveryonePermissions(E2E.guildId(), Long.toString(Permission.VIEW_CHANNEL.getRawValue()));
        try {
            String removed = E2E.message(E2E.fake().slashCommand("settings").subcommand("worklog", "remove")
                    .by(FakeDiscord.ADA).option("channel", FakeDiscord.GENERAL).send()).getString("content");
            assertTrue(removed.startsWith(channel + " is no longer a work-log channel. Messages there no longer change "), removed);
            assertTrue(listWorklogs().startsWith("No work-log channels yet"), "unmarked");
        } finally {
            E2E.fake().setEveryonePermissions(E2E.guildId(), FakeGuild.DEFAULT_PERMISSIONS);
        }
    }

    @Test
    void inAServerWithTheCommandsButNotTheBotAManagerSeesTheSettingsAndMembersTheSharedLoops() {
        // Not in the fake's world, so not in the bot's READY. Discord sends the member's permissions with the
        // interaction: in the fake, those of @everyone.
        FakeGuild managers = COMMANDS_ONLY.withEveryonePermissions(Long.toString(
                Long.parseLong(FakeGuild.DEFAULT_PERMISSIONS) | Permission.MANAGE_SERVER.getRawValue()));
        String shown = E2E.message(E2E.fake().slashCommand("settings").subcommand("show").by(CY)
                .inChannel(managers, STUDY).send()).getString("content");
        assertTrue(shown.startsWith("**Loopkeeper in this server**"), shown);
        String refused = E2E.message(E2E.fake().slashCommand("settings").subcommand("show").by(CY)
                .inChannel(COMMANDS_ONLY, STUDY).send()).getString("content");
        assertEquals("Loopkeeper's server settings are shown to people with the Manage Server permission.", refused);
        String lot = E2E.message(E2E.fake().slashCommand("loops").by(CY).inChannel(COMMANDS_ONLY, STUDY)
                .option("scope", "server").send()).getArray("embeds").getObject(0).getString("title");
        assertTrue(lot.startsWith("This server's open loops"), lot);

        // A park for the group here is saved; there is no bot to post it, and the parker is told so, not that their
        // channel may not allow it.
        InteractionHandle park = E2E.fake().slashCommand("park").by(CY).inChannel(COMMANDS_ONLY, STUDY)
                .option("concept", "write-ahead logging").option("scope", "server").send();
        assertTrue(E2E.message(park).getString("content").startsWith("Parked **write-ahead logging** for the group."));
        assertEquals(dev.loopkeeper.discord.DiscordMessages.notPostedBotNotInServer(), E2E.fake()
                .awaitWebhookRequest(park, "POST", LoopkeeperE2E.WAIT).json().getString("content"));
    }

    @Test
    void settingsInADirectMessageExplainsWhereTheyBelong() {
        String reply = E2E.message(E2E.fake().slashCommand("settings").subcommand("worklog", "list")
                .by(E2E.newUser()).inDirectMessage().send()).getString("content");

        assertEquals("Settings belong to a server: run /settings there.", reply);
    }

    @Test
    void showGathersTheServersSettingsInOneReply() {
        E2E.message(E2E.fake().slashCommand("settings").subcommand("reminders").by(FakeDiscord.ADA)
                .option("channel", FakeDiscord.GENERAL).send());
        String shown = E2E.message(E2E.fake().slashCommand("settings").subcommand("show").by(FakeDiscord.ADA).send())
                .getString("content");
        assertTrue(shown.startsWith("**Loopkeeper in this server**"), shown);
        assertTrue(shown.contains("Reminders for people whose DMs are closed: <#" + FakeDiscord.GENERAL.id() + ">"),
                shown);
        assertTrue(shown.contains("Triage polls: started by people with Manage Server"), shown);
        String refused = E2E.message(E2E.fake().slashCommand("settings").subcommand("show").by(E2E.newUser()).send())
                .getString("content");
        assertEquals("Loopkeeper's server settings are shown to people with the Manage Server permission.", refused);
    }

    @Test
    void aMemberWhoOnlyLooksIsToldTheSettingsAreShownToManagers() {
        FakeUser member = E2E.newUser();
        String shown = "Loopkeeper's server settings are shown to people with the Manage Server permission.";
        String changing = "Changing Loopkeeper's server settings needs the Manage Server permission.";

        assertEquals(shown, E2E.message(E2E.fake().slashCommand("settings").subcommand("caps").by(member).send())
                .getString("content"));
        assertEquals(shown, E2E.message(E2E.fake().slashCommand("settings").subcommand("worklog", "list").by(member)
                .send()).getString("content"));
        // With no option, /settings digest says where the digest goes: looking, not changing.
        assertEquals(shown, E2E.message(E2E.fake().slashCommand("settings").subcommand("digest").by(member).send())
                .getString("content"));
        assertEquals(changing, E2E.message(E2E.fake().slashCommand("settings").subcommand("caps").by(member)
                .option("daily", 5).send()).getString("content"));
    }

    private static String listWorklogs() {
        return E2E.message(E2E.fake().slashCommand("settings").subcommand("worklog", "list").by(FakeDiscord.ADA)
                .send()).getString("content");
    }
}
