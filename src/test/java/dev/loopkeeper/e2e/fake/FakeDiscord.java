package dev.loopkeeper.e2e.fake;

import dev.loopkeeper.e2e.WireAssertions;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A local Discord for end-to-end tests: a REST API and a gateway on loopback ephemeral ports that the unmodified
 * JDA talks to (see DISCORD-WIRE.md). Tests configure a small world, dispatch interactions, inject faults and
 * wait for what the bot sends back. Shut JDA down before closing the fake, or JDA keeps reconnecting.
 */
public final class FakeDiscord implements AutoCloseable {

    public static final FakeUser DEFAULT_BOT = new FakeUser("1000000000000000001", "loopkeeper");
    public static final FakeUser ADA = new FakeUser("1000000000000000300", "ada");
    public static final FakeChannel GENERAL = new FakeChannel("1000000000000000200", "general");
    public static final FakeGuild DEFAULT_GUILD = FakeGuild.of("1000000000000000100", "GUILD", GENERAL, ADA);
    /**
     * A second server for sharded worlds: one step of {@code 1 << 22} past the default one, so it is on shard 0 of 2
     * while the default server is on shard 1.
     */
    public static final FakeGuild GUILD_ON_SHARD_ZERO = FakeGuild.of("1000000000004194404", "ZERO",
            new FakeChannel("1000000000000000201", "zero-general"), ADA);
    /** Used by the wait methods that take no timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    enum GatewayEvent { READY, RESUMED }

    /**
     * Unique snowflakes that encode the current time, as Discord's do (JDA reads an interaction's creation time from its
     * id, and the bot how long it waited): each is the later of the previous one plus one and now's first.
     */
    static final class Ids {
        private static final long DISCORD_EPOCH_MILLIS = 1420070400000L;
        /** The low bits of {@link #earlier} ids: kept apart from those of now's, which count up from zero. */
        private static final long EARLIER = 1L << 21;
        private final AtomicLong next = new AtomicLong();
        private final AtomicLong earlier = new AtomicLong();

        String next() {
            long now = (System.currentTimeMillis() - DISCORD_EPOCH_MILLIS) << 22;
            return Long.toString(next.updateAndGet(previous -> Math.max(previous + 1, now)));
        }

        /** A unique snowflake of a time {@code ago} in the past: an interaction that waited before it was sent. */
        String earlier(Duration ago) {
            return at(java.time.Instant.ofEpochMilli(System.currentTimeMillis() - ago.toMillis()));
        }

        /** A unique snowflake of a given time: a message a test places in a channel's past (or future). */
        String at(java.time.Instant time) {
            long then = (time.toEpochMilli() - DISCORD_EPOCH_MILLIS) << 22;
            return Long.toString(then | EARLIER | (earlier.incrementAndGet() & (EARLIER - 1)));
        }
    }

    /** What the fake remembers about a dispatched interaction, to route and check the bot's answers. */
    static final class InteractionState {
        final InteractionHandle handle;
        final String channelId;
        final String guildId;
        final int replyMessageType;
        boolean acknowledged;
        String originalMessageId;

        InteractionState(InteractionHandle handle, String channelId, String guildId, int replyMessageType,
                         String originalMessageId) {
            this.handle = handle;
            this.channelId = channelId;
            this.guildId = guildId;
            this.replyMessageType = replyMessageType;
            this.originalMessageId = originalMessageId;
        }
    }

    private record FaultRule(String method, Pattern path, Fault fault, AtomicInteger remaining) {
    }

    /** Configures the world before the fake starts; by default one guild "GUILD" with #general and "ada". */
    public static final class Builder {
        private FakeUser bot = DEFAULT_BOT;
        private final List<FakeGuild> guilds = new ArrayList<>();
        private int shards = 1;
        private int maxConcurrency = 16;
        private boolean privilegedIntents = true;

        private Builder() {
        }

        /**
         * The application's Developer Portal has every privileged intent switched off (Server Members, Presence,
         * Message Content): an IDENTIFY that asks for one is closed with 4014 (disallowed intents), as Discord does. By
         * default they are all on.
         */
        public Builder withoutPrivilegedIntents() {
            this.privilegedIntents = false;
            return this;
        }

        /** The bot user; its id is also the application id. */
        public Builder bot(FakeUser bot) {
            this.bot = bot;
            return this;
        }

        /** Adds a guild; the first call replaces the default guild. */
        public Builder guild(FakeGuild guild) {
            guilds.add(guild);
            return this;
        }

        /** The shard count {@code GET /gateway/bot} recommends (JDA's ShardManager uses it when given no total). */
        public Builder recommendedShards(int shards) {
            this.shards = shards;
            return this;
        }

        /**
         * {@code session_start_limit.max_concurrency} of {@code GET /gateway/bot}: how many shards may identify at once
         * (JDA's ShardManager spaces the rest 5 s apart). 16, a large bot's value, by default, so tests start shards at
         * once; Discord gives most bots 1.
         */
        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        public FakeDiscord start() {
            return new FakeDiscord(bot, guilds.isEmpty() ? List.of(DEFAULT_GUILD) : List.copyOf(guilds), shards,
                    maxConcurrency, privilegedIntents);
        }
    }

    final Ids ids = new Ids();
    private final FakeUser bot;
    private volatile List<FakeGuild> guilds;
    /** Servers in an outage: still the bot's, but READY is followed by GUILD_DELETE (unavailable) for them. */
    private final Set<String> unavailableGuilds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final int recommendedShards;
    final int maxConcurrency;
    /** Whether the portal allows the privileged intents; without, an IDENTIFY asking for one is closed with 4014. */
    final boolean privilegedIntents;
    private final FakeGateway gateway;
    private final java.util.concurrent.atomic.AtomicLong messageIds = new java.util.concurrent.atomic.AtomicLong();
    private final FakeRest rest;

    // Guarded by lock, which is also notified on every change the wait methods look at.
    // Never call into the gateway while holding it: the gateway calls back into this class under its own lock.
    final Object lock = new Object();
    // Declared after lock: the capture notifies it from whichever thread logs.
    private final LogCapture logs = new LogCapture(this::logged);
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<InteractionHandle> dispatched = new ArrayList<>();
    private int acceptedCallbacks;
    private final List<FaultRule> faults = new ArrayList<>();
    private final List<Stall> stalls = new ArrayList<>();
    private int readyCount;
    private int resumedCount;
    private int resumedCountAtDrop;
    private int resumesAwaited = 1;
    final Map<String, InteractionState> interactionsById = new HashMap<>();
    final Map<String, InteractionState> interactionsByToken = new HashMap<>();
    /** In the order they were stored, so "the newest in a channel" is well defined. */
    final Map<String, DataObject> messages = new java.util.LinkedHashMap<>();
    /** The message each enforced nonce created (Discord keeps them a few minutes; the fake for its whole life). */
    final Map<String, String> messageByNonce = new HashMap<>();
    private final Map<String, byte[]> files = new HashMap<>();
    private final Map<String, String> dmChannelByUser = new HashMap<>();
    private final Map<String, FakeUser> userByDmChannel = new HashMap<>();
    final Set<String> dmBlockedUsers = new HashSet<>();
    private DataArray globalCommands = DataArray.empty();
    private final Map<String, DataArray> guildCommands = new HashMap<>();
    /** The threads started with {@link #createThread}, by id. */
    private final Map<String, FakeThread> threads = new java.util.concurrent.ConcurrentHashMap<>();

