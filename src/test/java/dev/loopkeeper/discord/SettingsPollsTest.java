package dev.loopkeeper.discord;

import static dev.loopkeeper.discord.MockInteractions.command;
import static dev.loopkeeper.discord.MockInteractions.replies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.settings.PollSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import org.junit.jupiter.api.Test;

/** {@code /settings polls}: who may start triage polls and the quorum, shown, changed and refused. */
class SettingsPollsTest extends CommandTestBase {
    private static final String ROLE = "700000000000000007";

    private String polls(boolean manageServer, Map<String, String> options) {
        InteractionRouter settingsRouter = new InteractionRouter(List.of(new SettingsCommand(app.settings(), false, app.digests(),
                new SettingsCommand.Limits(3, 7))),
                Runnable::run);
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, ADA, Commands.SETTINGS.name(),
                Commands.POLLS, options);
        Member member = mock(Member.class);
        when(member.hasPermission(Permission.MANAGE_SERVER)).thenReturn(manageServer);
        when(event.getMember()).thenReturn(member);
        ReplyCallbackAction action = replies(event);
        settingsRouter.onSlashCommandInteraction(event);
        return privateReply(event, action).getContent();
    }

    @Test
    void theDefaultsAreShownThenARoleAndAQuorumAreSavedAndTheRoleTakenBack() {
        assertEquals("Triage polls here are started by people with Manage Server; a result needs at least 3 votes.",
                polls(true, Map.of()));

        assertEquals("Saved. Triage polls here are started by people with Manage Server and by members with <@&" + ROLE
                + ">; a result needs at least 5 votes. starters:managers lets only Manage Server start them again.",
                polls(true, Map.of(Commands.ROLE, ROLE, Commands.QUORUM, "5")));
        assertEquals(new PollSettings(Optional.of(ROLE), 5), app.settings().polls(MockInteractions.GUILD));

        assertEquals("Saved. Triage polls here are started by people with Manage Server; a result needs at least 5 votes.",
                polls(true, Map.of(Commands.STARTERS, Commands.MANAGERS)));
        assertEquals(new PollSettings(Optional.empty(), 5), app.settings().polls(MockInteractions.GUILD));
        polls(true, Map.of(Commands.QUORUM, "3"));
        assertEquals(PollSettings.defaults(), app.settings().polls(MockInteractions.GUILD));
    }

    @Test
    void theEveryoneRoleIsSavedAsAnyMemberMayStartPolls() {
        // Discord's @everyone role has the server's id.
        assertEquals("Saved. Triage polls here are started by people with Manage Server and by any member of the server "
                + "(the role everyone holds); a result needs at least 3 votes. starters:managers lets only Manage Server "
                + "start them again.", polls(true, Map.of(Commands.ROLE, MockInteractions.GUILD)));
        assertEquals(new PollSettings(Optional.of(MockInteractions.GUILD), 3), app.settings().polls(MockInteractions.GUILD));
    }

    @Test
    void aMemberWithoutManageServerAndABadQuorumAreRefusedAndNothingChanges() {
        assertEquals("Changing Loopkeeper's server settings needs the Manage Server permission.",
                polls(false, Map.of(Commands.QUORUM, "1")));
        assertEquals("A poll's quorum is the fewest votes a result needs: give a number from 1 to 100, not 0.",
                polls(true, Map.of(Commands.QUORUM, "0")));
        assertEquals("Give a role, or starters:managers to let only people with Manage Server start polls; not both.",
                polls(true, Map.of(Commands.ROLE, ROLE, Commands.STARTERS, Commands.MANAGERS)));
        assertEquals(PollSettings.defaults(), app.settings().polls(MockInteractions.GUILD));
    }
}
