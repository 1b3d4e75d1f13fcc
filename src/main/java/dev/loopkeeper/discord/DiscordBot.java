package dev.loopkeeper.discord;

import dev.loopkeeper.config.Config;
import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.messages.MessageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection to Discord: builds JDA, waits until it is ready and registers the commands. */
public final class DiscordBot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);
    private static final int MAX_RECONNECT_DELAY_SECONDS = 60;

    private final JDA jda;

    private DiscordBot(JDA jda) {
        this.jda = jda;
    }

    /**
     * Logs in and blocks until every server is loaded. Interactions need only the always-on GUILDS intent; triage
     * polls need GUILD_MESSAGES, the intent under which Discord sends the update of a poll whose result is final and
     * the poll-result message (the poll is the bot's own message, so it is readable without Message Content); work-log
     * channels add Message Content. While Discord cannot be reached, each attempt
     * ends in one warning ("Cannot reach Discord at ...; retrying in 5 s") and the next waits as {@code backoff}
     * says; a token Discord rejects ends it at once with JDA's {@code InvalidTokenException}.
     */
    public static DiscordBot start(Config config, Backoff backoff, List<BotCommand> commands,
            List<ComponentHandler> components, Executor workers, BooleanSupplier backlog,
            Consumer<IReplyCallback> afterCommand, List<EventListener> extraListeners)
            throws InterruptedException {
        // Belt and braces beside Replies: even a message built elsewhere pings nobody by default.
        MessageRequest.setDefaultMentions(EnumSet.noneOf(Message.MentionType.class));
        String token = config.discordToken().orElseThrow(() -> new IllegalStateException("No Discord token"));
        // Message Content is privileged: ask for it only when work-log channels are turned on.
        EnumSet<GatewayIntent> intents = config.relevance().messageContent()
                ? EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT)
                : EnumSet.of(GatewayIntent.GUILD_MESSAGES);
        GatewayWatch gateway = new GatewayWatch(config.discordGatewayUrl().map(Object::toString).orElse(null));
        JDABuilder builder = JDABuilder.createLight(token, intents)
                .addEventListeners(new InteractionRouter(commands, components, workers, backlog, afterCommand))
                .addEventListeners(extraListeners.toArray())
                .addEventListeners(gateway)
                // After a drop JDA resumes by itself, waiting 2 s, 4 s, ... between attempts: at most a minute.
                .setMaxReconnectDelay(MAX_RECONNECT_DELAY_SECONDS)
                .setEnableShutdownHook(false);
        // Sharded: this process opens the one gateway session of its shard, and Discord sends it only the events of
        // the servers on that shard (direct messages arrive on shard 0).
        config.shards().ifPresent(shards -> builder.useSharding(shards.ids().get(0), shards.total()));
        String restUrl = config.discordApiBase()
                .map(base -> base.toString().endsWith("/") ? base.toString() : base + "/")
                .orElse(RestConfig.DEFAULT_BASE_URL);
        builder.setRestConfig(new RestConfig().setBaseUrl(restUrl));
        JDA jda = connect(builder, gateway, restUrl, backoff);
        register(jda, config, commands.stream().map(BotCommand::definition).toList());
        return new DiscordBot(jda);
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

    /** Guild commands when a development server is set (they appear at once), global ones otherwise. */
    private static void register(JDA jda, Config config, List<CommandData> definitions) {
        if (config.devGuildId().isPresent()) {
            Guild guild = jda.getGuildById(config.devGuildId().get());
            if (guild == null) {
                log.error("LOOPKEEPER_DEV_GUILD {} is not a server this bot is in; commands were not registered",
                        config.devGuildId().get());
                return;
            }
            guild.updateCommands().addCommands(definitions).queue(
                    done -> log.info("Registered {} commands in server {}", done.size(), guild.getId()),
                    error -> log.error("Registering commands in server {} failed", guild.getId(), error));
        } else {
            jda.updateCommands().addCommands(definitions).queue(
                    done -> log.info("Registered {} global commands", done.size()),
                    error -> log.error("Registering global commands failed", error));
        }
    }

    public JDA jda() {
        return jda;
    }

    @Override
    public void close() {
        jda.shutdown();
        try {
            if (!jda.awaitShutdown(10, TimeUnit.SECONDS)) {
                jda.shutdownNow();
            }
        } catch (InterruptedException e) {
            jda.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
