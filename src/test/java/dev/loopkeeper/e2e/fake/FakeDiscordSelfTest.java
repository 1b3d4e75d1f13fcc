package dev.loopkeeper.e2e.fake;

import dev.loopkeeper.e2e.CommandDefinitionRules;
import dev.loopkeeper.e2e.WireAssertions;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import net.dv8tion.jda.api.events.guild.GenericGuildEvent;
import net.dv8tion.jda.api.events.guild.GuildLeaveEvent;
import net.dv8tion.jda.api.events.guild.GuildUnavailableEvent;
import net.dv8tion.jda.api.events.guild.update.GenericGuildUpdateEvent;
import net.dv8tion.jda.api.events.guild.update.GuildUpdateNameEvent;
import net.dv8tion.jda.api.events.role.update.RoleUpdatePermissionsEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the fake speaks enough Discord for an unmodified JDA 6.5.0: a bare JDA with a tiny listener handles
 * every interaction kind, survives a dropped socket by resuming, and sees injected REST faults the way it
 * would see Discord's.
 */
class FakeDiscordSelfTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String VIEW_CHANNEL_ONLY = "1024";

    private FakeDiscord fake;
    private JDA jda;

    @BeforeEach
    void connect() throws InterruptedException {
        fake = FakeDiscord.start();
        jda = builder(fake).addEventListeners(new TinyBot()).build().awaitReady();
    }

    private static JDABuilder builder(FakeDiscord fake) {
        return JDABuilder.createDefault("fake-token")
                .setRestConfig(new RestConfig().setBaseUrl(fake.restBaseUrl()))
                // A new controller per JDA: a shared one spaces IDENTIFYs 5 s apart.
                .setSessionController(new SessionControllerAdapter() {
                    @Override
                    public String getGateway() {
                        return fake.gatewayUrl();
                    }
                });
    }

    /** The guild ids of the READY a JDA's first session gets, as its raw event shows them. */
    private static final class ReadyGuilds extends ListenerAdapter {
        final java.util.concurrent.CompletableFuture<List<String>> listed = new java.util.concurrent.CompletableFuture<>();

        @Override
        public void onRawGateway(RawGatewayEvent event) {
            if (event.getType().equals("READY")) {
                DataArray guilds = event.getPayload().getArray("guilds");
                listed.complete(java.util.stream.IntStream.range(0, guilds.length())
                        .mapToObj(i -> guilds.getObject(i).getString("id")).toList());
            }
        }
    }

    /** Connects another JDA to the same fake, waiting at most {@link #WAIT} for it to be ready. */
    private JDA second(Object... listeners) throws Exception {
        JDA other = builder(fake).setRawEventsEnabled(true).addEventListeners(listeners).build();
        java.util.concurrent.CompletableFuture<JDA> ready = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return other.awaitReady();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return ready.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            other.shutdownNow();
            throw new AssertionError("JDA was not ready within " + WAIT + " (status " + other.getStatus() + ")\n"
                    + fake.diagnostics(), e);
        }
    }

    private static void close(JDA other) throws InterruptedException {
        other.shutdown();
        if (!other.awaitShutdown(Duration.ofSeconds(2))) {
            other.shutdownNow();
        }
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        // JDA first: a JDA that loses its fake keeps reconnecting with back-off for the rest of the JVM.
        // shutdown() lets a request whose answer is still being read finish; shutdownNow() would interrupt it
        // and JDA logs an ERROR ("Unable to acquire lock while thread is interrupted").
        if (jda != null) {
            jda.shutdown();
            if (!jda.awaitShutdown(Duration.ofSeconds(2))) {
                jda.shutdownNow();
                jda.awaitShutdown(Duration.ofSeconds(2));
            }
        }
        if (fake != null) {
            fake.close();
        }
    }

    /** The listener under test: one handler per interaction kind, written the way Loopkeeper's are. */
    static final class TinyBot extends ListenerAdapter {
        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            switch (event.getName()) {
                case "park" -> event.reply("Parked " + event.getOption("concept").getAsString())
                        .setEphemeral(true)
                        .setAllowedMentions(List.of())
                        .addComponents(ActionRow.of(Button.primary("unpark:1", "Unpark")))
                        .queue();
                case "remind" -> event.deferReply(true).queue(hook -> event.getUser().openPrivateChannel()
                        .flatMap(dm -> dm.sendMessage("Reminder: " + event.getOption("text").getAsString())
                                .setAllowedMentions(List.of()))
                        .queue(sent -> hook.editOriginal("Sent you a DM.").queue(),
                                failed -> hook.editOriginal("I cannot DM you.").queue()));
                case "silent" -> { } // left for the test to answer over raw HTTP
                default -> event.reply("Unknown command").setEphemeral(true).queue();
            }
        }

        @Override
        public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
            String typed = event.getFocusedOption().getValue();
            event.replyChoices(List.of("backprop", "attention", "bayes").stream()
                    .filter(c -> c.startsWith(typed))
                    .map(c -> new Command.Choice(c, c))
                    .collect(Collectors.toList())).queue();
        }

        @Override
        public void onButtonInteraction(ButtonInteractionEvent event) {
            event.editMessage("Unparked").setComponents().queue();
        }

        @Override
        public void onMessageContextInteraction(MessageContextInteractionEvent event) {
            event.replyModal(Modal.create("park-modal", "Park this")
                    .addComponents(Label.of("Concept", TextInput.create("concept", TextInputStyle.SHORT)
                            .setValue(event.getTarget().getContentRaw())
                            .build()))
                    .build()).queue();
        }

        @Override
        public void onModalInteraction(ModalInteractionEvent event) {
            event.reply("Parked " + event.getValue("concept").getAsString())
                    .setEphemeral(true).setAllowedMentions(List.of()).queue();
        }
    }

    @Test
    void slashCommandGetsOneEphemeralReplyWithoutPings() {
        InteractionHandle park = fake.slashCommand("park").option("concept", "backprop @everyone").send();

        DataObject callback = fake.awaitInteractionResponse(park);

        assertEquals(4, callback.getInt("type"));
        DataObject reply = callback.getObject("data");
        assertEquals("Parked backprop @everyone", reply.getString("content"));
        WireAssertions.assertEphemeral(reply);
        WireAssertions.assertMentionsSuppressed(reply);
        InteractionRecord record = fake.interactionRecord(park);
        WireAssertions.assertAcknowledgedOnce(record);
        WireAssertions.assertWithinLimits(record);
        record.messageBodies().forEach(WireAssertions::assertMentionsSuppressed);
    }

    @Test
    void aBodyOverDiscordsLimitsIsRefusedAsDiscordWouldAndTheInteractionStaysOpen() throws Exception {
        InteractionHandle silent = fake.slashCommand("silent").send();
        HttpClient http = HttpClient.newHttpClient();
        URI callback = URI.create(fake.restBaseUrl() + "interactions/" + silent.id() + "/" + silent.token() + "/callback");

        HttpResponse<String> tooLong = http.send(HttpRequest.newBuilder(callback)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DataObject.empty().put("type", 4)
                        .put("data", DataObject.empty().put("content", "🧠".repeat(2001))).toString()))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(400, tooLong.statusCode());
        assertEquals(50035, DataObject.fromJson(tooLong.body()).getInt("code"));
        assertTrue(fake.notes().stream().anyMatch(n -> n.contains("content has 2001 characters")), fake.notes().toString());
        assertTrue(fake.interactionRecord(silent).acceptedCallbacks().isEmpty(), "a refused body acknowledges nothing");

        HttpResponse<String> fits = http.send(HttpRequest.newBuilder(callback)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DataObject.empty().put("type", 4)
                        .put("data", DataObject.empty().put("content", "🧠".repeat(2000))).toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, fits.statusCode(), "2,000 emoji are 2,000 characters: within the limit");
    }

    @Test
    void aModalsTextDisplayTextInputLengthsAndAFilesAltTextAreHeldToDiscordsLimits() {
        DataObject input = DataObject.empty().put("type", 4).put("custom_id", "a").put("style", 2)
                .put("min_length", 0).put("max_length", 4001);
        DataObject modal = DataObject.empty().put("type", 9).put("data", DataObject.empty().put("custom_id", "m")
                .put("title", "Reflect").put("components", DataArray.empty().add(text("q".repeat(4001)))
                        .add(DataObject.empty().put("type", 18).put("label", "Your answer").put("component", input))));
        AssertionError refused = assertThrows(AssertionError.class, () -> WireAssertions.assertCallbackWithinLimits(modal));
        assertTrue(refused.getMessage().contains("text display has 4001 characters"), refused.getMessage());
        assertTrue(refused.getMessage().contains("text input max_length is 4001"), refused.getMessage());

        DataObject file = DataObject.empty().put("content", "Your tree").put("attachments", DataArray.empty()
                .add(DataObject.empty().put("id", 0).put("filename", "tree.png").put("description", "d".repeat(1025))));
        AssertionError alt = assertThrows(AssertionError.class, () -> WireAssertions.assertMessageWithinLimits(file));
        assertTrue(alt.getMessage().contains("attachment description has 1025 characters"), alt.getMessage());
    }

    private static DataObject text(String content) {
        return DataObject.empty().put("type", 10).put("content", content);
    }

    private static DataObject button(String customId) {
        return DataObject.empty().put("type", 2).put("style", 2).put("label", "Go").put("custom_id", customId);
    }

    private static DataObject container(DataObject... children) {
        DataArray components = DataArray.empty();
        for (DataObject child : children) {
            components.add(child);
        }
        return DataObject.empty().put("type", 17).put("components", components);
    }

    private static DataObject row(DataObject... buttons) {
        DataArray components = DataArray.empty();
        for (DataObject b : buttons) {
            components.add(b);
        }
        return DataObject.empty().put("type", 1).put("components", components);
    }

    /** A message callback with these top-level components and flags; returns the fake's answer. */
    private HttpResponse<String> layoutReply(HttpClient http, URI callback, int flags, String content,
            DataObject... components) throws Exception {
        DataArray top = DataArray.empty();
        for (DataObject component : components) {
            top.add(component);
        }
        DataObject data = DataObject.empty().put("flags", flags).put("components", top);
        if (content != null) {
            data.put("content", content);
        }
        return http.send(HttpRequest.newBuilder(callback).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DataObject.empty().put("type", 4).put("data", data).toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void layoutMessagesAreCheckedAgainstDiscordsComponentsV2Rules() throws Exception {
        InteractionHandle silent = fake.slashCommand("silent").send();
        HttpClient http = HttpClient.newHttpClient();
        URI callback = URI.create(fake.restBaseUrl() + "interactions/" + silent.id() + "/" + silent.token() + "/callback");
        int v2 = 1 << 15;
        Object[][] refused = {
                {v2, "hello", new DataObject[] {text("x")}, "cannot have content"},
                {0, null, new DataObject[] {text("x")}, "only action rows (1) may be top-level"},
                {v2, null, new DataObject[] {container(container(text("x")))}, "a container cannot hold type 17"},
                {v2, null, new DataObject[] {text("a".repeat(2000)), text("b".repeat(2001))}, "text displays total 4001"},
                {v2, null, new DataObject[] {text("")}, "text display has 0 characters"},
                {v2, null, new DataObject[] {row(button("a"), button("a"))}, "custom ids must be unique"},
                {v2, null, new DataObject[] {DataObject.empty().put("type", 9).put("components", DataArray.empty()
                        .add(text("x"))).put("accessory", text("y"))}, "a section needs a button or thumbnail"},
        };
        for (Object[] body : refused) {
            HttpResponse<String> answer = layoutReply(http, callback, (int) body[0], (String) body[1],
                    (DataObject[]) body[2]);
            assertEquals(400, answer.statusCode(), (String) body[3]);
            assertTrue(fake.notes().stream().anyMatch(n -> n.contains((String) body[3])), body[3] + ": " + fake.notes());
        }
        // 41 components: 1 container + 8 rows of 5 buttons (40 more, each counted).
        DataObject[] rows = new DataObject[8];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row(button(i + "a"), button(i + "b"), button(i + "c"), button(i + "d"), button(i + "e"));
        }
        assertEquals(400, layoutReply(http, callback, v2, null, container(rows)).statusCode());
        assertTrue(fake.notes().stream().anyMatch(n -> n.contains("at most 40 components in a message, got 49")),
                fake.notes().toString());
        assertTrue(fake.interactionRecord(silent).acceptedCallbacks().isEmpty(), "refused bodies acknowledge nothing");

        HttpResponse<String> fits = layoutReply(http, callback, v2, "", text("🧠".repeat(1000)),
                container(text("a".repeat(1999)), row(button("open"), button("snooze"))));
        assertEquals(204, fits.statusCode(), "text within 4,000 UTF-16 units and 6 components: accepted");
    }

    @Test
    void everyMessageBodyIsHeldToTheMentionRuleTextDisplaysIncluded() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI messages = URI.create(fake.restBaseUrl() + "channels/" + FakeDiscord.GENERAL.id() + "/messages");
        DataObject none = DataObject.empty().put("parse", DataArray.empty());
        DataObject layout = DataObject.empty().put("flags", Payloads.MESSAGE_FLAG_COMPONENTS_V2);
        List<DataObject> pinging = List.of(
                DataObject.empty().put("content", "a concept"),
                layout.put("components", DataArray.empty().add(container(text("@everyone read this"))))
                        .put("allowed_mentions", DataObject.empty().put("parse", DataArray.empty().add("everyone"))),
                DataObject.empty().put("content", "<@42> a reminder").put("allowed_mentions",
                        DataObject.empty().put("parse", DataArray.empty()).put("users", DataArray.empty().add("43"))),
                DataObject.empty().put("content", "x").put("allowed_mentions",
                        DataObject.empty().put("parse", DataArray.empty().add("users"))));
        for (DataObject body : pinging) {
            int before = fake.notes().size();
            post(http, messages, body);
            assertEquals(before + 1, fake.notes().size(), "noted: " + body);
            assertTrue(fake.notes().get(before).startsWith("mention guard: POST channels/"), fake.notes().get(before));
        }
        String layoutText = fake.notes().get(fake.notes().size() - 3);
        assertTrue(layoutText.contains("it pings @everyone") && layoutText.contains("Text: @everyone read this"),
                layoutText);

        int before = fake.notes().size();
        // The one mention a message may make: the person it addresses, a reminder's recipient in a server channel.
        post(http, messages, DataObject.empty().put("flags", Payloads.MESSAGE_FLAG_COMPONENTS_V2)
                .put("components", DataArray.empty().add(text("<@42> A loop you parked may be relevant now")))
                .put("allowed_mentions", DataObject.empty().put("parse", DataArray.empty())
                        .put("users", DataArray.empty().add("42"))));
        post(http, messages, DataObject.empty().put("content", "@everyone <@&77> <@43>").put("allowed_mentions", none));
        assertEquals(before, fake.notes().size(), fake.notes().toString());
    }

    private static void post(HttpClient http, URI uri, DataObject body) throws Exception {
        http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPollOutsideDiscordsRulesIsRefusedAndOneWithinThemIsStoredWithItsResults() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI messages = URI.create(fake.restBaseUrl() + "channels/" + FakeDiscord.GENERAL.id() + "/messages");
        DataObject answer = DataObject.empty().put("poll_media", DataObject.empty().put("text", "x".repeat(56)));
        DataObject tooLong = DataObject.empty().put("poll", DataObject.empty()
                .put("question", DataObject.empty().put("text", "Which?"))
                .put("answers", net.dv8tion.jda.api.utils.data.DataArray.empty().add(answer))
                .put("duration", 769));

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(messages)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(tooLong.toString())).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(400, refused.statusCode());
        assertTrue(fake.notes().stream().anyMatch(n -> n.contains("poll answer has 56 characters")
                && n.contains("duration is 1-768 hours, got 769")), fake.notes().toString());
        assertTrue(fake.pollsIn(FakeDiscord.GENERAL.id()).isEmpty());

        jda.getTextChannelById(FakeDiscord.GENERAL.id()).sendMessagePoll(
                net.dv8tion.jda.api.utils.messages.MessagePollData.builder("Which?").addAnswer("Yes").addAnswer("No")
                        .build()).complete();
        DataObject poll = fake.pollsIn(FakeDiscord.GENERAL.id()).get(0).getObject("poll");
        assertEquals(false, poll.getObject("results").getBoolean("is_finalized"));
        assertEquals(2, poll.getArray("answers").length());
    }

    @Test
    void autocompleteAnswersWithMatchingChoices() {
        InteractionHandle typing = fake.autocomplete("park").focused("concept", "ba").send();

        DataObject callback = fake.awaitInteractionResponse(typing);

        WireAssertions.assertAutocompleteWithinLimits(callback);
        DataArray choices = callback.getObject("data").getArray("choices");
        assertEquals(2, choices.length());
        assertEquals("backprop", choices.getObject(0).getString("name"));
    }

    @Test
    void buttonClickEditsTheMessageItSitsOn() {
        InteractionHandle park = fake.slashCommand("park").option("concept", "backprop").send();
        fake.awaitInteractionResponse(park);

        InteractionHandle click = fake.buttonClick("unpark:1").onMessage(fake.originalMessage(park)).send();
        DataObject callback = fake.awaitInteractionResponse(click);

        assertEquals(7, callback.getInt("type"));
        assertEquals("Unparked", callback.getObject("data").getString("content"));
        assertEquals("Unparked", fake.originalMessage(park).getString("content"));
        assertTrue(fake.originalMessage(park).getArray("components").isEmpty());
        WireAssertions.assertAcknowledgedOnce(fake.interactionRecord(click));
    }

    @Test
    void theBotEditsItsOwnChannelMessageFoundOnlyInItsChannel() throws Exception {
        String id = channel().sendMessage(new net.dv8tion.jda.api.utils.messages.MessageCreateBuilder()
                .setContent("first").setComponents(ActionRow.of(Button.primary("x:y", "Click"))).build())
                .complete().getId();

        channel().editMessageById(id, new net.dv8tion.jda.api.utils.messages.MessageEditBuilder()
                .setContent("~~first~~").setComponents(List.of()).build()).complete();

        DataObject stored = fake.message(id);
        assertEquals("~~first~~", stored.getString("content"));
        assertTrue(stored.getArray("components").isEmpty(), "the button is gone");
        RecordedRequest patch = fake.awaitRequest(RecordedRequest.matching("PATCH", "channels/\\d+/messages/" + id), WAIT);
        assertTrue(patch.json().getArray("components").isEmpty(), patch.toString());

        HttpResponse<String> elsewhere = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                fake.restBaseUrl() + "channels/1000000000000000999/messages/" + id))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"content\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, elsewhere.statusCode());
        assertTrue(elsewhere.body().contains("10008"), elsewhere.body());
        assertEquals("~~first~~", fake.message(id).getString("content"), "unchanged");
    }

    @Test
    void messageContextMenuOpensAModalWhoseSubmissionIsAnswered() {
        InteractionHandle menu = fake.messageCommand("Park this message").target(FakeDiscord.ADA, "look at attention").send();

        DataObject modal = fake.awaitInteractionResponse(menu);

        assertEquals(9, modal.getInt("type"));
        assertEquals("park-modal", modal.getObject("data").getString("custom_id"));
        WireAssertions.assertCallbackWithinLimits(modal);

        InteractionHandle submit = fake.modalSubmit("park-modal").textInput("concept", "attention").send();
        DataObject reply = fake.awaitInteractionResponse(submit).getObject("data");
        assertEquals("Parked attention", reply.getString("content"));
        WireAssertions.assertEphemeral(reply);
    }

    @Test
    void slashCommandInDirectMessageDeferredThenDmThenEdit() {
        InteractionHandle remind = fake.slashCommand("remind").option("text", "read the paper").inDirectMessage().send();

        assertEquals(5, fake.awaitInteractionResponse(remind).getInt("type"));
        RecordedRequest dm = fake.awaitRequest(RecordedRequest.matching("POST", "channels/\\d+/messages"), WAIT);
        assertEquals("Reminder: read the paper", dm.json().getString("content"));
        WireAssertions.assertMentionsSuppressed(dm.json());
        RecordedRequest edit = fake.awaitWebhookRequest(remind, "PATCH", WAIT);
        assertEquals("Sent you a DM.", edit.json().getString("content"));
        assertTrue(edit.path().endsWith("/messages/@original"));
    }

    @Test
    void droppedSocketIsResumedAndInteractionsKeepWorking() {
        fake.dropConnection();
        // Sent while JDA is reconnecting: the fake replays it after RESUME.
        InteractionHandle during = fake.slashCommand("park").option("concept", "during").send();
        fake.awaitResumed(WAIT);

        assertEquals("Parked during", fake.awaitInteractionResponse(during).getObject("data").getString("content"));
        InteractionHandle after = fake.slashCommand("park").option("concept", "after").send();
        assertEquals("Parked after", fake.awaitInteractionResponse(after).getObject("data").getString("content"));
        assertEquals(1, fake.readyCount(), "JDA must resume, not identify again");
    }

    @Test
    void http500OnChannelMessageSurfacesAsError() {
        fake.failNext(1, "POST", "channels/\\d+/messages", Fault.serverError(500));

        ExecutionException failure = assertThrows(ExecutionException.class, () -> channel().sendMessage("hello")
                .submit().get(5, TimeUnit.SECONDS));

        ErrorResponseException error = assertInstanceOf(ErrorResponseException.class, failure.getCause());
        assertEquals(500, error.getResponse().code);
        assertEquals(1, fake.requests().stream().filter(RecordedRequest.matching("POST", "channels/\\d+/messages")).count());
    }

    @Test
    void aFileUploadIsRecordedWithItsJsonPayloadAndItsBytes() throws Exception {
        byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, (byte) 0xff, '-', '-', 13, 10};

        channel().sendMessage("with a file").addFiles(FileUpload.fromData(bytes, "a.png")).submit()
                .get(5, TimeUnit.SECONDS);

        RecordedRequest upload = fake.requests().stream().filter(RecordedRequest.matching("POST", "channels/\\d+/messages"))
                .findFirst().orElseThrow();
        assertTrue(upload.header("content-type").startsWith("multipart/form-data"), upload.header("content-type"));
        assertEquals("with a file", upload.json().getString("content"));
        assertEquals(1, upload.files().size());
        assertEquals("a.png", upload.files().get(0).fileName());
        assertArrayEquals(bytes, upload.files().get(0).bytes(), "binary bytes, CR LF and dashes included, survive");
    }

    @Test
    void http502OnChannelMessageIsRetried() throws Exception {
        fake.failNext(1, "POST", "channels/\\d+/messages", Fault.serverError(502));

        channel().sendMessage("hello").submit().get(5, TimeUnit.SECONDS);

        List<RecordedRequest> attempts = fake.requests().stream()
                .filter(RecordedRequest.matching("POST", "channels/\\d+/messages")).collect(Collectors.toList());
        assertEquals(List.of(502, 200), attempts.stream().map(RecordedRequest::status).collect(Collectors.toList()));
    }

    @Test
    void rateLimitedRequestIsRetriedAfterRetryAfter() throws Exception {
        fake.failNext(1, "POST", "channels/\\d+/messages", Fault.rateLimited(Duration.ofSeconds(1)));

        channel().sendMessage("hello").submit().get(5, TimeUnit.SECONDS);

        List<RecordedRequest> attempts = fake.requests().stream()
                .filter(RecordedRequest.matching("POST", "channels/\\d+/messages")).collect(Collectors.toList());
        assertEquals(List.of(429, 200), attempts.stream().map(RecordedRequest::status).collect(Collectors.toList()));
        long waitedMillis = (attempts.get(1).receivedAtNanos() - attempts.get(0).receivedAtNanos()) / 1_000_000;
        assertTrue(waitedMillis >= 900, "JDA retried after " + waitedMillis + " ms, before Retry-After");
    }

    @Test
    void aStalledRequestIsHeldUnansweredUntilReleasedThenServedAsUsual() throws Exception {
        Stall stall = fake.stallNext("POST", "channels/\\d+/messages");

        java.util.concurrent.CompletableFuture<?> sending = channel().sendMessage("held").submit();
        RecordedRequest held = stall.awaitArrival(Duration.ofSeconds(5));
        assertEquals("held", held.json().getString("content"));
        assertEquals(0, held.status(), "not answered yet");
        assertTrue(!sending.isDone(), "the client is still waiting");
        assertEquals(List.of(), fake.requests().stream().filter(RecordedRequest.matching("POST", "channels/\\d+/messages"))
                .toList(), "nothing recorded as served while held");

        stall.release();
        sending.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(200), fake.requests().stream()
                .filter(RecordedRequest.matching("POST", "channels/\\d+/messages")).map(RecordedRequest::status).toList());
        channel().sendMessage("not held").submit().get(5, TimeUnit.SECONDS); // a stall takes one request
    }

    @Test
    void aStallServedFirstKeepsTheMessageAndHoldsOnlyTheAnswer() throws Exception {
        Stall stall = fake.stallAnswerOfNext("POST", "channels/\\d+/messages");

        java.util.concurrent.CompletableFuture<net.dv8tion.jda.api.entities.Message> sending =
                channel().sendMessage("accepted").submit();
        RecordedRequest held = stall.awaitArrival(Duration.ofSeconds(5));
        assertEquals("accepted", held.json().getString("content"));
        assertTrue(!sending.isDone(), "the client has not heard yet");
        List<DataObject> stored = fake.messagesIn(FakeDiscord.GENERAL.id());
        assertEquals(List.of("accepted"), stored.stream().map(m -> m.getString("content")).toList(),
                "Discord has the message already");

        stall.release();
        assertEquals(stored.get(0).getString("id"), sending.get(5, TimeUnit.SECONDS).getId());
    }

    @Test
    void aChannelsMessagesAreListedNewestFirstAndPagedAsDiscordDoes() throws Exception {
        List<String> sent = new java.util.ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            sent.add(channel().sendMessage("m" + i).complete().getId());
        }
        FakeUser quizbot = new FakeUser("3000000000000000077", "quizbot");
        String poll = fake.postPoll(quizbot, true, FakeDiscord.GENERAL.id(), java.time.Instant.now(), 2, "Which?",
                "Yes", "No");
        sent.add(poll);

        List<net.dv8tion.jda.api.entities.Message> latest = channel().getHistory().retrievePast(3).complete();
        assertEquals(List.of(poll, sent.get(3), sent.get(2)), latest.stream().map(m -> m.getId()).toList());
        assertEquals("Which?", latest.get(0).getPoll().getQuestion().getText(), "with its poll");
        assertEquals(quizbot.id(), latest.get(0).getAuthor().getId());
        assertEquals(List.of(sent.get(2), sent.get(1)), channel().getHistoryAfter(sent.get(0), 2).complete()
                .getRetrievedHistory().stream().map(m -> m.getId()).toList(), "the two just after it, newest first");
        assertEquals(List.of(sent.get(1), sent.get(0)), channel().getHistoryBefore(sent.get(2), 5).complete()
                .getRetrievedHistory().stream().map(m -> m.getId()).toList());
        assertEquals(List.of(sent.get(3), sent.get(2), sent.get(1)), channel().getHistoryAround(sent.get(2), 3)
                .complete().getRetrievedHistory().stream().map(m -> m.getId()).toList(), "it, and its neighbours");
        RecordedRequest after = fake.awaitRequest(r -> r.method().equals("GET")
                && r.path().equals("channels/" + FakeDiscord.GENERAL.id() + "/messages")
                && r.query().containsKey("after"), WAIT);
        assertEquals(java.util.Map.of("after", sent.get(0), "limit", "2"), after.query());

        HttpClient http = HttpClient.newHttpClient();
        String list = fake.restBaseUrl() + "channels/" + FakeDiscord.GENERAL.id() + "/messages";
        assertEquals(400, http.send(HttpRequest.newBuilder(URI.create(list + "?limit=101")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(400, http.send(HttpRequest.newBuilder(URI.create(list + "?before=" + poll + "&after=" + sent.get(0)))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertTrue(fake.notes().stream().anyMatch(n -> n.contains("limit must be 1-100, got 101")), fake.notes().toString());
        assertTrue(fake.notes().stream().anyMatch(n -> n.contains("mutually exclusive")), fake.notes().toString());
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(fake.restBaseUrl()
                + "channels/1000000000000000999/messages")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("10003"), unknown.body());

        // Without Read Message History Discord lists nothing (JDA refuses locally first; asked directly here).
        fake.setEveryonePermissions(FakeDiscord.DEFAULT_GUILD.id(), VIEW_CHANNEL_ONLY);
        HttpResponse<String> unread = http.send(HttpRequest.newBuilder(URI.create(list)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, unread.statusCode());
        assertEquals("[]", unread.body());
    }

    @Test
    void blockedDirectMessageSurfacesAsCannotSendToUser() {
        fake.rejectDirectMessagesTo(FakeDiscord.ADA.id());

        ExecutionException failure = assertThrows(ExecutionException.class, () -> jda
                .openPrivateChannelById(FakeDiscord.ADA.id())
                .flatMap(dm -> dm.sendMessage("hi"))
                .submit().get(5, TimeUnit.SECONDS));

        ErrorResponseException error = assertInstanceOf(ErrorResponseException.class, failure.getCause());
        assertEquals(ErrorResponse.CANNOT_SEND_TO_USER, error.getErrorResponse());
        assertEquals(50007, error.getErrorCode());
    }

    @Test
    void missingPermissionIsCheckedLocallyByJda() throws InterruptedException {
        CountDownLatch applied = new CountDownLatch(1);
        jda.addEventListener(new ListenerAdapter() {
            @Override
            public void onRoleUpdatePermissions(RoleUpdatePermissionsEvent event) {
                applied.countDown();
            }
        });

        fake.setEveryonePermissions(FakeDiscord.DEFAULT_GUILD.id(), VIEW_CHANNEL_ONLY);

        assertTrue(applied.await(5, TimeUnit.SECONDS), "JDA did not apply GUILD_ROLE_UPDATE\n" + fake.diagnostics());
        assertThrows(InsufficientPermissionException.class, () -> channel().sendMessage("hello").queue());
        assertTrue(fake.requests().stream().noneMatch(RecordedRequest.matching("POST", "channels/\\d+/messages")));
    }

    @Test
    void aRenamedGuildChangesOnlyItsNameInJdasCache() throws InterruptedException {
        CountDownLatch renamed = new CountDownLatch(1);
        List<String> updates = new java.util.concurrent.CopyOnWriteArrayList<>();
        jda.addEventListener(new ListenerAdapter() {
            // JDA calls the specific handler (onGuildUpdateName) before the generic one: count down only once the
            // name's update is recorded, or the assertion below can run before it is.
            @Override
            public void onGenericGuildUpdate(GenericGuildUpdateEvent<?> event) {
                updates.add(event.getPropertyIdentifier());
                if (event instanceof GuildUpdateNameEvent) {
                    renamed.countDown();
                }
            }
        });

        fake.renameGuild(FakeDiscord.DEFAULT_GUILD.id(), "Study Group");

        assertTrue(renamed.await(5, TimeUnit.SECONDS), "JDA did not apply GUILD_UPDATE\n" + fake.diagnostics());
        assertEquals("Study Group", jda.getGuildById(FakeDiscord.DEFAULT_GUILD.id()).getName());
        assertEquals(List.of(GuildUpdateNameEvent.IDENTIFIER), updates, "nothing but the name changed");
    }

    @Test
    void aServerThatRemovesTheBotIsLeftAtOnceAndMissingFromTheNextReady() throws Exception {
        String guildId = FakeDiscord.DEFAULT_GUILD.id();
        CountDownLatch left = new CountDownLatch(1);
        jda.addEventListener(new ListenerAdapter() {
            @Override
            public void onGuildLeave(GuildLeaveEvent event) {
                if (event.getGuild().getId().equals(guildId)) {
                    left.countDown();
                }
            }
        });

        fake.removeGuild(guildId);

        assertTrue(left.await(5, TimeUnit.SECONDS), "JDA did not leave on GUILD_DELETE\n" + fake.diagnostics());
        assertTrue(jda.getGuilds().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> fake.guild(guildId), "gone from the world");
        ReadyGuilds ready = new ReadyGuilds();
        JDA next = second(ready);
        try {
            assertEquals(List.of(), ready.listed.get(5, TimeUnit.SECONDS), "a later session is not told it is in it");
            assertTrue(next.getGuilds().isEmpty());
        } finally {
            close(next);
        }
    }

    @Test
    void aServerInAnOutageAtConnectIsListedInReadyButNotLoadedUntilItIsBack() throws Exception {
        String guildId = FakeDiscord.DEFAULT_GUILD.id();
        CountDownLatch unavailable = new CountDownLatch(1);
        jda.addEventListener(new ListenerAdapter() {
            @Override
            public void onGuildUnavailable(GuildUnavailableEvent event) {
                unavailable.countDown();
            }
        });
        fake.setGuildAvailable(guildId, false);
        assertTrue(unavailable.await(5, TimeUnit.SECONDS), "a live session hears of the outage\n" + fake.diagnostics());
        assertTrue(jda.isUnavailable(Long.parseLong(guildId)));

        CountDownLatch back = new CountDownLatch(1);
        ReadyGuilds ready = new ReadyGuilds();
        JDA next = second(ready, new ListenerAdapter() {
            @Override
            public void onGenericGuild(GenericGuildEvent event) {
                if (event.getGuild().getId().equals(guildId)) {
                    back.countDown();
                }
            }
        });
        try {
            // Ready at once (JDA does not wait for it), with the server listed but not loaded.
            assertEquals(List.of(guildId), ready.listed.get(5, TimeUnit.SECONDS));
            assertEquals(null, next.getGuildById(guildId));
            assertFalse(fake.isGuildAvailable(guildId));

            fake.setGuildAvailable(guildId, true);

            assertTrue(back.await(5, TimeUnit.SECONDS), "GUILD_CREATE when the outage ends\n" + fake.diagnostics());
            assertEquals("GUILD", next.getGuildById(guildId).getName());
        } finally {
            close(next);
        }
    }

    @Test
    void registeredCommandsAreKeptAndCheckedAgainstDiscordRules() throws Exception {
        jda.updateCommands().addCommands(
                Commands.slash("park", "Park an open loop").addOption(OptionType.STRING, "concept", "What", true, true),
                Commands.message("Park this message")).submit().get(5, TimeUnit.SECONDS);

        DataArray registered = fake.registeredCommands();

        assertEquals(2, registered.length());
        assertFalse(registered.getObject(0).getString("id").isEmpty());
        CommandDefinitionRules.assertValid(registered);
        AssertionError bad = assertThrows(AssertionError.class, () -> CommandDefinitionRules.assertValid(
                DataArray.empty().add(DataObject.empty().put("name", "Park").put("type", 1).put("description", ""))));
        assertTrue(bad.getMessage().contains("lower case"), bad.getMessage());
    }

    private TextChannel channel() {
        return jda.getTextChannelById(FakeDiscord.GENERAL.id());
    }
}
