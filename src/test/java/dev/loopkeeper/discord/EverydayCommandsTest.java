package dev.loopkeeper.discord;

import static dev.loopkeeper.discord.MockInteractions.command;
import static dev.loopkeeper.discord.MockInteractions.replies;
import static dev.loopkeeper.discord.MockInteractions.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.help.HelpMessages;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopErrors;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.search.SearchErrors;
import dev.loopkeeper.search.SearchMessages;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.requests.restaction.interactions.MessageEditCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * {@code /help}, {@code /edit}, {@code /reopen}, {@code /loops query:}, {@code /related} and its buttons, and the first
 * park's hint, through the real router with mocked JDA events; services, SQLite and the model are real.
 */
class EverydayCommandsTest extends CommandTestBase {
    private InteractionRouter everyday;
    private DiscordTimeText time;

    @BeforeEach
    void wire() {
        time = new DiscordTimeText();
        SearchMessages searchMessages = new SearchMessages(time);
        ParkCommand hinted = new ParkCommand(app.loops(), loopMessages, group, app.triage(), app.hints());
        everyday = new InteractionRouter(List.of(hinted, new LoopsCommand(app.loops(), loopMessages, 10, app.search(),
                        searchMessages), new EditCommand(app.loops(), loopMessages), new ReopenCommand(app.loops(),
                        loopMessages), new RelatedCommand(app.search(), app.loops(), searchMessages, loopMessages),
                new HelpCommand(app.help(), owner -> java.util.Optional.empty())), List.of(group), Runnable::run, () -> false, event -> { });
    }

    private OpenLoop parked(String owner, String concept) {
        return ((ParkResult.Parked) app.loops().park(new ParkRequest(owner, concept, null, Origin.none()))).loop();
    }

