package dev.loopkeeper.discord;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Collection;
import java.util.List;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.SelfUser;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.interactions.AutoCompleteQuery;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.requests.restaction.interactions.AutoCompleteCallbackAction;
import org.mockito.ArgumentCaptor;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.SelfMember;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;

import org.mockito.ArgumentMatchers;

import java.util.Map;
import java.util.function.Function;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.unions.GuildChannelUnion;
import net.dv8tion.jda.api.entities.channel.unions.GuildMessageChannelUnion;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.exceptions.DetachedEntityException;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageCreateAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;

/**
 * Mocks of JDA's public event types, standing in for what Discord sends. Only Discord's side is mocked:
 * the commands, services and database under test are real.
 */
final class MockInteractions {
    static final String GUILD = "900000000000000001";
    static final String CHANNEL = "900000000000000002";

    private MockInteractions() {
    }

    static User user(String id) {
        User user = mock(User.class);
        when(user.getId()).thenReturn(id);
        return user;
    }

    /**
     * {@code userId} typing {@code typed} into the focused option of {@code command}: Discord's autocomplete, whose
     * answer is taken ({@link #choices} reads it).
     */
    static CommandAutoCompleteInteractionEvent autocomplete(String userId, String command, String typed) {
        CommandAutoCompleteInteractionEvent event = mock(CommandAutoCompleteInteractionEvent.class);
        User user = user(userId);
        when(event.getUser()).thenReturn(user);
        when(event.getName()).thenReturn(command);
        AutoCompleteQuery query = mock(AutoCompleteQuery.class);
        when(query.getValue()).thenReturn(typed);
        when(event.getFocusedOption()).thenReturn(query);
        AutoCompleteCallbackAction answer = mock(AutoCompleteCallbackAction.class, RETURNS_SELF);
        when(event.replyChoices(anyCollection())).thenReturn(answer);
        return event;
    }

    /** The choices an autocomplete was answered with, checking the answer was sent. */
    @SuppressWarnings("unchecked")
    static List<Command.Choice> choices(CommandAutoCompleteInteractionEvent event) {
        ArgumentCaptor<Collection<Command.Choice>> choices = ArgumentCaptor.forClass(Collection.class);
        verify(event).replyChoices(choices.capture());
        verify(event.replyChoices(anyCollection())).queue();
        return List.copyOf(choices.getValue());
    }

    static Guild guild() {
        Guild guild = mock(Guild.class);
        when(guild.getId()).thenReturn(GUILD);
        // The bot may see and post everywhere, unless a test says otherwise.
        SelfMember self = mock(SelfMember.class);
        when(self.hasPermission(any(GuildChannel.class), ArgumentMatchers.<Collection<Permission>>any())).thenReturn(true);
        when(guild.getSelfMember()).thenReturn(self);
        // Every role a test names exists (a deleted poll role is tried on the fake Discord).
        when(guild.getRoleById(ArgumentMatchers.anyString())).thenReturn(mock(Role.class));
        return guild;
    }

    /**
     * In a server where the app was added with its commands only, JDA's server and member are detached: it knows the
     * member's permissions only for the interaction's channel, and asking without a channel throws.
     */
    static void detached(Interaction event, boolean manageServer) {
        when(event.getGuild().isDetached()).thenReturn(true);
        Member member = event.getMember();
        when(member.isDetached()).thenReturn(true);
        when(member.hasPermission(Permission.MANAGE_SERVER)).thenThrow(new DetachedEntityException());
        GuildMessageChannelUnion here = mock(GuildMessageChannelUnion.class);
        when(event.getGuildChannel()).thenReturn(here);
        when(member.hasPermission(here, Permission.MANAGE_SERVER)).thenReturn(manageServer);
    }

    /**
     * A message by a person (not by the bot) for {@code menu}'s message context command to be used on: the menu tells
     * the bot's own posts (reminders, group posts) from others' by the author.
     */
    static Message messageByAPerson(GenericCommandInteractionEvent menu) {
        Message target = mock(Message.class);
        User author = mock(User.class);
        when(author.getIdLong()).thenReturn(900000000000000004L);
        when(target.getAuthor()).thenReturn(author);
        SelfUser bot = mock(SelfUser.class);
        when(bot.getIdLong()).thenReturn(900000000000000005L);
        JDA jda = mock(JDA.class);
        when(jda.getSelfUser()).thenReturn(bot);
        when(menu.getJDA()).thenReturn(jda);
        return target;
    }

    /** Stubs who sent a command, where, and its options by name, as JDA's option accessors read them. */
    @SuppressWarnings("unchecked")
    static <T extends GenericCommandInteractionEvent> T command(Class<T> type, String userId, String name,
            String subcommand, Map<String, String> options) {
        T event = mock(type);
        User user = user(userId);
        when(event.getUser()).thenReturn(user);
        when(event.getName()).thenReturn(name);
        when(event.getSubcommandName()).thenReturn(subcommand);
        when(event.getChannelId()).thenReturn(CHANNEL);
        Guild guild = guild();
        when(event.getGuild()).thenReturn(guild);
        when(event.getOption(anyString())).thenAnswer(call -> mapping(options.get((String) call.getArgument(0))));
        when(event.getOptions()).thenAnswer(call -> options.values().stream().map(MockInteractions::mapping).toList());
        when(event.getOption(anyString(), ArgumentMatchers.<Object>any(), any(Function.class))).thenAnswer(call -> {
            String value = options.get((String) call.getArgument(0));
            return value == null ? call.getArgument(1)
                    : ((Function<OptionMapping, Object>) call.getArgument(2)).apply(mapping(value));
        });
        when(event.getOption(anyString(), any(Function.class))).thenAnswer(call -> {
            String value = options.get((String) call.getArgument(0));
            return value == null ? null : ((Function<OptionMapping, Object>) call.getArgument(1)).apply(mapping(value));
        });
        return event;
    }

    static OptionMapping mapping(String value) {
        if (value == null) {
            return null;
        }
        OptionMapping mapping = mock(OptionMapping.class);
        when(mapping.getAsString()).thenReturn(value);
        // A channel option's value is the channel's id, as Discord sends it.
        GuildChannelUnion channel = mock(GuildChannelUnion.class);
        when(channel.getId()).thenReturn(value);
        when(channel.getType()).thenReturn(ChannelType.TEXT);
        // A channel of the server the command came from, as Discord's client offers.
        Guild server = mock(Guild.class);
        when(server.getId()).thenReturn(GUILD);
        when(channel.getGuild()).thenReturn(server);
        when(mapping.getAsChannel()).thenReturn(channel);
        // A number option, and a role option's id, as Discord sends them.
        if (value.matches("-?\\d{1,18}")) {
            when(mapping.getAsLong()).thenReturn(Long.parseLong(value));
        }
        Role role = mock(Role.class);
        when(role.getId()).thenReturn(value);
        when(mapping.getAsRole()).thenReturn(role);
        return mapping;
    }

    /** Makes {@code reply(...)} and followups answer with chainable mock actions, and returns the reply action. */
    static ReplyCallbackAction replies(IReplyCallback event) {
        ReplyCallbackAction action = mock(ReplyCallbackAction.class, RETURNS_SELF);
        when(event.reply(any(MessageCreateData.class))).thenReturn(action);
        InteractionHook hook = mock(InteractionHook.class);
        @SuppressWarnings("unchecked")
        WebhookMessageCreateAction<Message> followup = mock(WebhookMessageCreateAction.class, RETURNS_SELF);
        when(hook.sendMessage(any(MessageCreateData.class))).thenReturn(followup);
        when(event.getHook()).thenReturn(hook);
        return action;
    }
}
