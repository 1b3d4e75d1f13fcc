package dev.loopkeeper.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.config.Config;
import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.discord.Backoff;
import dev.loopkeeper.discord.DiscordBot;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeUser;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Discord out of reach at start-up: first nothing answers at the REST address, then the REST API answers but the
 * gateway does not. Each attempt is one warning line without a stack trace, the waits follow the backoff (here in
 * milliseconds), and once Discord is back the bot connects and answers a command. When Discord goes away later,
 * JDA's own resume attempts are one line each too. The fake sits behind two forwarding ports that refuse
 * connections until the test opens them.
 */
class DiscordUnreachableE2ETest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern RETRY = Pattern.compile(
            "Cannot reach (Discord at \\S+|Discord's gateway at \\S+) \\(Connection refused\\); retrying in (\\d+) ms");

    @TempDir
    Path folder;
    private final Capture log = new Capture();
    private final ExecutorService starter = Executors.newSingleThreadExecutor();
    private FakeDiscord fake;
    private Forwarder rest;
    private Forwarder gateway;
    private Loopkeeper bot;

    @BeforeEach
    void start() throws IOException {
        fake = FakeDiscord.start();
        rest = new Forwarder(URI.create(fake.restBaseUrl()).getPort());
        gateway = new Forwarder(URI.create(fake.gatewayUrl()).getPort());
        log.attach();
    }

    @AfterEach
    void stop() {
        starter.shutdownNow();
        try {
            if (bot != null) {
                bot.close();
            }
        } finally {
            log.detach();
            rest.close();
            gateway.close();
            if (fake != null) {
                fake.close();
            }
        }
    }

    @Test
    void eachAttemptIsOneLineTheBotConnectsOnceDiscordIsBackAndResumesAfterLosingIt() throws Exception {
        String restUrl = "http://127.0.0.1:" + rest.port + "/api/v10/";
        String gatewayUrl = "ws://127.0.0.1:" + gateway.port;
        Config config = ConfigLoader.load(Map.of(
                ConfigLoader.DISCORD_TOKEN, LoopkeeperE2E.TOKEN,
                ConfigLoader.DB, folder.resolve("data").resolve("loopkeeper.db").toString(),
                ConfigLoader.API_BASE, restUrl,
                ConfigLoader.GATEWAY_URL, gatewayUrl), folder, true);

        Future<Loopkeeper> started = starter.submit(() -> Loopkeeper.startBot(config, FAST));

        log.await(line -> line.contains("Cannot reach Discord at " + restUrl + " "), 3);
        rest.open();
        log.await(line -> line.contains("Cannot reach Discord's gateway at " + gatewayUrl + " "), 2);
        assertFalse(started.isDone(), "no session yet, so start-up still waits");
        gateway.open();
        bot = started.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        List<ILoggingEvent> warnings = log.events();
        List<String> unexpected = warnings.stream()
                .filter(e -> !e.getLoggerName().equals(DiscordBot.class.getName())
                        || !RETRY.matcher(e.getFormattedMessage()).matches())
                .map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage())
                .collect(Collectors.toList());
        assertEquals(List.of(), unexpected, "only the retry lines, nothing from JDA");
        for (ILoggingEvent warning : warnings) {
            assertEquals(Level.WARN, warning.getLevel());
            assertNull(warning.getThrowableProxy(), "no stack trace: " + warning.getFormattedMessage());
            assertEquals(1, warning.getFormattedMessage().lines().count());
        }
        List<Long> delays = new ArrayList<>();
        for (ILoggingEvent warning : warnings) {
            Matcher retry = RETRY.matcher(warning.getFormattedMessage());
            assertTrue(retry.matches());
            delays.add(Long.parseLong(retry.group(2)));
        }
        assertEquals(List.of(100L, 200L, 400L), delays.subList(0, 3), "the backoff doubles from its first wait");
        assertTrue(delays.stream().allMatch(d -> d <= 400), "and stops at its cap: " + delays);

        FakeUser user = new FakeUser("2100000000000000001", "late");
        DataObject reply = fake.awaitAcceptedCallback(
                fake.slashCommand("park").by(user).option("concept", "exponential backoff").send(), WAIT)
                .getObject("data");
        assertTrue(reply.getString("content").startsWith("Parked **exponential backoff**."), reply.toString());

        // Command registration is queued once the bot is up, and its answer (the registered commands, over 8 KB) may
        // still be on its way back: let it arrive, so that only what this test sends later can be cut off below.
        log.awaitRegistered();

        // Later Discord goes away altogether: JDA resumes by itself, one line per attempt, waits doubling from 2 s.
        int before = log.events().size();
        rest.close();
        gateway.close();
        fake.close();
        fake = null;
        log.await(line -> line.startsWith("Reconnect failed! Next attempt in "), 2);
        List<ILoggingEvent> later = log.events().subList(before, log.events().size());
        for (ILoggingEvent line : later) {
            String text = line.getLevel() + " " + line.getLoggerName() + " - " + line.getFormattedMessage();
            if (line.getFormattedMessage().startsWith("RestAction queue returned failure: ")) {
                // The park's reply may still have been on its way back when Discord went: JDA reports the request
                // with its cause, which logback.xml turns into one line (LogbackConfigTest). JDA also sends a request
                // once more when its connection is reset (its Requester retries on a SocketException), and a pooled
                // connection not yet cut may carry it to the fake, which had the first: "already acknowledged".
                assertTrue(connectionFailure(line.getThrowableProxy())
                        || resentReplyRefused(line.getThrowableProxy()), text);
            } else {
                assertTrue(line.getFormattedMessage().matches("Reconnect failed! Next attempt in \\d+s"), text);
                assertNull(line.getThrowableProxy(), "no stack trace: " + text);
            }
        }
    }

    @Test
    void withSeveralShardsInOneProcessEachAttemptIsOneLineAndEveryShardConnectsOnceDiscordIsBack() throws Exception {
        String restUrl = "http://127.0.0.1:" + rest.port + "/api/v10/";
        String gatewayUrl = "ws://127.0.0.1:" + gateway.port;
        Config config = ConfigLoader.load(Map.of(
                ConfigLoader.DISCORD_TOKEN, LoopkeeperE2E.TOKEN,
                ConfigLoader.DB, folder.resolve("data").resolve("loopkeeper.db").toString(),
                ConfigLoader.API_BASE, restUrl,
                ConfigLoader.GATEWAY_URL, gatewayUrl,
                ConfigLoader.SHARDS, "2"), folder, true);

        // A thread that dies of an exception prints to stderr, past the log: catch that too.
        List<String> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(thread.getName() + ": " + e));
        Future<Loopkeeper> started = starter.submit(() -> Loopkeeper.startBot(config, java.time.Clock.systemUTC(),
                dev.loopkeeper.support.SharedModel.embedder(), FAST));
        try {
            log.await(line -> line.contains("Cannot reach Discord at " + restUrl + " "), 2);
            rest.open();
            log.await(line -> line.contains("Cannot reach Discord's gateway at " + gatewayUrl + " "), 2);
            assertFalse(started.isDone(), "no session yet, so start-up still waits");
            gateway.open();
            bot = started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }

        // A given-up attempt lets JDA's shard manager finish building its shards before shutting it (and the pools
        // they share) down: no closed pool refuses a task, so nothing dies and nothing but the retries is logged.
        assertEquals(List.of(), uncaught, "no thread died of an exception while the attempts were given up");
        assertEquals(List.of(0, 1), bot.bot().shardIds());
        assertEquals(List.of("0/2", "1/2"), fake.sessionShards().stream().map(s -> s[0] + "/" + s[1]).toList(),
                "both shards through the configured gateway address, not the one GET /gateway/bot names");
        List<String> unexpected = log.events().stream()
                .filter(e -> !e.getLoggerName().equals(DiscordBot.class.getName())
                        || !RETRY.matcher(e.getFormattedMessage()).matches())
                .map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage())
                .collect(Collectors.toList());
        assertEquals(List.of(), unexpected, "only the retry lines, nothing from JDA");
        FakeUser user = new FakeUser("2100000000000000002", "later");
        DataObject reply = fake.awaitAcceptedCallback(
                fake.slashCommand("park").by(user).option("concept", "sharded backoff").send(), WAIT)
                .getObject("data");
        assertTrue(reply.getString("content").startsWith("Parked **sharded backoff**."), reply.toString());
        log.awaitRegistered();
    }

    private static boolean resentReplyRefused(IThrowableProxy thrown) {
        return thrown != null && thrown.getClassName().equals("net.dv8tion.jda.api.exceptions.ErrorResponseException")
                && thrown.getMessage().startsWith("40060: ");
    }

    private static boolean connectionFailure(IThrowableProxy thrown) {
        for (IThrowableProxy t = thrown; t != null; t = t.getCause()) {
            // Refused, reset, or cut while the answer was being read (OkHttp's "unexpected end of stream").
            if (t.getClassName().equals("java.net.ConnectException")
                    || t.getClassName().equals("java.net.SocketException")
                    || t.getClassName().equals("java.io.EOFException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps the WARN and ERROR events logged while a test runs, and wakes waiters on each. It also notes the INFO line
     * that says the commands were registered (the bot's logger is at INFO while attached), without keeping it.
     */
    private static final class Capture extends AppenderBase<ILoggingEvent> {
        private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
        private ch.qos.logback.classic.Logger root;
        private ch.qos.logback.classic.Logger botLogger;
        private boolean registered;

        void attach() {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            setContext(context);
            root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            botLogger = context.getLogger(DiscordBot.class);
            botLogger.setLevel(Level.INFO);
            start();
            root.addAppender(this);
        }

        void detach() {
            root.detachAppender(this);
            botLogger.setLevel(null);
            stop();
        }

        @Override
        protected synchronized void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                events.add(event);
                notifyAll();
            } else if (event.getLoggerName().equals(DiscordBot.class.getName())
                    && event.getFormattedMessage().startsWith("Registered ")) {
                registered = true;
                notifyAll();
            }
        }

        /** Waits until the bot has its answer to registering the commands. */
        synchronized void awaitRegistered() throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!registered) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the commands were not registered within " + WAIT);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        List<ILoggingEvent> events() {
            return List.copyOf(events);
        }

        /** Waits until {@code count} lines match. */
        synchronized void await(Predicate<String> line, int count) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (events.stream().map(ILoggingEvent::getFormattedMessage).filter(line).count() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("waited for " + count + " matching lines; got " + events.stream()
                            .map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList()));
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /**
     * A loopback port that refuses connections until {@link #open()}, then forwards each connection to the fake's
     * port. The port is found free first; nothing else on this machine is expected to take it in between.
     */
    private static final class Forwarder implements AutoCloseable {
        final int port;
        private final int target;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        /** Holds the port until {@link #open()}: bound but not listening, so a connection is refused. */
        private final Socket holder = new Socket();
        private ServerSocket server;

        Forwarder(int target) throws IOException {
            this.target = target;
            // Probing a free port and closing it let another test JVM (forkCount=2) take it before open(); a bound
            // socket keeps it ours, and SO_REUSEPORT lets the listening socket share it until the holder closes.
            holder.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            this.port = holder.getLocalPort();
        }

        void open() throws IOException {
            server = new ServerSocket();
            server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            holder.close();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket client = server.accept();
                        sockets.add(client);
                        try {
                            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                            sockets.add(upstream);
                            pump(client, upstream);
                            pump(upstream, client);
                        } catch (IOException unreachable) {
                            closeQuietly(client);
                        }
                    }
                } catch (IOException closed) {
                    // close() ends the loop
                }
            }, "forwarder-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        }

        /** Copies one direction; when either side goes away, both sockets close. */
        private static void pump(Socket from, Socket to) {
            Thread thread = new Thread(() -> {
                try {
                    from.getInputStream().transferTo(to.getOutputStream());
                } catch (IOException closed) {
                    // either side went away
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "forwarder-pump");
            thread.setDaemon(true);
            thread.start();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        @Override
        public void close() {
            closeQuietly(holder);
            try {
                if (server != null) {
                    server.close();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            sockets.forEach(Forwarder::closeQuietly);
        }
    }
}