    private MessageCreateData run(String userId, String name, Map<String, String> options) {
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, userId, name, null, options);
        ReplyCallbackAction action = replies(event);
        everyday.onSlashCommandInteraction(event);
        return privateReply(event, action);
    }

    private MessageEditData click(String userId, String customId) {
        ButtonInteractionEvent event = ParkCommandTest.click(userId, customId);
        MessageEditCallbackAction edit = mock(MessageEditCallbackAction.class, RETURNS_SELF);
        when(event.editMessage(any(MessageEditData.class))).thenReturn(edit);
        everyday.onButtonInteraction(event);
        ArgumentCaptor<MessageEditData> edited = ArgumentCaptor.forClass(MessageEditData.class);
        verify(event).editMessage(edited.capture());
        verify(edit).queue();
        assertPingsNobody(edited.getValue().toData());
        return edited.getValue();
    }

    private static List<Button> buttons(MessageCreateData message) {
        return message.getComponents().stream().flatMap(c -> c.asActionRow().getButtons().stream()).toList();
    }

    private static Button labelled(MessageCreateData message, String label) {
        return buttons(message).stream().filter(b -> b.getLabel().equals(label)).findFirst().orElseThrow(
                () -> new AssertionError("no " + label + " in " + buttons(message)));
    }

    @Test
    void helpIsPrivateAnEmbedFromTheRegistryWithNoButtons() {
        MessageCreateData reply = run(ADA, Commands.HELP.name(), Map.of());
        MessageEmbed help = reply.getEmbeds().get(0);
        assertTrue(help.isSendable());
        assertEquals(String.join("\n", HelpMessages.intro()), help.getDescription());
        String commands = help.getFields().stream().filter(f -> f.getName().startsWith(HelpMessages.COMMANDS))
                .map(MessageEmbed.Field::getValue).collect(java.util.stream.Collectors.joining("\n"));
        assertTrue(commands.contains("`/edit loop [concept] [why] [scope]` — " + Commands.EDIT.description()), commands);
        assertTrue(commands.contains("`/related loop`") && commands.contains("`/help`"), commands);
        assertTrue(reply.getComponents().isEmpty());
    }

    @Test
    void helpsPageButtonShowsThePageAndAStaleOneSaysSo() {
        MessageEditData page = click(ADA, ComponentId.of(ADA, HelpCommand.KEY, HelpCommand.PAGE, 0).encode());
        assertEquals("Loopkeeper", page.getEmbeds().get(0).getTitle());
        assertTrue(page.getComponents().isEmpty(), "one page: no Prev/Next");
        ButtonInteractionEvent stale = ParkCommandTest.click(ADA, ComponentId.of(ADA, HelpCommand.KEY, "gone", 0)
                .encode());
        ReplyCallbackAction answer = replies(stale);
        everyday.onButtonInteraction(stale);
        assertEquals(DiscordMessages.staleComponent(), privateReply(stale, answer).getContent());
    }

    @Test
    void theFirstParkSaysHowItWorksAndTheSecondDoesNot() {
        String first = run(ADA, Commands.PARK.name(), Map.of(Commands.CONCEPT, "Kalman filter")).getContent();
        assertTrue(first.startsWith("Parked **Kalman filter**."), first);
        assertTrue(first.endsWith("\n" + app.help().firstPark(HelpMessages.Front.DISCORD, false)), first);
        String second = run(ADA, Commands.PARK.name(), Map.of(Commands.CONCEPT, "particle filter")).getContent();
        assertTrue(!second.contains("How it works"), second);
        String longest = run(BOB, Commands.PARK.name(), Map.of(Commands.CONCEPT, "c".repeat(200), Commands.WHY,
                "w".repeat(1000))).getContent();
        assertTrue(longest.length() <= 2000 && longest.contains("How it works"), longest.length() + "");
    }

    @Test
    void editCorrectsAPickedLoopAndSaysWhatChanged() {
        OpenLoop loop = parked(ADA, "kalman filtre");
        String answer = run(ADA, Commands.EDIT.name(), Map.of(Commands.LOOP, String.valueOf(loop.id()),
                Commands.CONCEPT, "Kalman filter", Commands.WHY, "drone state")).getContent();
        assertEquals("Updated #" + loop.id() + ": **Kalman filter** (was **kalman filtre**).\nWhy it matters: drone "
                + "state\nReminders, /loops query and /related now match it by these words.", answer);
        assertEquals(LoopErrors.editNeedsAChange(), run(ADA, Commands.EDIT.name(),
                Map.of(Commands.LOOP, String.valueOf(loop.id()))).getContent());
        OpenLoop other = parked(ADA, "particle filter");
        assertTrue(run(ADA, Commands.EDIT.name(), Map.of(Commands.LOOP, String.valueOf(other.id()), Commands.CONCEPT,
                "KALMAN filter")).getContent().startsWith("You already have **Kalman filter** open (#" + loop.id()));
        // Someone else's loop, named by a crafted value, is not found: Bob, who has none open, is told to park one.
        assertEquals(LoopErrors.noOpenLoops(dev.loopkeeper.loop.LoopScope.Kind.PERSONAL), run(BOB,
                Commands.EDIT.name(), Map.of(Commands.LOOP, String.valueOf(loop.id()), Commands.CONCEPT,
                        "mine now")).getContent());
        assertEquals("Kalman filter", app.loops().resolve(ADA, String.valueOf(loop.id())).concept());
    }

    @Test
    void aServerLoopIsEditedOnlyByItsAuthorOrAManager() {
        OpenLoop loop = ((ParkResult.Parked) app.loops().park(new ParkRequest(ADA, "Raft", null,
                Origin.channel(MockInteractions.GUILD, MockInteractions.CHANNEL),
                LoopScope.server(MockInteractions.GUILD)))).loop();
        Map<String, String> options = Map.of(Commands.LOOP, String.valueOf(loop.id()), Commands.CONCEPT,
                "Raft consensus", Commands.SCOPE, "server");
        for (boolean manager : new boolean[] {false, true}) {
            SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, BOB, Commands.EDIT.name(),
                    null, options);
            Member member = mock(Member.class);
            when(member.hasPermission(Permission.MANAGE_SERVER)).thenReturn(manager);
            when(event.getMember()).thenReturn(member);
            ReplyCallbackAction action = replies(event);
            everyday.onSlashCommandInteraction(event);
            String answer = privateReply(event, action).getContent();
            assertEquals(manager, answer.startsWith("Updated #"), answer);
            if (!manager) {
                assertEquals(LoopErrors.mayNotEdit(), answer);
            }
        }
    }

    @Test
    void reopenAutocompletesOverClosedLoopsAndBringsOneBack() {
        OpenLoop closed = parked(ADA, "automatic differentiation");
        parked(ADA, "autograd engine");
        app.loops().close(ADA, closed.id(), Outcome.LEARNED, "chain rule, in reverse");
        CommandAutoCompleteInteractionEvent event = MockInteractions.autocomplete(ADA, Commands.REOPEN.name(), "auto");
        everyday.onCommandAutoCompleteInteraction(event);
        assertEquals(List.of(new Command.Choice("automatic differentiation", String.valueOf(closed.id()))),
                MockInteractions.choices(event));

        String answer = run(ADA, Commands.REOPEN.name(), Map.of(Commands.LOOP, String.valueOf(closed.id())))
                .getContent();
        assertEquals("Reopened **automatic differentiation** (#" + closed.id() + "): it is open again and can come "
                + "back in reminders. It was closed as learned " + time.date(clock.instant()) + "; that ending and its "
                + "takeaway stay in its history (/loops shows them under it).", answer);
        String list = run(ADA, Commands.LOOPS.name(), Map.of()).getEmbeds().get(0).getDescription();
        assertTrue(list.contains("closed before as learned") && list.contains("takeaway: chain rule, in reverse"), list);
        assertTrue(run(ADA, Commands.REOPEN.name(), Map.of(Commands.LOOP, String.valueOf(closed.id()))).getContent()
                .contains("is open already"));
    }

    @Test
    void loopsQueryFindsByWordsAndMeaningAndSaysWhenNothingFits() {
        parked(ADA, "Kalman filter");
        parked(ADA, "jazz harmony");
        parked(BOB, "Kalman smoother");
        MessageEmbed found = run(ADA, Commands.LOOPS.name(), Map.of(Commands.QUERY, "kalman")).getEmbeds().get(0);
        assertEquals("Among your loops: \u201ckalman\u201d", found.getTitle());
        assertTrue(found.getDescription().contains("**Kalman filter**")
                && found.getDescription().contains("words: kalman"), found.getDescription());
        assertTrue(!found.getDescription().contains("smoother") && !found.getDescription().contains("jazz"));
        assertTrue(!found.getDescription().matches("(?s).*\\d\\.\\d\\d.*"), "no raw scores: " + found.getDescription());
        MessageEmbed nothing = run(ADA, Commands.LOOPS.name(), Map.of(Commands.QUERY, "medieval castles")).getEmbeds()
                .get(0);
        String none = nothing.getDescription();
        assertTrue(none.startsWith("Nothing fits \u201cmedieval castles\u201d"), none);
        assertEquals(null, nothing.getFooter(), "no 'found by' line under nothing found");
        assertEquals(SearchErrors.emptyQuery(), run(ADA, Commands.LOOPS.name(), Map.of(Commands.QUERY, " "))
                .getContent());
    }

    @Test
    void relatedListsNeighboursWithWhyAndItsButtonsMergeOpenAndOpenAll() {
        OpenLoop kalman = parked(ADA, "Kalman filter");
        OpenLoop particle = parked(ADA, "particle filter");
        OpenLoop extended = parked(ADA, "extended Kalman filter");
        parked(ADA, "jazz harmony");
        MessageCreateData reply = run(ADA, Commands.RELATED.name(), Map.of(Commands.LOOP, String.valueOf(kalman.id())));
        MessageEmbed embed = reply.getEmbeds().get(0);
        assertEquals("Near Kalman filter (#" + kalman.id() + ")", embed.getTitle());
        assertTrue(embed.getDescription().contains("**extended Kalman filter**")
                && embed.getDescription().contains("shared words: kalman, filter")
                && !embed.getDescription().contains("jazz"), embed.getDescription());
        Button merge = labelled(reply, "Merge #" + particle.id() + " into #" + kalman.id());
        labelled(reply, "Open #" + extended.id());
        Button all = labelled(reply, "Open all 3");
        buttons(reply).forEach(b -> assertTrue(b.getCustomId().length() <= ComponentId.MAX_LENGTH));

        // Someone else's click is refused and changes nothing.
        ButtonInteractionEvent bob = ParkCommandTest.click(BOB, merge.getCustomId());
        ReplyCallbackAction refused = replies(bob);
        everyday.onButtonInteraction(bob);
        assertEquals(DiscordMessages.notYours(), privateReply(bob, refused).getContent());
        verify(bob, never()).editMessage(any(MessageEditData.class));

        MessageEditData merged = click(ADA, merge.getCustomId());
        assertTrue(merged.getContent().startsWith("Merged **particle filter** (#" + particle.id() + ") into **Kalman "
                + "filter**"), merged.getContent());
        assertTrue(!merged.getEmbeds().get(0).getDescription().contains("particle filter"), "the view is fresh");
        assertEquals(2, app.loops().list(ADA, LoopFilter.open(), 0, 10).total() - 1);

        MessageEditData opened = click(ADA, labelled(reply, "Open #" + extended.id()).getCustomId());
        assertTrue(opened.getContent().startsWith("**extended Kalman filter** is active now."), opened.getContent());
        // Clicked again (or the loop moved on since): where it stands, not "start with the abstraction" once more.
        app.loops().progress(ADA, extended.id(), dev.loopkeeper.loop.Phase.INSTANTIATION, null);
        MessageEditData openedAgain = click(ADA, labelled(reply, "Open #" + extended.id()).getCustomId());
        assertTrue(openedAgain.getContent().startsWith("**extended Kalman filter** is already active, in "
                + "instantiation"), openedAgain.getContent());

        MessageEditData openedAll = click(ADA, all.getCustomId());
        assertTrue(openedAll.getContent().startsWith("Active now: **Kalman filter**, **extended Kalman filter**."),
                openedAll.getContent());
        assertEquals(2, app.loops().list(ADA, LoopFilter.parse("active", null), 0, 10).total(),
                "the merged one is left out");
        assertEquals(LoopStatus.CLOSED, app.loops().byIds(LoopScope.personal(ADA), Actor.person(ADA),
                List.of(particle.id())).get(particle.id()).status());

        // A stale merge (already merged) says so.
        ButtonInteractionEvent again = ParkCommandTest.click(ADA, merge.getCustomId());
        ReplyCallbackAction stale = replies(again);
        everyday.onButtonInteraction(again);
        assertTrue(privateReply(again, stale).getContent().contains("is no longer open"));
    }

    @Test
    void relatedOfALoneLoopSaysSoWithoutButtons() {
        OpenLoop castles = parked(ADA, "medieval castles");
        parked(ADA, "Kalman filter");
        Map<String, String> options = new HashMap<>(Map.of(Commands.LOOP, String.valueOf(castles.id())));
        MessageCreateData reply = run(ADA, Commands.RELATED.name(), options);
        assertTrue(reply.getEmbeds().get(0).getDescription().startsWith("None of your other open loops is close enough to this one to list"));
        assertTrue(reply.getComponents().isEmpty());
    }
}
