package dev.loopkeeper.discord;

import static dev.loopkeeper.discord.MockInteractions.command;
import static dev.loopkeeper.discord.MockInteractions.replies;
import static dev.loopkeeper.discord.MockInteractions.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopErrors;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopPage;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.channel.unions.MessageChannelUnion;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.requests.restaction.MessageCreateAction;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageCreateAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * A server's shared loops through the real router and commands, with Discord's side mocked: {@code /park scope:server}
 * answers privately and posts for the group, any member of that server may click Me too, a member of another server
 * or a DM click may not, and only the author or a server manager closes.
 */
class ServerLoopsCommandTest extends CommandTestBase {
    private static final String CID = "100000000000000003";
    private static final String OTHER_GUILD = "900000000000000009";
    private static final LoopScope LOT = LoopScope.server(MockInteractions.GUILD);

    /** Makes the interaction come from a member of {@code guildId} (null: from a DM, with no member). */
    private static void from(Interaction event, String guildId, boolean managesServer) {
        if (guildId == null) {
            when(event.getGuild()).thenReturn(null);
            when(event.getMember()).thenReturn(null);
            return;
        }
        Guild guild = mock(Guild.class);
        when(guild.getId()).thenReturn(guildId);
        when(event.getGuild()).thenReturn(guild);
        Member member = mock(Member.class);
        when(member.hasPermission(Permission.MANAGE_SERVER)).thenReturn(managesServer);
        when(event.getMember()).thenReturn(member);
    }

    private OpenLoop parkForGroup(String author, String concept) {
        return ((ParkResult.Parked) app.loops().park(new ParkRequest(author, concept, null,
                Origin.channel(MockInteractions.GUILD, MockInteractions.CHANNEL), LOT))).loop();
    }

    private long meTooCount(OpenLoop loop) {
        LoopPage page = app.loops().list(LOT, Actor.member(ADA, MockInteractions.GUILD, false), LoopFilter.open(), 0, 10);
        return page.interestOf(loop.id());
    }

    private static ButtonInteractionEvent click(String userId, String customId, String guildId) {
        ButtonInteractionEvent event = mock(ButtonInteractionEvent.class);
        net.dv8tion.jda.api.entities.User user = user(userId);
        when(event.getUser()).thenReturn(user);
        when(event.getComponentId()).thenReturn(customId);
        from(event, guildId, false);
        return event;
    }

    private String clickReply(String userId, String customId, String guildId) {
        ButtonInteractionEvent event = click(userId, customId, guildId);
        ReplyCallbackAction action = replies(event);
        router.onButtonInteraction(event);
        return privateReply(event, action).getContent();
    }

    @Test
    void aServerParkAnswersTheParkerPrivatelyAndPostsForTheGroupWithAMeTooButton() {
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, ADA, Commands.PARK.name(), null,
                Map.of(Commands.CONCEPT, "Kalman filter", Commands.WHY, "@everyone my drone drifts",
                        Commands.SCOPE, "server"));
        from(event, MockInteractions.GUILD, false);
        MessageChannelUnion channel = mock(MessageChannelUnion.class);
        MessageCreateAction post = mock(MessageCreateAction.class, RETURNS_SELF);
        when(channel.sendMessage(any(MessageCreateData.class))).thenReturn(post);
        when(event.getMessageChannel()).thenReturn(channel);
        ReplyCallbackAction action = replies(event);

        router.onSlashCommandInteraction(event);

        String reply = privateReply(event, action).getContent();
        assertTrue(reply.startsWith("Parked **Kalman filter** for the group.\nWhy it matters: @everyone my drone drifts\n"
                + "It is one of this server's shared loops (1 open)."), reply);
        OpenLoop saved = app.loops().list(LOT, Actor.member(BOB, MockInteractions.GUILD, false), LoopFilter.open(), 0, 10)
                .loops().get(0);
        assertEquals(ADA, saved.authorId());
        assertEquals(0, app.loops().countOpen(ADA), "not among Ada's own loops");

