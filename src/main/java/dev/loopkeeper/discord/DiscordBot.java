package dev.loopkeeper.discord;

import dev.loopkeeper.config.Config;
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
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import net.dv8tion.jda.api.utils.messages.MessageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection to Discord: builds JDA, waits until it is ready and registers the commands. */
public final class DiscordBot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);

    private final JDA jda;

    private DiscordBot(JDA jda) {
        this.jda = jda;
    }

    /**
     * Logs in and blocks until every server is loaded. Interactions need only the always-on GUILDS intent;
     * work-log channels add guild messages and Message Content.
     */
    public static DiscordBot start(Config config, List<BotCommand> commands, List<ComponentHandler> components,
            Executor workers, BooleanSupplier backlog, Consumer<IReplyCallback> afterCommand,
            List<EventListener> extraListeners)
            throws InterruptedException {
        // Belt and braces beside Replies: even a message built elsewhere pings nobody by default.
        MessageRequest.setDefaultMentions(EnumSet.noneOf(Message.MentionType.class));
        String token = config.discordToken().orElseThrow(() -> new IllegalStateException("No Discord token"));
        // Message Content is privileged: ask for it only when work-log channels are turned on.
        EnumSet<GatewayIntent> intents = config.relevance().messageContent()
                ? EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT)
                : EnumSet.noneOf(GatewayIntent.class);
        JDABuilder builder = JDABuilder.createLight(token, intents)
                .addEventListeners(new InteractionRouter(commands, components, workers, backlog, afterCommand))
                .addEventListeners(extraListeners.toArray())
                .setEnableShutdownHook(false);
        config.discordApiBase().ifPresent(base -> {
            String url = base.toString().endsWith("/") ? base.toString() : base + "/";
            builder.setRestConfig(new RestConfig().setBaseUrl(url));
        });
        config.discordGatewayUrl().ifPresent(gateway -> builder.setSessionController(new SessionControllerAdapter() {
            @Override
            public String getGateway() {
                return gateway.toString();
            }
        }));
        JDA jda = builder.build();
        try {
            jda.awaitReady();
        } catch (InterruptedException | RuntimeException e) {
            jda.shutdownNow();
            throw e;
        }
        register(jda, config, commands.stream().map(BotCommand::definition).toList());
        return new DiscordBot(jda);
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
