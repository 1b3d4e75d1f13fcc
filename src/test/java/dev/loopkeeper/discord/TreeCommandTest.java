package dev.loopkeeper.discord;

import static dev.loopkeeper.discord.MockInteractions.command;
import static dev.loopkeeper.discord.MockInteractions.replies;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.tree.TreeFixtures;
import dev.loopkeeper.tree.TreeMessages;
import dev.loopkeeper.tree.TreePicture;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageEditAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** {@code /tree} through the real router with mocked JDA events: the file, privacy, the DM refusal and no mentions. */
class TreeCommandTest extends CommandTestBase {

    @BeforeEach
    void withTree() {
        router = new InteractionRouter(List.of(new TreeCommand(app.trees())), List.of(), Runnable::run, () -> false,
                event -> { });
    }

    private static SlashCommandInteractionEvent tree(String user, Map<String, String> options) {
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, user, Commands.TREE.name(), null,
                options);
        Member member = mock(Member.class);
        when(member.hasPermission(Permission.MANAGE_SERVER)).thenReturn(false);
        when(event.getMember()).thenReturn(member);
        return event;
    }

    @Test
    void aPersonsTreeIsAPrivatePngThatPingsNobody() throws Exception {
        TreeFixtures.plantPersonal(app, ADA, List.of("core||@everyone reverse-mode autodiff", "adjacent||dual numbers"));
        SlashCommandInteractionEvent event = tree(ADA, Map.of());
        ReplyCallbackAction action = replies(event);

        router.onSlashCommandInteraction(event);

        MessageCreateData reply = privateReply(event, action);
        assertTrue(reply.getContent().startsWith("Your knowledge tree: 2 loops: 1 core"), reply.getContent());
        assertEquals(1, reply.getFiles().size());
        FileUpload file = reply.getFiles().get(0);
        assertEquals(TreePicture.FILE_NAME, file.getName());
        assertTrue(file.getDescription().length() <= 1024, "Discord's alt-text limit");
        try (InputStream data = file.getData()) {
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(data.readNBytes(4), 4));
        }
    }

    @Test
    void theServersTreeIsPublicAndInADmRefusedWithoutDrawing() {
        TreeFixtures.plantServer(app, MockInteractions.GUILD, ADA, List.of("core||consensus protocols"));
        SlashCommandInteractionEvent inServer = tree(BOB, Map.of(Commands.SCOPE, "server"));
        ReplyCallbackAction publicAction = replies(inServer);

        router.onSlashCommandInteraction(inServer);

        ArgumentCaptor<MessageCreateData> sent = ArgumentCaptor.forClass(MessageCreateData.class);
        verify(inServer).reply(sent.capture());
        verify(publicAction).setEphemeral(false);
        assertPingsNobody(sent.getValue().toData());
        assertEquals(1, sent.getValue().getFiles().size());
        assertTrue(sent.getValue().getContent().startsWith("The server's knowledge tree: 1 loop: 1 core"));

        SlashCommandInteractionEvent inDm = tree(BOB, Map.of(Commands.SCOPE, "server"));
        when(inDm.getGuild()).thenReturn(null);
        when(inDm.getMember()).thenReturn(null);
        ReplyCallbackAction dmAction = replies(inDm);

        router.onSlashCommandInteraction(inDm);

        MessageCreateData refusal = privateReply(inDm, dmAction);
        assertEquals(TreeMessages.serverTreeNeedsServer(), refusal.getContent());
        assertTrue(refusal.getFiles().isEmpty());
        verify(dmAction, never()).setEphemeral(false);
    }

    @Test
    void aTreeStillBeingDrawnAsDiscordsSecondsRunOutIsDeferredAndItsPictureEditsTheReply() {
        // Drawing thousands of loops takes seconds (the first after a start most): the router defers a command still
        // running two seconds after Discord created the interaction; here they are up already.
        TreeFixtures.plantPersonal(app, ADA, List.of("core||Kalman filter"));
        SlashCommandInteractionEvent event = tree(ADA, Map.of());
        replies(event);
        when(event.getTimeCreated()).thenReturn(java.time.OffsetDateTime.now().minusNanos(2_500_000_000L));
        java.util.concurrent.atomic.AtomicBoolean acknowledged = new java.util.concurrent.atomic.AtomicBoolean();
        when(event.isAcknowledged()).thenAnswer(call -> acknowledged.get());
        ReplyCallbackAction deferral = mock(ReplyCallbackAction.class, RETURNS_SELF);
        when(event.deferReply(true)).thenAnswer(call -> {
            acknowledged.set(true);
            return deferral;
        });
        @SuppressWarnings("unchecked")
        WebhookMessageEditAction<Message> edit = mock(WebhookMessageEditAction.class, RETURNS_SELF);
        when(event.getHook().editOriginal(any(MessageEditData.class))).thenReturn(edit);

        new InteractionRouter(List.of(new TreeCommand(app.trees())), Runnable::run).onSlashCommandInteraction(event);

        verify(deferral).queue();
        ArgumentCaptor<MessageEditData> sent = ArgumentCaptor.forClass(MessageEditData.class);
        verify(event.getHook()).editOriginal(sent.capture());
        assertEquals(1, sent.getValue().getFiles().size(), "the picture comes as the deferred reply's edit");
        verify(event, never()).reply(any(MessageCreateData.class));
    }

    @Test
    void whenTheRouterAlreadyDeferredThePictureEditsTheDeferredReplyWithTheFile() {
        TreeFixtures.plantPersonal(app, ADA, List.of("core||Kalman filter"));
        SlashCommandInteractionEvent event = tree(ADA, Map.of());
        replies(event);
        when(event.isAcknowledged()).thenReturn(true);
        @SuppressWarnings("unchecked")
        WebhookMessageEditAction<Message> edit = mock(WebhookMessageEditAction.class, RETURNS_SELF);
        when(event.getHook().editOriginal(any(MessageEditData.class))).thenReturn(edit);

        router.onSlashCommandInteraction(event);

        ArgumentCaptor<MessageEditData> sent = ArgumentCaptor.forClass(MessageEditData.class);
        verify(event.getHook()).editOriginal(sent.capture());
        verify(edit).queue();
        assertEquals(1, sent.getValue().getFiles().size(), "the file survives the edit");
        assertEquals(TreePicture.FILE_NAME, sent.getValue().getFiles().get(0).getName());
        assertTrue(sent.getValue().getContent().startsWith("Your knowledge tree: 1 loop"));
        verify(event, never()).reply(any(MessageCreateData.class));
    }
}
