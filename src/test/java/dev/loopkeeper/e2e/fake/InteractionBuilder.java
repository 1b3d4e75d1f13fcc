package dev.loopkeeper.e2e.fake;

import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Describes one interaction before {@link #send()} dispatches it as INTERACTION_CREATE. By default it comes from
 * the first member of the first guild, in that guild's first channel; each subclass builds one kind of
 * {@code data}, in the shapes JDA 6.5.0 accepts (DISCORD-WIRE.md section 4).
 */
public abstract class InteractionBuilder<B extends InteractionBuilder<B>> {

    private final FakeDiscord fake;
    private FakeUser user;
    private FakeGuild guild;
    private String channelId;
    private Duration createdAgo = Duration.ZERO;

    InteractionBuilder(FakeDiscord fake) {
        this.fake = fake;
        this.guild = fake.guilds().get(0);
        this.user = guild.owner();
        this.channelId = guild.defaultChannel().id();
    }

    /** The user who triggers the interaction. */
    public B by(FakeUser user) {
        this.user = user;
        return self();
    }

    /** Happens in a channel of a guild. */
    public B inChannel(FakeGuild guild, FakeChannel channel) {
        this.guild = guild;
        this.channelId = channel.id();
        return self();
    }

    /** Happens in a thread {@link FakeDiscord#createThread} started in the guild's channel. */
    public B inThread(String threadId) {
        this.channelId = threadId;
        return self();
    }

    /** Happens in the user's DM with the bot ({@code context 1}: no guild, {@code user} instead of {@code member}). */
    public B inDirectMessage() {
        this.guild = null;
        this.channelId = null;
        return self();
    }

    /**
     * Created {@code ago} before it is sent: its id tells that time, as an interaction's does when the bot receives it
     * late (a gateway or a bot that was slow to read it). The 3 seconds Discord waits for an answer still count from
     * when the fake sends it.
     */
    public B createdAgo(Duration ago) {
        this.createdAgo = ago;
        return self();
    }

    /** Dispatches the interaction; it is queued for replay if the client is disconnected. */
    public InteractionHandle send() {
        return fake.dispatchInteraction(this);
    }

    abstract B self();

    abstract int type();

    abstract DataObject data();

    abstract String description();

    /** Message type Discord gives to the reply (20 slash command, 23 context menu, 0 otherwise). */
    int replyMessageType() {
        return 0;
    }

    /** The {@code message} the interaction is attached to, or null. */
    DataObject message(FakeDiscord fake, String channelId, String guildId) {
        return null;
    }

    FakeUser user() {
        return user;
    }

    Duration createdAgo() {
        return createdAgo;
    }

    FakeGuild guild() {
        return guild;
    }

    String channelId() {
        return channelId;
    }

    FakeDiscord fake() {
        return fake;
    }

    /** Options of a chat input command, nested under a subcommand (and group) when one is chosen. */
    public abstract static class CommandOptions<B extends CommandOptions<B>> extends InteractionBuilder<B> {
        private final String name;
        private String group;
        private String subcommand;
        private final DataArray options = DataArray.empty();
        private final List<FakeChannel> resolvedChannels = new ArrayList<>();
        private final List<FakeAttachment> resolvedAttachments = new ArrayList<>();
        private final List<FakeGuild> resolvedRoles = new ArrayList<>();
        private final Map<String, DataObject> otherRoles = new LinkedHashMap<>();

        CommandOptions(FakeDiscord fake, String name) {
            super(fake);
            this.name = name;
        }

        public B subcommand(String subcommand) {
            this.subcommand = subcommand;
            return self();
        }

        public B subcommand(String group, String subcommand) {
            this.group = group;
            this.subcommand = subcommand;
            return self();
        }

        public B option(String name, String value) {
            return addOption(name, 3, value);
        }

        public B option(String name, long value) {
            return addOption(name, 4, value);
        }

        public B option(String name, boolean value) {
            return addOption(name, 5, value);
        }

        public B option(String name, double value) {
            return addOption(name, 10, value);
        }

        /** A channel option (type 7); the channel also goes into {@code data.resolved.channels}, as Discord sends it. */
        public B option(String name, FakeChannel channel) {
            resolvedChannels.add(channel);
            return addOption(name, 7, channel.id());
        }

        /**
         * A role option (type 8) naming the server's @everyone role, whose id is the server's; the role also goes into
         * {@code data.resolved.roles}, as Discord sends it.
         */
        public B optionEveryone(String name, FakeGuild server) {
            resolvedRoles.add(server);
            return addOption(name, 8, server.id());
        }

        /**
         * A role option (type 8) naming a role made with {@link FakeDiscord#createRole}; the role also goes into
         * {@code data.resolved.roles}, as Discord sends it.
         */
        public B optionRole(String name, String roleId, String roleName) {
            otherRoles.put(roleId, Payloads.role(roleId, roleName));
            return addOption(name, 8, roleId);
        }

        /** An attachment option (type 11); the file goes into {@code data.resolved.attachments}, as Discord sends it. */
        public B option(String name, FakeAttachment attachment) {
            resolvedAttachments.add(attachment);
            return addOption(name, 11, attachment.id());
        }

        B addOption(String name, int type, Object value) {
            options.add(DataObject.empty().put("name", name).put("type", type).put("value", value));
            return self();
        }

        DataArray focusedOptions(DataObject focused) {
            return DataArray.fromJson(options.toString()).add(focused);
        }

        DataObject commandData(DataArray leafOptions) {
            DataArray top = leafOptions;
            if (subcommand != null) {
                top = DataArray.empty().add(DataObject.empty().put("name", subcommand).put("type", 1)
                        .put("options", leafOptions));
                if (group != null) {
                    top = DataArray.empty().add(DataObject.empty().put("name", group).put("type", 2)
                            .put("options", top));
                }
            }
            DataObject data = DataObject.empty()
                    .put("id", commandId(name))
                    .put("name", name)
                    .put("type", 1)
                    .put("options", top);
            if (!resolvedChannels.isEmpty() && guild() != null) {
                DataObject channels = DataObject.empty();
                for (FakeChannel channel : resolvedChannels) {
                    channels.put(channel.id(), Payloads.textChannel(guild(), channel, guild().channels().indexOf(channel))
                            .put("permissions", guild().everyonePermissions()));
                }
                data.put("resolved", DataObject.empty().put("channels", channels));
            }
            if (!resolvedRoles.isEmpty() || !otherRoles.isEmpty()) {
                DataObject roles = DataObject.empty();
                resolvedRoles.forEach(server -> roles.put(server.id(), Payloads.everyoneRole(server)));
                otherRoles.forEach(roles::put);
                DataObject resolved = data.optObject("resolved").orElseGet(DataObject::empty);
                data.put("resolved", resolved.put("roles", roles));
            }
            if (!resolvedAttachments.isEmpty()) {
                DataObject attachments = DataObject.empty();
                for (FakeAttachment file : resolvedAttachments) {
                    attachments.put(file.id(), DataObject.empty().put("id", file.id()).put("filename", file.filename())
                            .put("size", file.size()).put("url", file.url()).put("proxy_url", file.url())
                            .put("content_type", "application/json"));
                }
                DataObject resolved = data.optObject("resolved").orElseGet(DataObject::empty);
                data.put("resolved", resolved.put("attachments", attachments));
            }
            return data;
        }

        String commandPath() {
            return "/" + name + (group == null ? "" : " " + group) + (subcommand == null ? "" : " " + subcommand);
        }

        DataArray options() {
            return options;
        }

        /**
         * The id the bot registered for this command (in this guild, else globally), so ids match what the bot saw
         * at registration.
         */
        String commandId(String commandName) {
            if (guild() != null) {
                String id = findId(fake().registeredGuildCommands(guild().id()), commandName);
                if (id != null) {
                    return id;
                }
            }
            String id = findId(fake().registeredCommands(), commandName);
            return id != null ? id : fake().ids.next();
        }

        private static String findId(DataArray registered, String commandName) {
            for (int i = 0; i < registered.length(); i++) {
                DataObject command = registered.getObject(i);
                if (command.getString("name").equals(commandName)) {
                    return command.getString("id");
                }
            }
            return null;
        }
    }

    /** A slash command ({@code type 2}, {@code data.type 1}). */
    public static final class SlashCommand extends CommandOptions<SlashCommand> {
        SlashCommand(FakeDiscord fake, String name) {
            super(fake, name);
        }

        @Override
        SlashCommand self() {
            return this;
        }

        @Override
        int type() {
            return 2;
        }

        @Override
        DataObject data() {
            return commandData(options());
        }

        @Override
        String description() {
            return "slash command " + commandPath();
        }

        @Override
        int replyMessageType() {
            return 20;
        }
    }

    /** Autocomplete while typing an option ({@code type 4}): the focused option carries {@code focused:true}. */
    public static final class Autocomplete extends CommandOptions<Autocomplete> {
        private DataObject focused;

        Autocomplete(FakeDiscord fake, String name) {
            super(fake, name);
        }

        /** The option being typed and what the user has typed so far. */
        public Autocomplete focused(String name, String partialValue) {
            focused = DataObject.empty().put("name", name).put("type", 3).put("value", partialValue)
                    .put("focused", true);
            return this;
        }

        @Override
        Autocomplete self() {
            return this;
        }

        @Override
        int type() {
            return 4;
        }

        @Override
        DataObject data() {
            if (focused == null) {
                throw new IllegalStateException("autocomplete needs a focused option");
            }
            return commandData(focusedOptions(focused));
        }

        @Override
        String description() {
            return "autocomplete " + commandPath() + " " + focused.getString("name");
        }
    }

    /**
     * A button click ({@code type 3}). The clicked message defaults to a bot message holding just this button;
     * use {@link #onMessage} to click a message the bot really sent (see {@link FakeDiscord#message}).
     */
    public static final class ButtonClick extends InteractionBuilder<ButtonClick> {
        private final String customId;
        private DataObject message;

        ButtonClick(FakeDiscord fake, String customId) {
            super(fake);
            this.customId = customId;
        }

        public ButtonClick onMessage(DataObject message) {
            this.message = message;
            return this;
        }

        @Override
        ButtonClick self() {
            return this;
        }

        @Override
        int type() {
            return 3;
        }

        @Override
        DataObject data() {
            return DataObject.empty().put("custom_id", customId).put("component_type", 2);
        }

        @Override
        String description() {
            return "button " + customId;
        }

        @Override
        DataObject message(FakeDiscord fake, String channelId, String guildId) {
            if (message != null) {
                return message;
            }
            DataObject button = DataObject.empty().put("type", 2).put("id", 2).put("style", 1)
                    .put("label", "Button").put("custom_id", customId);
            DataObject row = DataObject.empty().put("type", 1).put("id", 1)
                    .put("components", DataArray.empty().add(button));
            // "type" must be present, or JDA treats the message as ephemeral and getMessage() is null.
            return Payloads.message(fake.ids.next(), 0, channelId, guildId, Payloads.user(fake.bot(), true), null,
                    DataObject.empty().put("components", DataArray.empty().add(row)), fake.ids, fake.restBaseUrl());
        }
    }

    /** A message context menu command ({@code type 2}, {@code data.type 3}) on a message by some user. */
    public static final class MessageCommand extends InteractionBuilder<MessageCommand> {
        private final String name;
        private FakeUser author;
        private String content = "";
        private DataObject body;
        private final DataArray embeds = DataArray.empty();
        private final String targetId;
        private DataObject forwarded;
        private DataObject poll;

        MessageCommand(FakeDiscord fake, String name) {
            super(fake);
            this.name = name;
            this.author = user();
            this.targetId = fake.ids.next();
        }

        /** The id of the message the command is used on, so a test can check links the bot builds from it. */
        public String targetId() {
            return targetId;
        }

        /** The message the command is used on. */
        public MessageCommand target(FakeUser author, String content) {
            this.author = author;
            this.content = content;
            return this;
        }

        /**
         * A message the bot (or another app) posted, as the fake stored it: its content, its components (buttons, or a
         * layout's text displays) and whether it is a layout message.
         */
        public MessageCommand target(FakeUser author, DataObject posted) {
            this.author = author;
            this.content = posted.getString("content", "");
            this.body = DataObject.empty().put("content", content);
            if (posted.hasKey("components")) {
                body.put("components", posted.getArray("components"));
            }
            // A layout message (Components V2) says so in its flags.
            body.put("flags", posted.getInt("flags", 0) & Payloads.MESSAGE_FLAG_COMPONENTS_V2);
            return this;
        }

        /**
         * Adds an embed to the message, as Discord sends a link's preview ({@code type} "article") or a bot's card
         * ("rich"); a {@code null} title or description is left out.
         */
        public MessageCommand embed(String type, String title, String description) {
            DataObject embed = DataObject.empty().put("type", type);
            if (title != null) {
                embed.put("title", title);
            }
            if (description != null) {
                embed.put("description", description);
            }
            embeds.add(embed);
            return this;
        }

        /**
         * Makes the message a forward of another (Discord's message forwarding): no content of its own, a
         * {@code message_reference} of type 1 (FORWARD), and the forwarded message's text and embeds (each {title,
         * description} pair as {@link #embed} takes it, nulls left out) in {@code message_snapshots[0].message}, with the
         * fields Discord documents for a snapshot.
         */
        public MessageCommand forwardOf(String forwardedContent, String... embedTitleAndDescription) {
            this.content = "";
            DataArray forwardedEmbeds = DataArray.empty();
            for (int i = 0; i + 1 < embedTitleAndDescription.length; i += 2) {
                DataObject embed = DataObject.empty().put("type", "article");
                if (embedTitleAndDescription[i] != null) {
                    embed.put("title", embedTitleAndDescription[i]);
                }
                if (embedTitleAndDescription[i + 1] != null) {
                    embed.put("description", embedTitleAndDescription[i + 1]);
                }
                forwardedEmbeds.add(embed);
            }
            this.forwarded = DataObject.empty()
                    .put("type", 0)
                    .put("content", forwardedContent)
                    .put("embeds", forwardedEmbeds)
                    .put("attachments", DataArray.empty())
                    .put("timestamp", Payloads.now())
                    .putNull("edited_timestamp")
                    .put("flags", 0)
                    .put("mentions", DataArray.empty())
                    .put("mention_roles", DataArray.empty())
                    .put("sticker_items", DataArray.empty())
                    .put("components", DataArray.empty());
            return this;
        }

        /** Makes the message a poll (no content: the question is its text), in the create body's shape. */
        public MessageCommand poll(String question, String... answers) {
            this.content = "";
            DataArray pollAnswers = DataArray.empty();
            for (String answer : answers) {
                pollAnswers.add(DataObject.empty().put("poll_media", DataObject.empty().put("text", answer)));
            }
            this.poll = DataObject.empty().put("question", DataObject.empty().put("text", question))
                    .put("answers", pollAnswers).put("duration", 24).put("allow_multiselect", false);
            return this;
        }

        @Override
        MessageCommand self() {
            return this;
        }

        @Override
        int type() {
            return 2;
        }

        @Override
        DataObject data() {
            String channelId = channelId() == null ? fake().dmChannelFor(user()) : channelId();
            DataObject message = body != null ? body : DataObject.empty().put("content", content);
            if (!embeds.isEmpty()) {
                message.put("embeds", embeds);
            }
            if (poll != null) {
                message.put("poll", poll);
            }
            DataObject target = Payloads.message(targetId, 0, channelId, guild() == null ? null : guild().id(),
                    Payloads.user(author, false), null, message, fake().ids, fake().restBaseUrl());
            if (forwarded != null) {
                // The forwarded message lives elsewhere; the reference names it, the snapshot carries what it said.
                DataObject reference = DataObject.empty().put("type", 1).put("message_id", fake().ids.next())
                        .put("channel_id", channelId);
                if (guild() != null) {
                    reference.put("guild_id", guild().id());
                }
                target.put("message_reference", reference)
                        .put("message_snapshots", DataArray.empty().add(DataObject.empty().put("message", forwarded)));
            }
            return DataObject.empty()
                    .put("id", fake().ids.next())
                    .put("name", name)
                    .put("type", 3)
                    .put("target_id", targetId)
                    .put("resolved", DataObject.empty().put("messages", DataObject.empty().put(targetId, target)));
        }

        @Override
        String description() {
            return "message command " + name;
        }

        @Override
        int replyMessageType() {
            return 23;
        }
    }

    /** A modal submission ({@code type 5}); each text input is wrapped in a Label (18), the JDA 6 shape. */
    public static final class ModalSubmit extends InteractionBuilder<ModalSubmit> {
        private final String customId;
        private final DataArray components = DataArray.empty();
        private int nextComponentId = 1;

        ModalSubmit(FakeDiscord fake, String customId) {
            super(fake);
            this.customId = customId;
        }

        public ModalSubmit textInput(String customId, String value) {
            // JDA requires the numeric component id on the input.
            DataObject input = DataObject.empty().put("type", 4).put("id", nextComponentId + 1)
                    .put("custom_id", customId).put("value", value);
            components.add(DataObject.empty().put("type", 18).put("id", nextComponentId).put("component", input));
            nextComponentId += 2;
            return this;
        }

        @Override
        ModalSubmit self() {
            return this;
        }

        @Override
        int type() {
            return 5;
        }

        @Override
        DataObject data() {
            return DataObject.empty().put("custom_id", customId).put("components", components);
        }

        @Override
        String description() {
            return "modal submit " + customId;
        }
    }
}
