package dev.loopkeeper.discord;

import dev.loopkeeper.config.Config;
import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.attribute.IThreadContainer;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.messages.MessageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to Discord: builds JDA (one gateway session, or one shard of several), or JDA's
 * {@code DefaultShardManager} when this process runs several shards, waits until every session is ready and registers
 * the commands. The rest of the bot asks it for a channel or a direct-message channel and never learns which it holds.
 */
public final class DiscordBot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);
    private static final int MAX_RECONNECT_DELAY_SECONDS = 60;

    /** One session (unsharded, or this process's only shard); null when {@link #shards} holds several. */
    private final JDA jda;
    /** Several shards in this process; null when {@link #jda} is the only session. */
    private final ShardManager shards;

    /** One gateway session: the bot, or a test's JDA. */
    DiscordBot(JDA jda) {
        this.jda = jda;
        this.shards = null;
    }

    private DiscordBot(ShardManager shards) {
        this.jda = null;
        this.shards = shards;
    }

    /**
     * Logs in and blocks until every server is loaded. Interactions need only the always-on GUILDS intent; triage
     * polls need GUILD_MESSAGES, the intent under which Discord sends the update of a poll whose result is final and
     * the poll-result message (the poll is the bot's own message, so it is readable without Message Content); work-log
     * channels add Message Content. While Discord cannot be reached, each attempt
     * ends in one warning ("Cannot reach Discord at ...; retrying in 5 s") and the next waits as {@code backoff}
     * says; a token Discord rejects ends it at once with JDA's {@code InvalidTokenException}, and a gateway Discord
     * closes for good (4014: an intent the Developer Portal does not allow) with {@link GatewayClosedException}.
     */
    public static DiscordBot start(Config config, Backoff backoff, List<BotCommand> commands,
            List<ComponentHandler> components, Executor workers, Executor suggestions, BooleanSupplier backlog,
            Consumer<IReplyCallback> afterCommand, List<EventListener> extraListeners)
            throws InterruptedException {
        // Belt and braces beside Replies: even a message built elsewhere pings nobody by default.
        MessageRequest.setDefaultMentions(EnumSet.noneOf(Message.MentionType.class));
        String token = config.discordToken().orElseThrow(() -> new IllegalStateException("No Discord token"));
        // Message Content is privileged: ask for it only when work-log channels are turned on.
        EnumSet<GatewayIntent> intents = config.relevance().messageContent()
                ? EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT)
                : EnumSet.of(GatewayIntent.GUILD_MESSAGES);
        if (!config.relevance().messageContent()) {
            // The only message text read then is a "Park a concept" target's, which Discord sends with the interaction
            // whatever the intents; an image-only message's empty text would make JDA warn an operator to enable an
            // intent this bot does not need.
            Message.suppressContentIntentWarning();
        }
        GatewayWatch gateway = new GatewayWatch(config.discordGatewayUrl().map(Object::toString).orElse(null));
        List<Object> listeners = new ArrayList<>();
        listeners.add(new InteractionRouter(commands, components, workers, suggestions, backlog, afterCommand));
        listeners.addAll(extraListeners);
        listeners.add(gateway);
        String restUrl = config.discordApiBase()
                .map(base -> base.toString().endsWith("/") ? base.toString() : base + "/")
                .orElse(RestConfig.DEFAULT_BASE_URL);
        Optional<Config.Shards> sharding = config.shards();
        DiscordBot bot;
        if (sharding.isPresent() && sharding.get().ids().size() > 1) {
            Config.Shards layout = sharding.get();
            // Several shards in this process: one gateway session each, the same listeners on all of them.
            DefaultShardManagerBuilder builder = DefaultShardManagerBuilder.createLight(token, intents)
                    .addEventListeners(listeners.toArray())
                    // ServerPresence reads each session's READY whole: its list of servers includes those in an outage.
                    .setRawEventsEnabled(true)
                    .setShardsTotal(layout.total())
                    .setShards(layout.ids())
                    .setMaxReconnectDelay(MAX_RECONNECT_DELAY_SECONDS)
                    .setEnableShutdownHook(false)
                    .setRestConfigProvider(shard -> restConfig(restUrl, Optional.of(layout), shard));
            bot = new DiscordBot(connectShards(builder, gateway, restUrl, backoff, layout.ids().size()));
        } else {
            JDABuilder builder = JDABuilder.createLight(token, intents)
                    .addEventListeners(listeners.toArray())
                    // ServerPresence reads each session's READY whole: its list of servers includes those in an outage.
                    .setRawEventsEnabled(true)
                    // After a drop JDA resumes by itself, waiting 2 s, 4 s, ... between attempts: at most a minute.
                    .setMaxReconnectDelay(MAX_RECONNECT_DELAY_SECONDS)
                    .setEnableShutdownHook(false);
            // One shard of several: this process opens the one gateway session of its shard, and Discord sends it only
            // the events of the servers on that shard (direct messages arrive on shard 0).
            sharding.ifPresent(layout -> builder.useSharding(layout.ids().get(0), layout.total()));
            builder.setRestConfig(restConfig(restUrl, sharding, sharding.map(layout -> layout.ids().get(0)).orElse(0)));
            bot = new DiscordBot(connect(builder, gateway, restUrl, backoff));
        }
        bot.register(config, commands.stream().map(BotCommand::definition).toList());
        return bot;
    }

    /**
     * Where REST requests go; a shard's carry {@code shard N/TOTAL} after JDA's User-Agent (Discord allows a suffix),
     * which names the session that made them in Discord's logs and the fake's.
     */
    private static RestConfig restConfig(String restUrl, Optional<Config.Shards> sharding, int shard) {
        RestConfig rest = new RestConfig().setBaseUrl(restUrl);
        sharding.ifPresent(layout -> rest.setUserAgentSuffix("shard " + shard + "/" + layout.total()));
        return rest;
    }

    /** Logs in (REST) and opens the first gateway session, starting afresh after each failure to reach Discord. */
    private static JDA connect(JDABuilder builder, GatewayWatch gateway, String restUrl, Backoff backoff)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            String where;
            Throwable failure;
            try {
                JDA jda = builder.setSessionController(gateway.newController()).build();
                try {
                    gateway.awaitFirstSession(jda);
                    return jda;
                } catch (GatewayWatch.GatewayUnreachableException e) {
                    jda.shutdownNow();
                    where = "Discord's gateway at " + gateway.gatewayUrl();
                    failure = e.getCause();
                } catch (InterruptedException | RuntimeException e) {
                    jda.shutdownNow();
                    throw e;
                }
            } catch (ErrorResponseException e) {
                if (!unreachable(e)) {
                    throw e;
                }
                where = "Discord at " + restUrl;
                failure = e;
            }
            Duration delay = backoff.delay(attempt);
            log.warn("Cannot reach {} ({}); retrying in {}", where, reason(failure), Backoff.describe(delay));
            log.debug("Attempt {} to reach {} failed", attempt, where, failure);
            Thread.sleep(delay.toMillis());
        }
    }

    /**
     * The same for several shards: logs in (REST, {@code GET /gateway/bot}) and opens every shard's first session,
     * starting all of them afresh after a failure to reach Discord. Shards identify as fast as Discord's
     * {@code max_concurrency} allows (JDA's {@code ConcurrentSessionController}: 5 s apart with the usual 1).
     */
    private static ShardManager connectShards(DefaultShardManagerBuilder builder, GatewayWatch gateway,
            String restUrl, Backoff backoff, int count) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            String where;
            Throwable failure;
            GatewayWatch.Sessions sessions = gateway.newShardedController();
            ShardManager manager = builder.setSessionController(sessions.controller()).build(false);
            // Once logged in (the first shard built on this thread), the manager's worker builds the others.
            int building = 0;
            try {
                manager.login();
                building = count;
                sessions.awaitFirst(count);
                return manager;
            } catch (GatewayWatch.GatewayUnreachableException e) {
                sessions.abandon(building);
                manager.shutdown();
                where = "Discord's gateway at " + gateway.gatewayUrl();
                failure = e.getCause();
            } catch (ErrorResponseException e) {
                sessions.abandon(building);
                manager.shutdown();
                if (!unreachable(e)) {
                    throw e;
                }
                where = "Discord at " + restUrl;
                failure = e;
            } catch (InterruptedException | RuntimeException e) {
                sessions.abandon(building);
                manager.shutdown();
                throw e;
            }
            Duration delay = backoff.delay(attempt);
            log.warn("Cannot reach {} ({}); retrying in {}", where, reason(failure), Backoff.describe(delay));
            log.debug("Attempt {} to reach {} failed", attempt, where, failure);
            Thread.sleep(delay.toMillis());
        }
    }

    /** A connection that failed or a Discord that answered with a server error: worth trying again later. */
    static boolean unreachable(ErrorResponseException e) {
        return ioCause(e) != null || e.getResponse() != null && e.getResponse().code >= 500;
    }

    /** Why Discord could not be reached, in a few words: "Connection refused", "cannot resolve discord.com". */
    static String reason(Throwable failure) {
        IOException io = ioCause(failure);
        if (io instanceof UnknownHostException && io.getMessage() != null) {
            // The message is the host name, followed the first time by the resolver's words.
            return "cannot resolve " + io.getMessage().split(":", 2)[0];
        }
        if (io != null) {
            return io.getMessage() != null ? io.getMessage() : io.getClass().getSimpleName();
        }
        if (failure instanceof ErrorResponseException e && e.getResponse() != null) {
            return "HTTP " + e.getResponse().code;
        }
        return String.valueOf(failure.getMessage());
    }

    /** The innermost I/O failure in the chain: the socket's own words. */
    private static IOException ioCause(Throwable failure) {
        IOException innermost = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                innermost = io;
            }
        }
        return innermost;
    }

    /**
     * Guild commands when a development server is set (they appear at once), registered by the process that runs that
     * server's shard; global ones otherwise, registered once, by the process that runs shard 0 (or the only one).
     */
    private void register(Config config, List<CommandData> definitions) {
        Optional<Config.Shards> sharding = config.shards();
        if (config.devGuildId().isPresent()) {
            String guildId = config.devGuildId().get();
            Guild guild = shards != null ? shards.getGuildById(guildId) : jda.getGuildById(guildId);
            if (guild == null && sharding.isPresent() && !sharding.get().runs(guildId)) {
                log.info("LOOPKEEPER_DEV_GUILD {} is on shard {}, which another process runs; it registers the commands",
                        guildId, sharding.get().shardOf(guildId));
                return;
            }
            if (guild == null) {
                log.error("LOOPKEEPER_DEV_GUILD {} is not a server this bot is in; commands were not registered",
                        guildId);
                return;
            }
            guild.updateCommands().addCommands(definitions).queue(
                    done -> log.info("Registered {} commands in server {}", done.size(), guild.getId()),
                    error -> log.error("Registering commands in server {} failed", guild.getId(), error));
        } else {
            if (sharding.isPresent() && !sharding.get().ids().contains(0)) {
                log.info("Global commands are registered by the process that runs shard 0");
                return;
            }
            JDA first = shards != null ? shards.getShardById(0) : jda;
            first.updateCommands().addCommands(definitions).queue(
                    done -> log.info("Registered {} global commands", done.size()),
                    error -> log.error("Registering global commands failed", error));
        }
    }

    /**
     * A server channel (a text channel, or a thread or voice channel's chat) from the cache of the shard that holds its
     * server, so what is sent to it goes out through that shard; null when no session of this process has it.
     */
    GuildMessageChannel channel(String channelId) {
        return shards != null ? shards.getChannelById(GuildMessageChannel.class, channelId)
                : jda.getChannelById(GuildMessageChannel.class, channelId);
    }

    /**
     * The server's channels that hold threads (text, announcement, forum, media) whose archived threads the bot may
     * list (View Channel and Read Message History there), from the cache of the shard that holds the server; empty
     * when no session of this process holds it. A thread archived while the bot was away is not in any cache: Discord
     * tells a connecting bot of active threads only, so such a thread is found among its parent's archived ones.
     */
    List<IThreadContainer> threadContainers(String guildId) {
        Guild guild = shards != null ? shards.getGuildById(guildId) : jda.getGuildById(guildId);
        if (guild == null) {
            return List.of();
        }
        return guild.getChannels().stream().filter(IThreadContainer.class::isInstance)
                .map(IThreadContainer.class::cast)
                .filter(c -> guild.getSelfMember().hasPermission(c, Permission.VIEW_CHANNEL,
                        Permission.MESSAGE_HISTORY))
                .toList();
    }

    /**
     * A server's name as this process's sessions see it now (kept current by Discord's guild updates); empty when none
     * of them holds that server (the bot left it, or another process runs its shard).
     */
    Optional<String> guildName(String guildId) {
        Guild guild = shards != null ? shards.getGuildById(guildId) : jda.getGuildById(guildId);
        return Optional.ofNullable(guild).map(Guild::getName);
    }

    /** Opens a direct-message channel through any session: direct messages need no shard. */
    RestAction<PrivateChannel> openDirect(String userId) {
        return anySession().openPrivateChannelById(userId);
    }

    private JDA anySession() {
        if (shards == null) {
            return jda;
        }
        List<JDA> all = shards.getShards();
        return all.stream().filter(s -> s.getStatus() == JDA.Status.CONNECTED).findFirst().orElse(all.get(0));
    }

    /** The servers this process's sessions hold, by id (each on the shard Discord puts it on). */
    public List<String> guildIds() {
        List<Guild> guilds = shards != null ? shards.getGuilds() : jda.getGuilds();
        return guilds.stream().map(Guild::getId).sorted().toList();
    }

    /** The shards this process runs, as JDA numbers them ({@code [0]} for an unsharded bot's one session). */
    public List<Integer> shardIds() {
        if (shards == null) {
            return List.of(jda.getShardInfo().getShardId());
        }
        return shards.getShards().stream().map(s -> s.getShardInfo().getShardId()).sorted().toList();
    }

    /**
     * Shuts each session down, letting requests already queued go out, then the shard manager: its own shutdown closes
     * the pools its shards share at once, while they may still be sending (a reply queued as they stop would then be
     * refused with a RejectedExecutionException instead of sent).
     */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /**
     * The same, waiting at most {@code limit} in all (not for each session) for what is queued to go out: a session
     * still sending after that, to a Discord that does not answer, is cut off.
     */
    public void close(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        List<JDA> sessions = shards != null ? shards.getShards() : List.of(jda);
        if (shards != null) {
            sessions.forEach(session -> shards.shutdown(session.getShardInfo().getShardId()));
        } else {
            jda.shutdown();
        }
        try {
            for (JDA session : sessions) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                // JDA reads a wait of 0 ms as "without end": with under a millisecond left, the session is cut off.
                if (left < 1 || !session.awaitShutdown(left, TimeUnit.MILLISECONDS)) {
                    session.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            sessions.forEach(JDA::shutdownNow);
            Thread.currentThread().interrupt();
        } finally {
            if (shards != null) {
                shards.shutdown();
            }
        }
    }
}