    private FakeDiscord(FakeUser bot, List<FakeGuild> guilds, int recommendedShards, int maxConcurrency,
                        boolean privilegedIntents) {
        this.bot = bot;
        this.guilds = guilds;
        this.recommendedShards = recommendedShards;
        this.maxConcurrency = maxConcurrency;
        this.privilegedIntents = privilegedIntents;
        this.rest = new FakeRest(this);
        this.gateway = new FakeGateway(this);
        gateway.startAndWait();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a fake with the default world. */
    public static FakeDiscord start() {
        return builder().start();
    }

    // ---- addresses and world ----

    /** The value for {@code RestConfig#setBaseUrl}, e.g. {@code http://127.0.0.1:P/api/v10/}. */
    public String restBaseUrl() {
        return rest.baseUrl();
    }

    /** The value for {@code SessionController#getGateway}, e.g. {@code ws://127.0.0.1:Q}. */
    public String gatewayUrl() {
        return "ws://127.0.0.1:" + gateway.getPort();
    }

    public FakeUser bot() {
        return bot;
    }

    /** The bot's application id, which equals its user id. */
    public String applicationId() {
        return bot.id();
    }

    public List<FakeGuild> guilds() {
        return guilds;
    }

    public FakeGuild guild(String guildId) {
        return guilds.stream().filter(g -> g.id().equals(guildId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no guild " + guildId));
    }

    /** Changes the bot's @everyone permissions in a running session (GUILD_ROLE_UPDATE). */
    public void setEveryonePermissions(String guildId, String permissions) {
        FakeGuild updated = guild(guildId).withEveryonePermissions(permissions);
        guilds = guilds.stream().map(g -> g.id().equals(guildId) ? updated : g).collect(Collectors.toUnmodifiableList());
        gateway.dispatch(guildId, "GUILD_ROLE_UPDATE", DataObject.empty()
                .put("guild_id", guildId)
                .put("role", Payloads.everyoneRole(updated)));
    }

    /**
     * Deletes a channel of a server, as a moderator would: it leaves the world (posting there answers 404 / 10003 Unknown
     * Channel), and a session of its shard gets CHANNEL_DELETE.
     */
    public void deleteChannel(String guildId, String channelId) {
        FakeGuild guild = guild(guildId);
        FakeChannel channel = guild.channels().stream().filter(c -> c.id().equals(channelId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no channel " + channelId + " in " + guildId));
        int position = guild.channels().indexOf(channel);
        FakeGuild updated = guild.withoutChannel(channelId);
        guilds = guilds.stream().map(g -> g.id().equals(guildId) ? updated : g).collect(Collectors.toUnmodifiableList());
        gateway.dispatch(guildId, "CHANNEL_DELETE", Payloads.textChannel(guild, channel, position));
    }

    /**
     * Creates a role in a server in a running session (GUILD_ROLE_CREATE), so that JDA knows it when a command names it
     * ({@link InteractionBuilder.CommandOptions#optionRole}). Only the session holds it: a new READY forgets it.
     */
    public void createRole(String guildId, String roleId, String name) {
        guild(guildId);
        gateway.dispatch(guildId, "GUILD_ROLE_CREATE", DataObject.empty().put("guild_id", guildId)
                .put("role", Payloads.role(roleId, name)));
    }

    /** Deletes a role of a server, as a moderator would (GUILD_ROLE_DELETE). */
    public void deleteRole(String guildId, String roleId) {
        guild(guildId);
        gateway.dispatch(guildId, "GUILD_ROLE_DELETE", DataObject.empty().put("guild_id", guildId)
                .put("role_id", roleId));
    }

    /** Renames a server in a running session, as its owner would in its settings (GUILD_UPDATE). */
    public void renameGuild(String guildId, String name) {
        FakeGuild updated = guild(guildId).withName(name);
        guilds = guilds.stream().map(g -> g.id().equals(guildId) ? updated : g).collect(Collectors.toUnmodifiableList());
        gateway.dispatch(guildId, "GUILD_UPDATE", Payloads.guildUpdate(updated));
    }

    /**
     * Removes the bot from a server (kicked, or the server deleted): it leaves the world. A session of its shard gets
     * GUILD_DELETE without {@code unavailable}, as Discord sends it; a stopped bot gets nothing (nor does a later
     * IDENTIFY replay it), so it learns only from its next READY, which no longer lists the server.
     */
    public void removeGuild(String guildId) {
        guild(guildId);
        guilds = guilds.stream().filter(g -> !g.id().equals(guildId)).collect(Collectors.toUnmodifiableList());
        unavailableGuilds.remove(guildId);
        gateway.dispatchIfHeld(guildId, "GUILD_DELETE", DataObject.empty().put("id", guildId));
    }

    /**
     * Adds the bot to a server (again, after {@link #removeGuild}): it joins the world, and a session of its shard gets
     * the server's GUILD_CREATE, which JDA reads as a join.
     */
    public void addGuild(FakeGuild guild) {
        if (guilds.stream().anyMatch(g -> g.id().equals(guild.id()))) {
            throw new IllegalArgumentException("the bot is in " + guild.id() + " already");
        }
        List<FakeGuild> more = new ArrayList<>(guilds);
        more.add(guild);
        guilds = List.copyOf(more);
        gateway.dispatchIfHeld(guild.id(), "GUILD_CREATE", Payloads.guildCreate(guild, bot, activeThreads(guild.id())));
    }

    /**
     * Puts a server in an outage ({@code available} false) or ends it. While it lasts the bot is still in the server:
     * READY lists it and GUILD_DELETE with {@code unavailable: true} follows instead of its GUILD_CREATE, as Discord does
     * for a server in an outage at connect. A session of its shard gets GUILD_DELETE ({@code unavailable: true}) when
     * the outage starts and GUILD_CREATE when it ends.
     */
    public void setGuildAvailable(String guildId, boolean available) {
        FakeGuild guild = guild(guildId);
        boolean changed = available ? unavailableGuilds.remove(guildId) : unavailableGuilds.add(guildId);
        if (changed) {
            gateway.dispatchIfHeld(guildId, available ? "GUILD_CREATE" : "GUILD_DELETE", available
                    ? Payloads.guildCreate(guild, bot, activeThreads(guildId)) : DataObject.empty().put("id", guildId).put("unavailable", true));
        }
    }

    /** Whether the server is in an outage ({@link #setGuildAvailable}). */
    public boolean isGuildAvailable(String guildId) {
        return !unavailableGuilds.contains(guildId);
    }

    /** The commands the bot last registered globally (PUT/POST applications/{app}/commands). */
    public DataArray registeredCommands() {
        synchronized (lock) {
            return DataArray.fromJson(globalCommands.toString());
        }
    }

    /** The commands the bot last registered in one guild. */
    public DataArray registeredGuildCommands(String guildId) {
        synchronized (lock) {
            return DataArray.fromJson(guildCommands.getOrDefault(guildId, DataArray.empty()).toString());
        }
    }

    /** The current state of a message the fake stored (sent by the bot, or the message of a button click). */
    public DataObject message(String messageId) {
        synchronized (lock) {
            DataObject message = messages.get(messageId);
            if (message == null) {
                throw new IllegalArgumentException("no message " + messageId);
            }
            return DataObject.fromJson(message.toString());
        }
    }

    /** The newest message stored in a channel (a DM or channel message the bot sent), if any. */
    public Optional<DataObject> lastMessageIn(String channelId) {
        synchronized (lock) {
            DataObject last = null;
            for (DataObject message : messages.values()) {
                if (channelId.equals(message.getString("channel_id", null))) {
                    last = message;
                }
            }
            return Optional.ofNullable(last).map(m -> DataObject.fromJson(m.toString()));
        }
    }

    /**
     * Every message stored in a channel, oldest first: the bot's channel posts and interaction replies alike (which of
     * two sent at once is stored first is up to the network, so look a message up by what it holds).
     */
    public List<DataObject> messagesIn(String channelId) {
        synchronized (lock) {
            return messages.values().stream().filter(m -> channelId.equals(m.getString("channel_id", null)))
                    .map(m -> DataObject.fromJson(m.toString())).collect(Collectors.toList());
        }
    }

    /** The current state of an interaction's original response (for a component click: the clicked message). */
    public DataObject originalMessage(InteractionHandle interaction) {
        String messageId;
        synchronized (lock) {
            InteractionState state = interactionsById.get(interaction.id());
            messageId = state == null ? null : state.originalMessageId;
        }
        if (messageId == null) {
            throw new IllegalStateException(interaction.description() + " has no original message yet");
        }
        return message(messageId);
    }

    /** Like {@link #originalMessage} but empty when there is none (autocomplete, modal, unanswered, deleted). */
    public Optional<DataObject> findOriginalMessage(InteractionHandle interaction) {
        synchronized (lock) {
            InteractionState state = interactionsById.get(interaction.id());
            DataObject message = state == null || state.originalMessageId == null ? null
                    : messages.get(state.originalMessageId);
            return Optional.ofNullable(message).map(m -> DataObject.fromJson(m.toString()));
        }
    }

    /** The id of the DM channel between the bot and {@code user} (created on first use, stable afterwards). */
    /** A file the bot uploaded (by its attachment id in the message), as a test would download it. */
    public Optional<byte[]> file(String attachmentId) {
        synchronized (lock) {
            return Optional.ofNullable(files.get(attachmentId));
        }
    }

    void keepFile(String attachmentId, byte[] bytes) {
        synchronized (lock) {
            files.put(attachmentId, bytes);
        }
    }

    /**
     * A file a person attaches to a command option: the fake serves it at the attachment's URL, where JDA downloads
     * it, and {@link InteractionBuilder.CommandOptions#option(String, FakeAttachment)} puts it in the interaction.
     */
    public FakeAttachment offerFile(String filename, byte[] bytes) {
        String id = ids.next();
        keepFile(id, bytes);
        return new FakeAttachment(id, filename, bytes.length, restBaseUrl() + "attachments/" + id + "/" + filename);
    }

    public String directMessageChannelId(FakeUser user) {
        return dmChannelFor(user);
    }

    // ---- interactions ----

    /** A slash command ({@code type 2}, {@code data.type 1}) named {@code name}. */
    public InteractionBuilder.SlashCommand slashCommand(String name) {
        return new InteractionBuilder.SlashCommand(this, name);
    }

    /** Autocomplete for an option of the slash command {@code name} ({@code type 4}). */
    public InteractionBuilder.Autocomplete autocomplete(String name) {
        return new InteractionBuilder.Autocomplete(this, name);
    }

    /** A click on the button {@code customId} ({@code type 3}, {@code component_type 2}). */
    public InteractionBuilder.ButtonClick buttonClick(String customId) {
        return new InteractionBuilder.ButtonClick(this, customId);
    }

    /** A message context menu command ({@code type 2}, {@code data.type 3}) named {@code name}. */
    public InteractionBuilder.MessageCommand messageCommand(String name) {
        return new InteractionBuilder.MessageCommand(this, name);
    }

    /** The submission of the modal {@code customId} ({@code type 5}). */
    public InteractionBuilder.ModalSubmit modalSubmit(String customId) {
        return new InteractionBuilder.ModalSubmit(this, customId);
    }

    InteractionHandle dispatchInteraction(InteractionBuilder<?> spec) {
        String id = spec.createdAgo().isZero() ? ids.next() : ids.earlier(spec.createdAgo());
        String token = "fake-interaction-token-" + id;
        DataObject payload = DataObject.empty()
                .put("id", id)
                .put("application_id", applicationId())
                .put("type", spec.type())
                .put("token", token)
                .put("version", 1)
                .put("locale", "en-US")
                .put("entitlements", DataArray.empty())
                .put("data", spec.data());
        String channelId;
        String guildId;
        if (spec.guild() == null) {
            channelId = dmChannelFor(spec.user());
            guildId = null;
            payload.put("context", 1)
                    .put("authorizing_integration_owners", DataObject.empty())
                    .put("channel_id", channelId)
                    // Without the bot as recipient JDA builds a detached channel and logs a WARN.
                    .put("channel", Payloads.dmChannel(channelId, bot))
                    .put("user", Payloads.user(spec.user(), false))
                    .put("app_permissions", FakeGuild.DEFAULT_PERMISSIONS);
        } else {
            FakeGuild guild = spec.guild();
            channelId = spec.channelId();
            guildId = guild.id();
            FakeThread thread = thread(channelId);
            FakeChannel channel = thread != null ? null : guild.channels().stream()
                    .filter(c -> c.id().equals(channelId)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no channel " + channelId + " in " + guild.id()));
            payload.put("context", 0)
                    .put("authorizing_integration_owners", DataObject.empty().put("0", guild.id()))
                    .put("guild_id", guild.id())
                    // JDA needs the guild object; with only guild_id it takes the DM path and fails.
                    .put("guild", DataObject.empty().put("id", guild.id()).put("locale", "en-US")
                            .put("features", DataArray.empty()))
                    .put("guild_locale", "en-US")
                    .put("channel_id", channelId)
                    // With the member's permissions there, as Discord sends them: JDA reads them when the bot is no
                    // member of the server (the app added with its commands only).
                    .put("channel", (thread != null ? thread.payload()
                            : Payloads.textChannel(guild, channel, guild.channels().indexOf(channel)))
                            .put("permissions", guild.everyonePermissions()))
                    .put("member", Payloads.member(spec.user(), false, guild.everyonePermissions()))
                    .put("app_permissions", guild.everyonePermissions());
        }
        String originalMessageId = null;
        DataObject message = spec.message(this, channelId, guildId);
        if (message != null) {
            payload.put("message", message);
            // For component interactions "@original" is the message the component sits on.
            originalMessageId = message.getString("id");
        }
        InteractionHandle handle = new InteractionHandle(id, token, spec.description(), System.nanoTime());
        InteractionState state = new InteractionState(handle, channelId, guildId, spec.replyMessageType(),
                originalMessageId);
        synchronized (lock) {
            if (message != null) {
                messages.putIfAbsent(originalMessageId, message);
            }
            interactionsById.put(id, state);
            interactionsByToken.put(token, state);
            dispatched.add(handle);
        }
        gateway.dispatch(guildId, "INTERACTION_CREATE", payload);
        return handle;
    }

    // ---- gateway control ----

    /** Waits until a client has identified and READY plus every GUILD_CREATE has been sent. */
    public void awaitReady(Duration timeout) {
        awaitReady(1, timeout);
    }

    /** Waits until {@code sessions} sessions (a sharded bot's shards) have identified and got their READY. */
    public void awaitReady(int sessions, Duration timeout) {
        await(() -> readyCount >= sessions ? Boolean.TRUE : null, timeout, sessions + " gateway READY");
    }

    /** Drops every session's socket with resumable close code 4000, as Discord does when it restarts a node. */
    public void dropConnection() {
        synchronized (lock) {
            resumedCountAtDrop = resumedCount;
        }
        int dropped = gateway.drop();
        synchronized (lock) {
            resumesAwaited = dropped;
        }
    }

    /** Waits until every dropped session has resumed (RESUMED sent) since the last {@link #dropConnection()}. */
    public void awaitResumed(Duration timeout) {
        await(() -> resumedCount >= resumedCountAtDrop + resumesAwaited ? Boolean.TRUE : null, timeout,
                resumesAwaited + " gateway RESUMED");
    }

    /** The shard the bot's last IDENTIFY named, {@code [id, total]}; null when it did not shard. */
    public int[] identifiedShard() {
        return gateway.identifiedShard();
    }

    /** The shards of the gateway sessions open now ({@code [id, total]}, by id); an unsharded bot's is {@code [0, 1]}. */
    public List<int[]> sessionShards() {
        return gateway.sessionShards();
    }

    /** Discord's rule: the shard whose session receives a server's events, {@code (id >> 22) % total}. */
    public static int shardOf(String guildId, int total) {
        return FakeGateway.shardOf(guildId, total);
    }

    /** The gateway intents the bot last identified with (-1 before it did). */
    public long identifiedIntents() {
        return gateway.identifiedIntents();
    }

    /**
     * Sends a MESSAGE_CREATE as Discord does when {@code author} writes {@code content} in a guild channel; the bot
     * sees it only if it asked for guild messages (and reads its text only with Message Content). Returns the
     * message's id, for {@link #editUserMessage} and {@link #deleteUserMessage}.
     */
    public String userMessage(FakeUser author, String guildId, String channelId, String content) {
        String id = Long.toString(2_000_000_000_000_000_000L + messageIds.incrementAndGet());
        gateway.dispatch(guildId, "MESSAGE_CREATE", userMessagePayload(id, author, guildId, channelId, content));
        return id;
    }

    /** Sends the MESSAGE_UPDATE Discord sends when {@code author} edits their message {@code id} to {@code content}. */
    public void editUserMessage(FakeUser author, String guildId, String channelId, String id, String content) {
        gateway.dispatch(guildId, "MESSAGE_UPDATE", userMessagePayload(id, author, guildId, channelId, content)
                .put("edited_timestamp", Payloads.now()));
    }

    /** Sends the MESSAGE_DELETE Discord sends when a person's message {@code id} is deleted: the ids only. */
    public void deleteUserMessage(String guildId, String channelId, String id) {
        gateway.dispatch(guildId, "MESSAGE_DELETE", DataObject.empty().put("id", id).put("channel_id", channelId)
                .put("guild_id", guildId));
    }

    /**
     * Sends the MESSAGE_CREATE of the notice Discord posts in a channel when {@code author} starts a thread there from
     * the channel's thread button (type 18, THREAD_CREATED): its author is that person and its content the thread's
     * name. Returns the notice's id.
     */
    public String threadCreatedNotice(FakeUser author, String guildId, String channelId, String threadName) {
        String id = Long.toString(2_000_000_000_000_000_000L + messageIds.incrementAndGet());
        gateway.dispatch(guildId, "MESSAGE_CREATE", userMessagePayload(id, author, guildId, channelId, threadName)
                .put("type", 18));
        return id;
    }

    /**
     * Sends the THREAD_CREATE Discord sends when {@code owner} starts a public thread (type 11) named {@code name} in the
     * guild channel {@code parentId}: newly created, so JDA fires a ChannelCreateEvent. Returns the thread's id, for
     * {@link #renameThread} and {@link #deleteThread}.
     */
    public String createThread(FakeUser owner, String guildId, String parentId, String name) {
        String id = Long.toString(2_000_000_000_000_000_000L + messageIds.incrementAndGet());
        FakeThread thread = new FakeThread(id, guildId, parentId, owner.id(), name, Payloads.now());
        threads.put(id, thread);
        gateway.dispatch(guildId, "THREAD_CREATE", thread.payload().put("newly_created", true));
        return id;
    }

    /** Sends the THREAD_UPDATE Discord sends when a thread {@link #createThread} started is renamed: the whole thread. */
    public void renameThread(FakeUser owner, String guildId, String parentId, String threadId, String name) {
        FakeThread thread = threads.get(threadId);
        thread.name = name;
        gateway.dispatch(guildId, "THREAD_UPDATE", thread.payload());
    }

    /** Sends the THREAD_DELETE Discord sends when a thread is deleted: its id, server, parent and type only. */
    public void deleteThread(String guildId, String parentId, String threadId) {
        threads.remove(threadId);
        gateway.dispatch(guildId, "THREAD_DELETE", DataObject.empty().put("id", threadId).put("guild_id", guildId)
                .put("parent_id", parentId).put("type", 11));
    }

    /**
     * Archives a thread {@link #createThread} started, as Discord does when it has been idle for its auto-archive
     * duration (or a moderator archives it; {@code locked}: and locks it, so only Manage Threads may open it again). A
     * connected bot hears THREAD_UPDATE with {@code archived} true ({@code botOnline}); a bot that connects later does
     * not find the thread in GUILD_CREATE, which lists active threads only, and finds it among the parent's archived
     * threads ({@code GET channels/{parent}/threads/archived/public}). A message sent in it unarchives it, unless it is
     * locked (403 / 50083).
     */
    public void archiveThread(String threadId, boolean locked, boolean botOnline) {
        FakeThread thread = threads.get(threadId);
        thread.archived = true;
        thread.locked = locked;
        thread.archivedAt = Payloads.now();
        if (botOnline) {
            gateway.dispatch(thread.guildId, "THREAD_UPDATE", thread.payload());
        }
    }

    /** Whether a thread is archived now (a message sent in it unarchives it). */
    public boolean threadArchived(String threadId) {
        return threads.get(threadId).archived;
    }

    /** A public thread in the fake's world (channel type 11): messages can be posted and read in it as in a channel. */
    static final class FakeThread {
        final String id;
        final String guildId;
        final String parentId;
        final String ownerId;
        final String created;
        volatile String name;
        volatile boolean archived;
        volatile boolean locked;
        volatile String archivedAt;

        FakeThread(String id, String guildId, String parentId, String ownerId, String name, String created) {
            this.id = id;
            this.guildId = guildId;
            this.parentId = parentId;
            this.ownerId = ownerId;
            this.name = name;
            this.created = created;
            this.archivedAt = created;
        }

        /** The thread as Discord sends it (THREAD_CREATE / _UPDATE, GUILD_CREATE's threads, the archived list). */
        DataObject payload() {
            return DataObject.empty()
                    .put("id", id).put("type", 11).put("guild_id", guildId).put("parent_id", parentId)
                    .put("owner_id", ownerId).put("name", name).put("flags", 0).put("rate_limit_per_user", 0)
                    .put("member_count", 1).put("message_count", 0).put("total_message_sent", 0)
                    .put("thread_metadata", DataObject.empty().put("archived", archived).put("locked", locked)
                            .put("auto_archive_duration", 1440).put("archive_timestamp", archivedAt)
                            .put("create_timestamp", created));
        }
    }

    /** The threads of a server that are not archived: what GUILD_CREATE lists. */
    DataArray activeThreads(String guildId) {
        DataArray active = DataArray.empty();
        threads.values().stream().filter(t -> t.guildId.equals(guildId) && !t.archived)
                .forEach(t -> active.add(t.payload()));
        return active;
    }

    /** Tells a connected bot a thread changed (THREAD_UPDATE); not to be called with {@link #lock} held. */
    void threadUpdated(FakeThread thread) {
        gateway.dispatchIfHeld(thread.guildId, "THREAD_UPDATE", thread.payload());
    }

    FakeThread thread(String channelId) {
        return channelId == null ? null : threads.get(channelId);
    }

    /** The archived threads of a channel, the most recently archived first, as Discord lists them. */
    List<FakeThread> archivedThreads(String parentId) {
        return threads.values().stream().filter(t -> t.parentId.equals(parentId) && t.archived)
                .sorted(java.util.Comparator.comparing((FakeThread t) -> t.archivedAt).reversed()).toList();
    }

    /** Sends the MESSAGE_DELETE_BULK Discord sends when a moderator purges people's messages {@code ids} at once. */
    public void purgeUserMessages(String guildId, String channelId, List<String> ids) {
        gateway.dispatch(guildId, "MESSAGE_DELETE_BULK", DataObject.empty().put("ids", DataArray.fromCollection(ids))
                .put("channel_id", channelId).put("guild_id", guildId));
    }

    private static DataObject userMessagePayload(String id, FakeUser author, String guildId, String channelId,
            String content) {
        return DataObject.empty()
                .put("id", id).put("type", 0).put("channel_id", channelId).put("guild_id", guildId)
                .put("author", DataObject.empty().put("id", author.id()).put("username", author.username())
                        .put("discriminator", "0"))
                .put("member", DataObject.empty().put("roles", DataArray.empty()).put("joined_at", "2026-01-01T00:00:00+00:00"))
                .put("content", content).put("timestamp", "2026-11-25T10:00:00+00:00")
                .put("tts", false).put("mention_everyone", false).put("pinned", false)
                .put("mentions", DataArray.empty()).put("mention_roles", DataArray.empty())
                .put("attachments", DataArray.empty()).put("embeds", DataArray.empty());
    }

    // ---- native polls ----

    /** GUILD_MESSAGES: MESSAGE_CREATE / MESSAGE_UPDATE in guild channels (the poll's end and its result message). */
    public static final long INTENT_GUILD_MESSAGES = 1L << 9;
    /** The privileged intents, which the Developer Portal must allow: Server Members, Presence, Message Content. */
    public static final long PRIVILEGED_INTENTS = 1L << 1 | 1L << 8 | 1L << 15;
    /** GUILD_MESSAGE_POLLS: MESSAGE_POLL_VOTE_ADD / _REMOVE, one per vote. */
    public static final long INTENT_GUILD_MESSAGE_POLLS = 1L << 24;

    /** Which user voted for which answer, per poll message (one answer each: Loopkeeper's polls are single-choice). */
    private final Map<String, Map<String, Integer>> pollVotes = new HashMap<>();

    /**
     * A member votes in a poll the bot posted, as in Discord's client: the tally changes, and Discord sends
     * MESSAGE_POLL_VOTE_ADD (after a _REMOVE for a changed vote) only to a bot that identified with GUILD_MESSAGE_POLLS.
     * Returns the dispatches sent (event names), so a test can see what the bot would have received.
     */
    public List<String> vote(FakeUser voter, String messageId, String answerText) {
        DataObject message;
        int answerId;
        Integer previous;
        synchronized (lock) {
            message = runningPoll(messageId);
            DataObject poll = message.getObject("poll");
            answerId = answerIdOf(poll, answerText);
            Map<String, Integer> votes = pollVotes.computeIfAbsent(messageId, k -> new HashMap<>());
            previous = votes.put(voter.id(), answerId);
            poll.put("results", results(votes, false));
        }
        List<String> sent = new ArrayList<>();
        if ((identifiedIntents() & INTENT_GUILD_MESSAGE_POLLS) != 0) {
            if (previous != null) {
                gateway.dispatch(message.getString("guild_id", null), "MESSAGE_POLL_VOTE_REMOVE", voteEvent(voter, message, previous));
                sent.add("MESSAGE_POLL_VOTE_REMOVE");
            }
            gateway.dispatch(message.getString("guild_id", null), "MESSAGE_POLL_VOTE_ADD", voteEvent(voter, message, answerId));
            sent.add("MESSAGE_POLL_VOTE_ADD");
        }
        return sent;
    }

    /**
     * A member takes their vote back, as in Discord's client ("Remove vote"): the tally drops it, and Discord sends
     * MESSAGE_POLL_VOTE_REMOVE only to a bot that identified with GUILD_MESSAGE_POLLS. Returns the dispatches sent.
     */
    public List<String> removeVote(FakeUser voter, String messageId) {
        DataObject message;
        Integer previous;
        synchronized (lock) {
            message = runningPoll(messageId);
            DataObject poll = message.getObject("poll");
            Map<String, Integer> votes = pollVotes.computeIfAbsent(messageId, k -> new HashMap<>());
            previous = votes.remove(voter.id());
            poll.put("results", results(votes, false));
        }
        if (previous == null || (identifiedIntents() & INTENT_GUILD_MESSAGE_POLLS) == 0) {
            return List.of();
        }
        gateway.dispatch(message.getString("guild_id", null), "MESSAGE_POLL_VOTE_REMOVE",
                voteEvent(voter, message, previous));
        return List.of("MESSAGE_POLL_VOTE_REMOVE");
    }

    /** The message of a poll that still takes votes (under {@link #lock}); a vote on any other is the test's mistake. */
    private DataObject runningPoll(String messageId) {
        DataObject message = messages.get(messageId);
        if (message == null || !message.hasKey("poll")) {
            throw new IllegalArgumentException("no poll in message " + messageId);
        }
        if (message.getObject("poll").getObject("results").getBoolean("is_finalized")) {
            throw new IllegalStateException("poll " + messageId + " has ended: its votes are final");
        }
        return message;
    }

    /**
     * Ends a poll and finalizes its count, as Discord does when its time runs out. With {@code botOnline}, Discord then
     * sends what a connected bot with GUILD_MESSAGES receives: MESSAGE_UPDATE of the poll message with
     * {@code results.is_finalized} true, and MESSAGE_CREATE of the poll-result message (type 46) pointing at it.
     * Without, the bot was offline: it only finds the result by fetching the message. Returns the dispatches sent.
     */
    public List<String> endPoll(String messageId, boolean botOnline) {
        synchronized (lock) {
            DataObject poll = messages.get(messageId).getObject("poll");
            poll.put("expiry", Payloads.now());
            poll.put("results", results(pollVotes.getOrDefault(messageId, Map.of()), true));
        }
        return botOnline ? sendPollEnd(messageId) : List.of();
    }

    /** Sends the end of an already ended poll again, as Discord may (a replay, a second node): the same result twice. */
    public List<String> sendPollEnd(String messageId) {
        DataObject update;
        DataObject result;
        synchronized (lock) {
            DataObject message = messages.get(messageId);
            update = DataObject.fromJson(message.toString());
            result = pollResultMessage(message);
        }
        if ((identifiedIntents() & INTENT_GUILD_MESSAGES) == 0) {
            return List.of();
        }
        gateway.dispatch(update.getString("guild_id", null), "MESSAGE_UPDATE", update);
        gateway.dispatch(result.getString("guild_id", null), "MESSAGE_CREATE", result);
        return List.of("MESSAGE_UPDATE", "MESSAGE_CREATE");
    }

    /**
     * Deletes a message, as a moderator might delete a poll before it ends. A connected bot with GUILD_MESSAGES hears
     * it as MESSAGE_DELETE (the ids only, as Discord sends it); with {@code botOnline} false the bot was offline.
     */
    public void deleteMessage(String messageId, boolean botOnline) {
        DataObject removed;
        synchronized (lock) {
            removed = messages.remove(messageId);
        }
        if (!botOnline || removed == null || removed.isNull("guild_id") || !removed.hasKey("guild_id")
                || (identifiedIntents() & INTENT_GUILD_MESSAGES) == 0) {
            return;
        }
        DataObject deleted = DataObject.empty().put("id", messageId).put("channel_id", removed.getString("channel_id"))
                .put("guild_id", removed.getString("guild_id"));
        gateway.dispatch(removed.getString("guild_id"), "MESSAGE_DELETE", deleted);
    }

    /**
     * Deletes messages of one channel at once, as a moderator's purge does: a connected bot with GUILD_MESSAGES hears
     * MESSAGE_DELETE_BULK (their ids, the channel and the server).
     */
    public void purge(String channelId, List<String> messageIds) {
        String guildId;
        synchronized (lock) {
            guildId = messages.get(messageIds.get(0)).getString("guild_id");
            messageIds.forEach(messages::remove);
        }
        if ((identifiedIntents() & INTENT_GUILD_MESSAGES) != 0) {
            gateway.dispatch(guildId, "MESSAGE_DELETE_BULK", DataObject.empty().put("ids", DataArray.fromCollection(
                    messageIds)).put("channel_id", channelId).put("guild_id", guildId));
        }
    }

    /**
     * A poll message in a server channel, as if {@code author} (a bot, or a person) had posted it at {@code at}: its id
     * and timestamp say when, as Discord's do. With the fake's own bot as author it is a poll the bot posted but never
     * heard Discord's answer for (its process stopped meanwhile). Nothing is dispatched; the message is in the
     * channel's history ({@code GET channels/{id}/messages}) and can be voted on and ended like any poll. Returns its
     * id.
     */
    public String postPoll(FakeUser author, boolean bot, String channelId, java.time.Instant at, long hours,
            String question, String... answers) {
        DataArray answerList = DataArray.empty();
        for (String answer : answers) {
            answerList.add(DataObject.empty().put("poll_media", DataObject.empty().put("text", answer)));
        }
        DataObject body = DataObject.empty().put("poll", DataObject.empty()
                .put("question", DataObject.empty().put("text", question)).put("answers", answerList)
                .put("duration", hours).put("allow_multiselect", false).put("layout_type", 1));
        WireAssertions.assertMessageWithinLimits(body);
        FakeGuild guild = guildOfChannel(channelId);
        if (guild == null) {
            throw new IllegalArgumentException("no server channel " + channelId);
        }
        DataObject message = Payloads.message(ids.at(at), 0, channelId, guild.id(), Payloads.user(author, bot), null,
                body, ids, restBaseUrl());
        String when = java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC).toString();
        message.put("timestamp", when);
        message.getObject("poll").put("expiry",
                java.time.OffsetDateTime.ofInstant(at.plus(Duration.ofHours(hours)), java.time.ZoneOffset.UTC).toString());
        synchronized (lock) {
            messages.put(message.getString("id"), message);
        }
        return message.getString("id");
    }

    /** The bot's messages in a channel that carry a poll, oldest first. */
    public List<DataObject> pollsIn(String channelId) {
        return messagesIn(channelId).stream().filter(m -> m.hasKey("poll") && !m.isNull("poll"))
                .filter(m -> bot.id().equals(m.getObject("author").getString("id")))
                .collect(Collectors.toList());
    }

    private static int answerIdOf(DataObject poll, String answerText) {
        DataArray answers = poll.getArray("answers");
        for (int i = 0; i < answers.length(); i++) {
            DataObject answer = answers.getObject(i);
            if (answer.getObject("poll_media").getString("text").equals(answerText)) {
                return answer.getInt("answer_id");
            }
        }
        throw new IllegalArgumentException("no answer '" + answerText + "' in " + poll);
    }

    private static DataObject results(Map<String, Integer> votes, boolean finalized) {
        Map<Integer, Integer> counts = new java.util.TreeMap<>();
        votes.values().forEach(answer -> counts.merge(answer, 1, Integer::sum));
        DataArray answerCounts = DataArray.empty();
        counts.forEach((id, count) -> answerCounts.add(DataObject.empty().put("id", id).put("count", count)
                .put("me_voted", false)));
        return DataObject.empty().put("is_finalized", finalized).put("answer_counts", answerCounts);
    }

    private DataObject voteEvent(FakeUser voter, DataObject message, int answerId) {
        return DataObject.empty().put("user_id", voter.id()).put("channel_id", message.getString("channel_id"))
                .put("message_id", message.getString("id")).put("guild_id", message.getString("guild_id"))
                .put("answer_id", answerId);
    }

    /** Discord's poll-result message: type 46, by the poll's author (mentioned), with a poll_result embed. */
    private DataObject pollResultMessage(DataObject pollMessage) {
        DataObject poll = pollMessage.getObject("poll");
        DataArray counts = poll.getObject("results").getArray("answer_counts");
        int total = 0;
        int best = 0;
        int bestId = 0;
        for (int i = 0; i < counts.length(); i++) {
            int count = counts.getObject(i).getInt("count");
            total += count;
            if (count > best) {
                best = count;
                bestId = counts.getObject(i).getInt("id");
            }
        }
        DataArray fields = DataArray.empty()
                .add(field("poll_question_text", poll.getObject("question").getString("text")))
                .add(field("victor_answer_votes", Integer.toString(best)))
                .add(field("total_votes", Integer.toString(total)));
        if (bestId > 0) {
            fields.add(field("victor_answer_id", Integer.toString(bestId)));
        }
        return DataObject.empty()
                .put("id", ids.next()).put("type", 46)
                .put("channel_id", pollMessage.getString("channel_id"))
                .put("guild_id", pollMessage.getString("guild_id"))
                .put("author", Payloads.user(bot, true))
                .put("content", "").put("timestamp", Payloads.now()).putNull("edited_timestamp")
                .put("tts", false).put("mention_everyone", false).put("pinned", false).put("flags", 0)
                .put("mentions", DataArray.empty().add(Payloads.user(bot, true))).put("mention_roles", DataArray.empty())
                .put("attachments", DataArray.empty()).put("components", DataArray.empty())
                .put("embeds", DataArray.empty().add(DataObject.empty().put("type", "poll_result").put("fields", fields)))
                .put("message_reference", DataObject.empty().put("type", 0)
                        .put("message_id", pollMessage.getString("id"))
                        .put("channel_id", pollMessage.getString("channel_id"))
                        .put("guild_id", pollMessage.getString("guild_id")));
    }

    private static DataObject field(String name, String value) {
        return DataObject.empty().put("name", name).put("value", value).put("inline", false);
    }

    /** How many gateway sessions have a client connected now: none once a bot has disconnected. */
    public int connectedSessions() {
        return gateway.connectedSessions();
    }

    /** How many times a client identified (READY sent); more than a bot's shards means a session was not resumed. */
    public int readyCount() {
        synchronized (lock) {
            return readyCount;
        }
    }

    void gatewayEvent(GatewayEvent event) {
        synchronized (lock) {
            if (event == GatewayEvent.READY) {
                readyCount++;
            } else {
                resumedCount++;
            }
            lock.notifyAll();
        }
    }

    // ---- fault injection ----

    /** Answers the next {@code count} requests with this method whose path matches {@code pathRegex} with {@code fault}. */
    public void failNext(int count, String method, String pathRegex, Fault fault) {
        synchronized (lock) {
            faults.add(new FaultRule(method, Pattern.compile(pathRegex), fault, new AtomicInteger(count)));
        }
    }

    /**
     * Holds the next request with this method whose path matches {@code pathRegex} unanswered until the returned stall
     * is released (or the fake closes): a Discord that hangs, to catch a bot mid-send.
     */
    public Stall stallNext(String method, String pathRegex) {
        return addStall(new Stall(method, Pattern.compile(pathRegex), false));
    }

    /**
     * Serves the next request with this method whose path matches {@code pathRegex} (a message is created and kept) but
     * holds its answer until the returned stall is released (or the fake closes): Discord accepted the request, and the
     * client has not heard so yet, as when a bot is stopped between the two.
     */
    public Stall stallAnswerOfNext(String method, String pathRegex) {
        return addStall(new Stall(method, Pattern.compile(pathRegex), true));
    }

    private Stall addStall(Stall stall) {
        synchronized (lock) {
            stalls.add(stall);
        }
        return stall;
    }

    /** The stall that takes this request, if any (it is then used up). */
    Stall takeStall(String method, String path) {
        synchronized (lock) {
            for (Stall stall : stalls) {
                if (stall.takes(method, path)) {
                    stalls.remove(stall);
                    return stall;
                }
            }
            return null;
        }
    }

    /**
     * Discord's nonce window passes: it holds an enforced nonce for a few minutes only, after which a message sent again
     * with the same nonce is a second message. (Nor does a channel's history carry the nonces: the fake lists messages
     * without them, as Discord does.)
     */
    public void forgetNonces() {
        synchronized (lock) {
            messageByNonce.clear();
        }
    }

    /** Who left which server (guild id to user ids): {@link #memberLeaves}. */
    private final Map<String, Set<String>> leftMembers = new HashMap<>();

    /**
     * A member leaves a server (or is kicked): from now on Discord answers {@code GET guilds/{g}/members/{u}} with 404 /
     * 10007 Unknown Member. The bot, which asks for no Server Members intent, hears no event of it. Every other user
     * counts as a member of every server of the fake, as the interactions they send there say.
     */
    public void memberLeaves(String guildId, FakeUser member) {
        guild(guildId);
        synchronized (lock) {
            leftMembers.computeIfAbsent(guildId, k -> new HashSet<>()).add(member.id());
        }
    }

    /** Whether a user is (still) a member of a server: not one who left it ({@link #memberLeaves}). */
    boolean isMember(String guildId, String userId) {
        synchronized (lock) {
            return !leftMembers.getOrDefault(guildId, Set.of()).contains(userId);
        }
    }

    /** Makes every message to this user's DM channel fail with 403 / 50007, as when the user blocks DMs. */
    public void rejectDirectMessagesTo(String userId) {
        synchronized (lock) {
            dmBlockedUsers.add(userId);
        }
    }

    /** Called with lock held: the fault for this request, if a rule still has uses left. */
    Fault takeFault(String method, String path) {
        for (FaultRule rule : faults) {
            if (rule.remaining().get() > 0 && rule.method().equals(method) && rule.path().matcher(path).matches()) {
                rule.remaining().decrementAndGet();
                return rule.fault();
            }
        }
        return null;
    }

    // ---- state used by FakeRest (called with lock held) ----

    String dmChannelFor(FakeUser user) {
        synchronized (lock) {
            return dmChannelByUser.computeIfAbsent(user.id(), k -> {
                String channelId = ids.next();
                userByDmChannel.put(channelId, user);
                return channelId;
            });
        }
    }

    FakeUser dmRecipient(String channelId) {
        return userByDmChannel.get(channelId);
    }

    FakeUser knownUser(String userId) {
        return guilds.stream().flatMap(g -> g.members().stream()).filter(u -> u.id().equals(userId)).findFirst()
                .orElseGet(() -> new FakeUser(userId, "user-" + userId));
    }

    /** The guild owning a text channel, or null for unknown channels. */
    FakeGuild guildOfChannel(String channelId) {
        FakeThread thread = thread(channelId);
        if (thread != null) {
            return guilds.stream().filter(g -> g.id().equals(thread.guildId)).findFirst().orElse(null);
        }
        return guilds.stream().filter(g -> g.hasChannel(channelId)).findFirst().orElse(null);
    }

    void storeCommands(String guildId, DataArray commands) {
        if (guildId == null) {
            globalCommands = commands;
        } else {
            guildCommands.put(guildId, commands);
        }
    }

    DataArray commands(String guildId) {
        return guildId == null ? globalCommands : guildCommands.getOrDefault(guildId, DataArray.empty());
    }

    void record(RecordedRequest request) {
        synchronized (lock) {
            requests.add(request);
            if (request.succeeded() && request.method().equals("POST") && request.path().startsWith("interactions/")) {
                acceptedCallbacks++;
            }
            lock.notifyAll();
        }
    }

    /** Something the fake noticed that a failing test should show (unexpected op, unrouted request). */
    void note(String text) {
        synchronized (lock) {
            notes.add(text);
            lock.notifyAll();
        }
    }

    // ---- inspection and waiting ----

    /** Every interaction dispatched so far, in dispatch order. */
    public List<InteractionHandle> dispatchedInteractions() {
        synchronized (lock) {
            return List.copyOf(dispatched);
        }
    }

    /** What the fake noticed so far that a client should not have done (unrouted requests, unexpected ops). */
    public List<String> notes() {
        synchronized (lock) {
            return List.copyOf(notes);
        }
    }

    /** Every request received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /** Waits for the first request (in arrival order, including earlier ones) that matches. */
    public RecordedRequest awaitRequest(Predicate<RecordedRequest> matcher, Duration timeout) {
        return awaitRequests(matcher, 1, timeout).get(0);
    }

    /** Waits until {@code count} requests match and returns the first {@code count} of them. */
    public List<RecordedRequest> awaitRequests(Predicate<RecordedRequest> matcher, int count, Duration timeout) {
        return await(() -> {
            List<RecordedRequest> found = requests.stream().filter(matcher).limit(count).collect(Collectors.toList());
            return found.size() == count ? found : null;
        }, timeout, count + " matching request(s)");
    }

    /** The callback POSTs received so far for one interaction. */
    public List<RecordedRequest> callbacksFor(InteractionHandle interaction) {
        String path = "interactions/" + interaction.id() + "/" + interaction.token() + "/callback";
        synchronized (lock) {
            return requests.stream().filter(r -> r.method().equals("POST") && r.path().equals(path))
                    .collect(Collectors.toList());
        }
    }

    /** Waits for the interaction's first callback and returns its body ({@code {"type":T,"data":{...}}}). */
    public DataObject awaitInteractionResponse(InteractionHandle interaction) {
        return awaitInteractionResponse(interaction, DEFAULT_TIMEOUT);
    }

    public DataObject awaitInteractionResponse(InteractionHandle interaction, Duration timeout) {
        String path = "interactions/" + interaction.id() + "/" + interaction.token() + "/callback";
        return awaitRequest(r -> r.method().equals("POST") && r.path().equals(path), timeout).json();
    }

    /**
     * Waits until the fake has accepted (2xx) a callback for the interaction and returns its body; refused attempts
     * (injected faults) are skipped, so this is where a retried reply shows up.
     */
    public DataObject awaitAcceptedCallback(InteractionHandle interaction, Duration timeout) {
        return awaitAcceptedCallbackRequest(interaction, timeout).json();
    }

    /** The same, the whole request: its headers say which shard answered ({@link RecordedRequest#shard}). */
    public RecordedRequest awaitAcceptedCallbackRequest(InteractionHandle interaction, Duration timeout) {
        String path = "interactions/" + interaction.id() + "/" + interaction.token() + "/callback";
        return awaitRequest(r -> r.method().equals("POST") && r.path().equals(path) && r.succeeded(), timeout);
    }

    /**
     * Waits until at least {@code count} interaction callbacks have been accepted in total. The check is O(1), so
     * a benchmark can wait for a burst without its waiting slowing the fake's REST threads down.
     */
    public void awaitAcceptedCallbackCount(int count, Duration timeout) {
        await(() -> acceptedCallbacks >= count ? Boolean.TRUE : null, timeout, count + " accepted callbacks");
    }

    /** Waits for a request on the interaction's webhook (followup or edit of the original reply). */
    public RecordedRequest awaitWebhookRequest(InteractionHandle interaction, String method, Duration timeout) {
        String prefix = "webhooks/" + applicationId() + "/" + interaction.token();
        return awaitRequest(r -> r.method().equals(method) && r.path().startsWith(prefix), timeout);
    }

    /** Everything the bot sent for one interaction so far. */
    public InteractionRecord interactionRecord(InteractionHandle interaction) {
        String prefix = "webhooks/" + applicationId() + "/" + interaction.token();
        synchronized (lock) {
            return new InteractionRecord(interaction, callbacksFor(interaction),
                    requests.stream().filter(r -> r.path().startsWith(prefix)).collect(Collectors.toList()));
        }
    }

    /** WARN and ERROR lines logged in this JVM (by JDA or anyone else) since the fake started. */
    public List<String> capturedWarnings() {
        return logs.lines();
    }

    /** Waits until a WARN/ERROR line containing {@code fragment} has been logged (for faults that only log). */
    public String awaitWarning(String fragment, Duration timeout) {
        return await(() -> logs.lines().stream().filter(l -> l.contains(fragment)).findFirst().orElse(null),
                timeout, "a WARN/ERROR line containing '" + fragment + "'");
    }

    private void logged() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** A readable dump of the request log, the fake's own notes and the captured WARN/ERROR lines. */
    public String diagnostics() {
        StringBuilder out = new StringBuilder();
        synchronized (lock) {
            long start = requests.isEmpty() ? 0 : requests.get(0).receivedAtNanos();
            out.append("Requests received by the fake (").append(requests.size()).append("):\n");
            for (int i = 0; i < requests.size(); i++) {
                RecordedRequest r = requests.get(i);
                String body = r.body().length() > 1500 ? r.body().substring(0, 1500) + "..." : r.body();
                out.append(String.format("  #%d +%dms %s %s%s -> %d %s%n", i + 1,
                        (r.receivedAtNanos() - start) / 1_000_000, r.method(), r.path(),
                        r.query().isEmpty() ? "" : " " + r.query(), r.status(), body));
            }
            out.append("Fake notes (").append(notes.size()).append("):\n");
            notes.forEach(n -> out.append("  ").append(n).append('\n'));
        }
        List<String> warnings = logs.lines();
        out.append("WARN/ERROR log (").append(warnings.size()).append("):\n");
        warnings.forEach(w -> out.append("  ").append(w).append('\n'));
        return out.toString();
    }

    /** Waits (bounded, woken by every change) until {@code check} returns non-null; it runs with lock held. */
    private <T> T await(Supplier<T> check, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                T result = check.get();
                if (result != null) {
                    return result;
                }
                long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMillis <= 0) {
                    break;
                }
                try {
                    lock.wait(remainingMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + what, e);
                }
            }
        }
        throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + what + "\n"
                + diagnostics());
    }

    /** Stops both servers. Shut JDA down first (pitfall 9). */
    @Override
    public void close() {
        synchronized (lock) {
            stalls.forEach(Stall::release);
            stalls.clear();
        }
        try {
            gateway.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            rest.stop();
            logs.detach();
        }
    }
}