        ArgumentCaptor<MessageCreateData> posted = ArgumentCaptor.forClass(MessageCreateData.class);
        verify(channel).sendMessage(posted.capture());
        verify(post).queue(any(), any());
        MessageCreateData message = posted.getValue();
        assertEquals("A loop for the group: **Kalman filter** · @everyone my drone drifts — click Me too if it matters "
                + "to you too.", message.getContent());
        assertPingsNobody(message.toData());
        List<Button> buttons = message.getComponents().get(0).asActionRow().getButtons();
        assertEquals(List.of("Me too"), buttons.stream().map(Button::getLabel).toList());
        assertEquals(ComponentId.of("server-" + MockInteractions.GUILD, GroupLoops.KEY, GroupLoops.ME_TOO, saved.id()),
                ComponentId.parse(buttons.get(0).getCustomId()).orElseThrow());
        assertFalse(message.getContent().contains(ADA), "the group's message does not name the parker");
    }

    @Test
    void whenTheChannelRefusesThePostTheParkerIsToldPrivatelyAndTheLoopIsSaved() {
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, ADA, Commands.PARK.name(), null,
                Map.of(Commands.CONCEPT, "Kalman filter", Commands.SCOPE, "server"));
        from(event, MockInteractions.GUILD, false);
        MessageChannelUnion channel = mock(MessageChannelUnion.class);
        when(channel.sendMessage(any(MessageCreateData.class))).thenThrow(new IllegalStateException("no access"));
        when(event.getMessageChannel()).thenReturn(channel);
        ReplyCallbackAction action = replies(event);
        InteractionHook hook = mock(InteractionHook.class);
        @SuppressWarnings("unchecked")
        WebhookMessageCreateAction<Message> sent = mock(WebhookMessageCreateAction.class, RETURNS_SELF);
        when(hook.sendMessage(any(MessageCreateData.class))).thenReturn(sent);
        when(event.getHook()).thenReturn(hook);

        router.onSlashCommandInteraction(event);

        assertTrue(privateReply(event, action).getContent().startsWith("Parked **Kalman filter** for the group."));
        ArgumentCaptor<MessageCreateData> followup = ArgumentCaptor.forClass(MessageCreateData.class);
        verify(hook).sendMessage(followup.capture());
        verify(sent).setEphemeral(true);
        verify(sent).queue();
        assertEquals(DiscordMessages.notPostedForGroup(), followup.getValue().getContent());
        assertEquals(1, app.loops().list(LOT, Actor.member(ADA, MockInteractions.GUILD, false), LoopFilter.open(), 0,
                10).total());
    }

    @Test
    void aServerParkInADmIsRefusedAndNothingIsSavedOrPosted() {
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, ADA, Commands.PARK.name(), null,
                Map.of(Commands.CONCEPT, "Kalman filter", Commands.SCOPE, "server"));
        from(event, null, false);
        ReplyCallbackAction action = replies(event);

        router.onSlashCommandInteraction(event);

        assertEquals(LoopErrors.serverScopeNeedsServer(), privateReply(event, action).getContent());
        verify(event, never()).getMessageChannel();
        assertEquals(0, app.loops().countOpen(ADA));
    }

    @Test
    void aMemberAtTheirShareOfTheLotIsRefusedAndAManagerParksPastIt() {
        // Ada keeps her share of the lot (500 of its 5,000) open: stored directly, a park at a time is slow.
        int share = dev.loopkeeper.loop.LoopLimits.memberShare(5000);
        app.database().inTransaction(sql -> {
            for (int i = 0; i < share; i++) {
                new dev.loopkeeper.loop.LoopStore().insert(sql, LOT, ADA, "reading list item " + i, null,
                        Origin.channel(MockInteractions.GUILD, MockInteractions.CHANNEL), clock.instant());
            }
            return null;
        });
        Map<String, String> options = Map.of(Commands.CONCEPT, "Kalman filter", Commands.SCOPE, "server");
        SlashCommandInteractionEvent member = command(SlashCommandInteractionEvent.class, ADA, Commands.PARK.name(),
                null, options);
        from(member, MockInteractions.GUILD, false);
        ReplyCallbackAction refused = replies(member);

        router.onSlashCommandInteraction(member);

        assertEquals(LoopErrors.memberShareFull(share, share, "park this one"), privateReply(member, refused).getContent());
        verify(member, never()).getMessageChannel();

        SlashCommandInteractionEvent manager = command(SlashCommandInteractionEvent.class, ADA, Commands.PARK.name(),
                null, options);
        from(manager, MockInteractions.GUILD, true);
        MessageChannelUnion channel = mock(MessageChannelUnion.class);
        MessageCreateAction post = mock(MessageCreateAction.class, RETURNS_SELF);
        when(channel.sendMessage(any(MessageCreateData.class))).thenReturn(post);
        when(manager.getMessageChannel()).thenReturn(channel);
        ReplyCallbackAction parked = replies(manager);

        router.onSlashCommandInteraction(manager);

        assertTrue(privateReply(manager, parked).getContent().startsWith("Parked **Kalman filter** for the group."));
        assertEquals(share + 1, app.loops().list(LOT, Actor.member(BOB, MockInteractions.GUILD, false),
                LoopFilter.open(), 0, 10).total());
    }

    @Test
    void aMemberOfTheSameServerMayClickMeTooAndIsCountedOnce() {
        OpenLoop loop = parkForGroup(ADA, "Kalman filter");
        String meToo = GroupLoops.meTooButton(loop).getCustomId();

        assertEquals("Counted: **Kalman filter** matters to 2 people here.",
                clickReply(BOB, meToo, MockInteractions.GUILD));
        assertEquals("You already said Me too: **Kalman filter** matters to 2 people here.",
                clickReply(BOB, meToo, MockInteractions.GUILD));
        assertEquals("Counted: **Kalman filter** matters to 3 people here.",
                clickReply(CID, meToo, MockInteractions.GUILD));
        assertEquals(3, meTooCount(loop));
    }

    @Test
    void aMemberOfAnotherServerAndADmClickAreRefusedAndNotCounted() {
        OpenLoop loop = parkForGroup(ADA, "Kalman filter");
        String meToo = GroupLoops.meTooButton(loop).getCustomId();

        assertEquals(DiscordMessages.notThisServer(), clickReply(BOB, meToo, OTHER_GUILD));
        assertEquals(DiscordMessages.notThisServer(), clickReply(BOB, meToo, null));
        assertEquals(1, meTooCount(loop), "only the author");
    }

    @Test
    void aCraftedServerOwnerOrAPersonalIdNamingSomeoneElseIsRefused() {
        OpenLoop loop = parkForGroup(ADA, "Kalman filter");

        assertEquals(DiscordMessages.staleComponent(),
                clickReply(BOB, "server-:group.metoo:" + loop.id(), MockInteractions.GUILD));
        assertEquals(DiscordMessages.notYours(), clickReply(BOB,
                ComponentId.of(ADA, GroupLoops.KEY, GroupLoops.ME_TOO, loop.id()).encode(), MockInteractions.GUILD));
        assertEquals(1, meTooCount(loop));
    }

    @Test
    void onlyTheAuthorOrAServerManagerClosesAServerLoop() {
        OpenLoop byAda = parkForGroup(ADA, "Kalman filter");
        OpenLoop alsoByAda = parkForGroup(ADA, "particle filter");

        assertEquals(LoopErrors.mayNotClose(), close(BOB, byAda, false));
        assertEquals("Closed **Kalman filter** as learned.", close(ADA, byAda, false));
        assertEquals("Closed **particle filter** as learned.", close(BOB, alsoByAda, true));
        assertEquals(0, app.loops().list(LOT, Actor.member(CID, MockInteractions.GUILD, false),
                LoopFilter.open(), 0, 10).total());
        assertEquals(LoopStatus.CLOSED, app.loops().list(LOT, Actor.member(CID, MockInteractions.GUILD, false),
                new LoopFilter(LoopFilter.Stage.CLOSED, Optional.empty()), 0, 10).loops().get(0).status());
    }

    @Test
    void inAServerWithTheCommandsButNotTheBotAManagerClosesAServerLoopAndAMemberMayNot() {
        OpenLoop byAda = parkForGroup(ADA, "Kalman filter");
        // JDA's member there is detached: asked for Manage Server without a channel, it throws.
        assertEquals(LoopErrors.mayNotClose(), close(BOB, byAda, event -> MockInteractions.detached(event, false)));
        assertEquals("Closed **Kalman filter** as learned.",
                close(BOB, byAda, event -> MockInteractions.detached(event, true)));
    }

    private String close(String userId, OpenLoop loop, boolean managesServer) {
        return close(userId, loop, event -> when(event.getMember().hasPermission(Permission.MANAGE_SERVER))
                .thenReturn(managesServer));
    }

    /** {@code /close scope:server} by a member of the server, {@code member} saying what Discord tells of them. */
    private String close(String userId, OpenLoop loop, Consumer<Interaction> member) {
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, userId, Commands.CLOSE.name(),
                null, Map.of(Commands.LOOP, Long.toString(loop.id()), Commands.OUTCOME, "learned",
                        Commands.SCOPE, "server"));
        from(event, MockInteractions.GUILD, false);
        member.accept(event);
        ReplyCallbackAction action = replies(event);
        router.onSlashCommandInteraction(event);
        return privateReply(event, action).getContent();
    }

    @Test
    void closeAutocompleteWithServerScopeOffersTheServerLoopsTheMemberMayCloseAndInADmNothing() {
        parkForGroup(ADA, "automatic differentiation");
        OpenLoop bobs = parkForGroup(BOB, "automatic differentiation by hand");
        app.loops().park(new ParkRequest(BOB, "autograd engine", null, Origin.none()));

        // Bob (no Manage Server) may close only the server loop he parked: Ada's is not offered.
        assertEquals(List.of(new Command.Choice("automatic differentiation by hand", Long.toString(bobs.id()))),
                autocomplete(BOB, MockInteractions.GUILD, "server"));
        assertEquals(List.of(new Command.Choice("autograd engine",
                        Long.toString(app.loops().list(BOB, LoopFilter.open(), 0, 10).loops().get(0).id()))),
                autocomplete(BOB, MockInteractions.GUILD, null), "without scope: Bob's own");
        assertEquals(List.of(), autocomplete(BOB, null, "server"));
    }

    @SuppressWarnings("unchecked")
    private List<Command.Choice> autocomplete(String userId, String guildId, String scope) {
        CommandAutoCompleteInteractionEvent event = MockInteractions.autocomplete(userId, Commands.CLOSE.name(), "auto");
        from(event, guildId, false);
        Map<String, String> options = new HashMap<>();
        if (scope != null) {
            options.put(Commands.SCOPE, scope);
        }
        when(event.getOption(any(String.class), any(Function.class))).thenAnswer(call -> {
            String value = options.get((String) call.getArgument(0));
            return value == null ? null : ((Function<Object, Object>) call.getArgument(1))
                    .apply(MockInteractions.mapping(value));
        });

        router.onCommandAutoCompleteInteraction(event);

        return MockInteractions.choices(event);
    }

    @Test
    void loopsWithServerScopeListsTheServersLotWithCountsAndNoPersonalLoop() {
        OpenLoop shared = parkForGroup(ADA, "Kalman filter");
        app.loops().meToo(LOT, Actor.member(BOB, MockInteractions.GUILD, false), shared.id());
        app.loops().park(new ParkRequest(BOB, "my private worry", null, Origin.none()));

        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, BOB, Commands.LOOPS.name(), null,
                Map.of(Commands.SCOPE, "server"));
        from(event, MockInteractions.GUILD, false);
        ReplyCallbackAction action = replies(event);
        router.onSlashCommandInteraction(event);

        MessageCreateData reply = privateReply(event, action);
        MessageEmbed embed = reply.getEmbeds().get(0);
        assertEquals("This server's open loops (1)", embed.getTitle());
        String body = embed.getDescription();
        assertTrue(body.startsWith("`#" + shared.id() + "` **Kalman filter** · matters to 2 people · "), body);
        assertFalse(body.contains("private worry"), body);
    }
}
