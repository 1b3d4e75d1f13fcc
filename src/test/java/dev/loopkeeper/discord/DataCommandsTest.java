package dev.loopkeeper.discord;

import static dev.loopkeeper.discord.MockInteractions.command;
import static dev.loopkeeper.discord.MockInteractions.replies;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.config.Config;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.ownership.DataService;
import dev.loopkeeper.ownership.ExportFormat;
import dev.loopkeeper.ownership.OwnershipMessages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.ZipInputStream;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.restaction.CacheRestAction;
import net.dv8tion.jda.api.requests.restaction.MessageCreateAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageEditAction;
import net.dv8tion.jda.api.requests.restaction.interactions.MessageEditCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.NamedAttachmentProxy;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/** {@code /export}, {@code /import} and {@code /forget-me} on mocked JDA events, real services and SQLite. */
class DataCommandsTest extends CommandTestBase {
    private final OwnershipMessages messages = new OwnershipMessages();

    @BeforeEach
    void withDataCommands() {
        router = new InteractionRouter(List.of(new ExportCommand(app.data(), messages, Config.MAX_UPLOAD_KB * 1024),
                new ImportCommand(app.data(), messages), new ForgetMeCommand(app.data(), messages, clock)), List.of(),
                Runnable::run, () -> false, event -> { });
        app.loops().park(new ParkRequest(ADA, "Kalman filter", "for @everyone's drone", Origin.none()));
        app.loops().park(new ParkRequest(BOB, "Paxos", null, Origin.none()));
    }

    private MessageCreateData run(String user, String name, Map<String, String> options) {
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, user, name, null, options);
        ReplyCallbackAction action = replies(event);
        router.onSlashCommandInteraction(event);
        return privateReply(event, action);
    }

    /** {@code /export}: deferred first, its answer (and file) edited into the deferred reply. */
    private MessageEditData export(String format) {
        SlashCommandInteractionEvent event = deferrable(ADA, format);
        router.onSlashCommandInteraction(event);
        verify(event, never()).reply(any(MessageCreateData.class));
        MessageEditData reply = edited(event);
        assertPingsNobody(reply.toData());
        return reply;
    }

    @Test
    void exportAttachesTheFileInTheFormatAsked() {
        for (ExportFormat format : ExportFormat.values()) {
            MessageEditData reply = export(format.label());
            assertTrue(reply.getContent().startsWith("Your export (" + format.label() + "): 1 loop"), reply.getContent());
            List<FileUpload> files = reply.getFiles();
            assertEquals(1, files.size());
            assertTrue(files.get(0).getName().matches("loopkeeper-export-20260301-100000\\." + format.extension()),
                    files.get(0).getName());
        }
    }

    /** Ada's JSON export, and a router whose /export finds it large: over {@code maxUpload} bytes. */
    private byte[] largeExport(java.util.function.IntUnaryOperator maxUpload) {
        for (int i = 0; i < 5; i++) {
            app.loops().park(new ParkRequest(ADA, "distributed systems, part " + i, "for the reading group",
                    Origin.none()));
        }
        byte[] json = app.data().write(app.data().export(ADA), ExportFormat.JSON);
        router = new InteractionRouter(List.of(new ExportCommand(app.data(), messages,
                maxUpload.applyAsInt(json.length))), List.of(), Runnable::run, () -> false, event -> { });
        return json;
    }

    /** Lets an interaction be deferred and its answer edited in, as a large export or an import does. */
    @SuppressWarnings("unchecked")
    private static void letDefer(SlashCommandInteractionEvent event) {
        ReplyCallbackAction deferral = mock(ReplyCallbackAction.class, RETURNS_SELF);
        when(event.deferReply(anyBoolean())).thenAnswer(call -> {
            when(event.isAcknowledged()).thenReturn(true);
            return deferral;
        });
        InteractionHook hook = mock(InteractionHook.class);
        WebhookMessageEditAction<Message> edit = mock(WebhookMessageEditAction.class, RETURNS_SELF);
        when(hook.editOriginal(any(MessageEditData.class))).thenReturn(edit);
        when(event.getHook()).thenReturn(hook);
    }

    /** An /export whose interaction may be deferred and edited, as every one is. */
    private SlashCommandInteractionEvent deferrable(String user) {
        return deferrable(user, "json");
    }

    private SlashCommandInteractionEvent deferrable(String user, String format) {
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, user, "export", null,
                Map.of(Commands.FORMAT, format));
        replies(event);
        letDefer(event);
        return event;
    }

    /** The user's DM channel: opening it answers {@code sent} for the message sent there. */
    @SuppressWarnings("unchecked")
    private static PrivateChannel directMessages(SlashCommandInteractionEvent event,
            CompletableFuture<Message> sent) {
        PrivateChannel channel = mock(PrivateChannel.class);
        CacheRestAction<PrivateChannel> open = mock(CacheRestAction.class);
        when(open.submit()).thenReturn(CompletableFuture.completedFuture(channel));
        when(event.getUser().openPrivateChannel()).thenReturn(open);
        MessageCreateAction send = mock(MessageCreateAction.class);
        when(send.submit()).thenReturn(sent);
        when(channel.sendMessage(any(MessageCreateData.class))).thenReturn(send);
        return channel;
    }

    private static MessageEditData edited(SlashCommandInteractionEvent event) {
        verify(event).deferReply(true);
        ArgumentCaptor<MessageEditData> edited = ArgumentCaptor.forClass(MessageEditData.class);
        verify(event.getHook()).editOriginal(edited.capture());
        return edited.getValue();
    }

    private static byte[] unzipped(FileUpload file) throws IOException {
        assertTrue(file.getName().matches("loopkeeper-export-20260301-100000\\.json\\.zip"), file.getName());
        try (ZipInputStream zip = new ZipInputStream(file.getData())) {
            assertEquals("loopkeeper-export-20260301-100000.json", zip.getNextEntry().getName());
            return zip.readAllBytes();
        }
    }

    @Test
    void aSmallExportIsThePrivateReplysFileAndNoDirectMessage() {
        byte[] json = largeExport(size -> size);
        MessageEditData reply = export("json");
        assertEquals("loopkeeper-export-20260301-100000.json", reply.getFiles().get(0).getName(), "not zipped at the limit");
        assertTrue(json.length > 1000);
    }

    @Test
    void aLargeExportIsZippedAndSentByDirectMessageAndTheReplySaysSo() throws IOException {
        byte[] json = largeExport(size -> size - 1);
        SlashCommandInteractionEvent event = deferrable(ADA);
        PrivateChannel channel = directMessages(event, CompletableFuture.completedFuture(mock(Message.class)));
        router.onSlashCommandInteraction(event);

        ArgumentCaptor<MessageCreateData> dm = ArgumentCaptor.forClass(MessageCreateData.class);
        verify(channel).sendMessage(dm.capture());
        assertTrue(dm.getValue().getContent().startsWith("Your export (json, zipped: it is large): 6 loops"),
                dm.getValue().getContent());
        assertPingsNobody(dm.getValue().toData());
        assertArrayEquals(json, unzipped(dm.getValue().getFiles().get(0)));
        MessageEditData reply = edited(event);
        assertTrue(reply.getContent().startsWith("Your export is large, so it went to your direct messages, zipped ("),
                reply.getContent());
        assertTrue(reply.getFiles().isEmpty(), "the file is in the DM");
    }

    @Test
    void withDirectMessagesClosedTheZipIsThePrivateReplysFile() throws IOException {
        byte[] json = largeExport(size -> size - 1);
        SlashCommandInteractionEvent event = deferrable(ADA);
        ErrorResponseException closed = mock(ErrorResponseException.class);
        when(closed.getErrorResponse()).thenReturn(ErrorResponse.CANNOT_SEND_TO_USER);
        directMessages(event, CompletableFuture.failedFuture(closed));
        router.onSlashCommandInteraction(event);

        MessageEditData reply = edited(event);
        assertTrue(reply.getContent().startsWith("Your export (json, zipped: it is large): 6 loops"), reply.getContent());
        assertTrue(reply.getContent().contains("your direct messages are closed to Loopkeeper"), reply.getContent());
        assertArrayEquals(json, unzipped(reply.getFiles().get(0)));
    }

    @Test
    void anExportTooLargeEvenZippedSaysSoAndSendsNothing() {
        largeExport(size -> 100);
        SlashCommandInteractionEvent event = deferrable(ADA);
        router.onSlashCommandInteraction(event);
        String said = edited(event).getContent();
        assertTrue(said.startsWith("Your export is larger than Discord lets a bot send, even zipped, so nothing was "
                + "sent.") && said.contains("`java -jar loopkeeper.jar export " + ADA + " <file>`"), said);
        verify(event.getUser(), never()).openPrivateChannel();
    }

    @Test
    void anExportIsAcknowledgedBeforeAnythingIsBuilt() {
        DataService data = spy(app.data());
        router = new InteractionRouter(List.of(new ExportCommand(data, messages, Config.MAX_UPLOAD_KB * 1024)),
                List.of(), Runnable::run, () -> false, event -> { });
        SlashCommandInteractionEvent event = deferrable(ADA);
        router.onSlashCommandInteraction(event);
        InOrder order = inOrder(event, data);
        order.verify(event).deferReply(true);
        order.verify(data).export(ADA);
        assertTrue(edited(event).getContent().startsWith("Your export (json): 1 loop"));
    }

    @Test
    void forgetMeAsksWithAButtonThatDeletesOnlyTheClickersDataAndExpires() {
        MessageCreateData question = run(ADA, "forget-me", Map.of());
        assertTrue(question.getContent().startsWith("This deletes everything Loopkeeper keeps of yours"));
        List<Button> buttons = question.getComponents().get(0).asActionRow().getButtons();
        assertEquals(List.of("Delete everything", "Keep it"), buttons.stream().map(Button::getLabel).toList());

        assertEquals("Nothing was deleted.", clickAndCaptureEdit(ADA, buttons.get(1).getCustomId()).getContent());
        assertEquals(1, app.loops().countOpen(ADA));

        ButtonInteractionEvent bob = ParkCommandTest.click(BOB, buttons.get(0).getCustomId());
        ReplyCallbackAction refusal = replies(bob);
        router.onButtonInteraction(bob);
        assertTrue(privateReply(bob, refusal).getContent().contains("someone else's"), "only Ada's button deletes Ada");
        assertEquals(1, app.loops().countOpen(ADA));

        MessageEditData done = clickAndCaptureEdit(ADA, buttons.get(0).getCustomId());
        assertEquals("Deleted 1 loop. Loopkeeper keeps nothing else of yours.", done.getContent());
        assertTrue(done.getComponents().isEmpty());
        assertEquals(0, app.loops().countOpen(ADA));
        assertEquals(1, app.loops().countOpen(BOB), "Bob keeps his");

        MessageCreateData again = run(ADA, "forget-me", Map.of());
        String late = again.getComponents().get(0).asActionRow().getButtons().get(0).getCustomId();
        clock.advance(Duration.ofMinutes(16));
        assertTrue(clickAndCaptureEdit(ADA, late).getContent().startsWith("This question was asked over 15 minutes ago; "
                + "nothing was deleted."));
    }

    @Test
    void importDownloadsTheAttachmentDefersAndSaysWhatItAdded() {
        byte[] file = app.data().write(app.data().export(ADA), ExportFormat.JSON);
        SlashCommandInteractionEvent event = importing(BOB, file, file.length);
        assertEquals(0, app.loops().countOpen(BOB) - 1, "Bob has his own loop only");
        router.onSlashCommandInteraction(event);
        verify(event).deferReply(true);
        ArgumentCaptor<MessageEditData> edited = ArgumentCaptor.forClass(MessageEditData.class);
        verify(event.getHook()).editOriginal(edited.capture());
        assertEquals("Imported 1 loop.", edited.getValue().getContent());
        assertEquals(2, app.loops().countOpen(BOB));
    }

    @Test
    void anImportTooLargeIsRefusedBeforeDownloading() {
        SlashCommandInteractionEvent event = importing(BOB, new byte[0], 25L * 1024 * 1024);
        ReplyCallbackAction action = replies(event);
        router.onSlashCommandInteraction(event);
        assertEquals("That file is 25 MB; an import reads at most 20 MB. Nothing was imported.",
                privateReply(event, action).getContent());
    }

    @SuppressWarnings("unchecked")
    private SlashCommandInteractionEvent importing(String user, byte[] content, long size) {
        SlashCommandInteractionEvent event = command(SlashCommandInteractionEvent.class, user, "import", null, Map.of());
        Message.Attachment attachment = mock(Message.Attachment.class);
        when(attachment.getSize()).thenReturn((int) size);
        NamedAttachmentProxy proxy = mock(NamedAttachmentProxy.class);
        when(proxy.download()).thenReturn(CompletableFuture.completedFuture(new ByteArrayInputStream(content)));
        when(attachment.getProxy()).thenReturn(proxy);
        OptionMapping mapping = mock(OptionMapping.class);
        when(mapping.getAsAttachment()).thenReturn(attachment);
        when(event.getOption(anyString(), any(java.util.function.Function.class))).thenAnswer(call ->
                ((java.util.function.Function<OptionMapping, Object>) call.getArgument(1)).apply(mapping));
        letDefer(event);
        return event;
    }

    private MessageEditData clickAndCaptureEdit(String userId, String customId) {
        ButtonInteractionEvent event = ParkCommandTest.click(userId, customId);
        MessageEditCallbackAction edit = mock(MessageEditCallbackAction.class, RETURNS_SELF);
        when(event.editMessage(any(MessageEditData.class))).thenReturn(edit);
        router.onButtonInteraction(event);
        ArgumentCaptor<MessageEditData> edited = ArgumentCaptor.forClass(MessageEditData.class);
        verify(event).editMessage(edited.capture());
        verify(edit).queue();
        return edited.getValue();
    }
}
