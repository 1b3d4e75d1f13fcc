package dev.loopkeeper.discord;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.SessionController;
import net.dv8tion.jda.api.utils.SessionController.SessionConnectNode;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;

/**
 * Tells {@link DiscordBot} how a JDA's first gateway session ended: ready, or the gateway could not be reached. JDA's
 * own answer to a refused first connection is to try again at once, logging a stack trace each time, thousands a
 * second; here the session controller reports the refusal instead, and {@code DiscordBot} waits and starts afresh
 * with a new controller (a used one would hold the next session back for JDA's 5 s identify spacing, though nothing
 * was identified). Later reconnects (resumes) stay JDA's, with its own backoff.
 */
final class GatewayWatch implements EventListener {
    private final String gatewayUrl;
    /** One per JDA while its first session is pending. */
    private final Map<JDA, CompletableFuture<Void>> firstSessions = new ConcurrentHashMap<>();

    /** {@code gatewayUrl} null means Discord's own. */
    GatewayWatch(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
    }

    /** A fresh session controller for one attempt to log in. */
    SessionController newController() {
        return new Controller();
    }

    /** The gateway URL JDA connects to. */
    String gatewayUrl() {
        return new Controller().getGateway();
    }

    /**
     * A fresh session controller for one attempt to start several shards, with JDA's concurrent identify buckets
     * (Discord's {@code max_concurrency}), and a way to wait for every shard's first session.
     */
    Sessions newShardedController() {
        return new Sessions(new ShardedController());
    }

    /** A sharded attempt's controller and the first sessions it has started, in the order JDA asked for them. */
    final class Sessions {
        private final ShardedController controller;

        private Sessions(ShardedController controller) {
            this.controller = controller;
        }

        SessionController controller() {
            return controller;
        }

        /**
         * Says this attempt is given up, before its shard manager is shut down: shards not yet connecting stay so, and
         * this waits (up to a few seconds) until the manager has built {@code built} shards, each asking for its first
         * session, and for the ones connecting to finish. JDA's shard manager shuts the pools its shards share down at
         * once, on the thread that shuts it down, while its worker may still be building the next shard with them
         * (JDA then logs a RejectedExecutionException and the attempt's end is noisy); and a shard mid-connection has
         * its own pools in use. {@code built} is 0 when the manager never logged in (no worker builds anything).
         */
        void abandon(int built) throws InterruptedException {
            controller.attempt.abandon(built, Duration.ofSeconds(5));
        }

        /**
         * Blocks until {@code count} shards have had their first session and each is ready (the shard manager builds
         * the shards one after another, so a session may be asked for after this starts waiting). Throws as
         * {@link #awaitFirstSession} does for the first one that failed.
         */
        void awaitFirst(int count) throws InterruptedException {
            for (int i = 0; i < count; i++) {
                JDA jda = controller.started.take();
                awaitFirstSession(jda);
            }
        }
    }

    private final class Controller extends SessionControllerAdapter {
        private final Map<SessionConnectNode, FirstSession> pending = new ConcurrentHashMap<>();
        /** The unsharded bot's only attempt: nothing gives it up. */
        private final Attempt attempt = new Attempt();

        @Override
        public String getGateway() {
            return gatewayUrl != null ? gatewayUrl : super.getGateway();
        }

        @Override
        public void appendSession(SessionConnectNode node) {
            super.appendSession(node.isReconnect() ? node : first(node, pending, null, attempt));
        }

        @Override
        public void removeSession(SessionConnectNode node) {
            super.removeSession(node);
            FirstSession first = pending.remove(node);
            if (first != null) {
                super.removeSession(first);
            }
        }
    }

    private final class ShardedController extends ConcurrentSessionController {
        private final Map<SessionConnectNode, FirstSession> pending = new ConcurrentHashMap<>();
        private final BlockingQueue<JDA> started = new LinkedBlockingQueue<>();
        private final Attempt attempt = new Attempt();

        @Override
        public ShardedGateway getShardedGateway(JDA api) {
            // Discord's answer to GET /gateway/bot (its concurrency), with the configured gateway URL when one is set.
            ShardedGateway discords = super.getShardedGateway(api);
            return gatewayUrl == null ? discords
                    : new ShardedGateway(gatewayUrl, discords.getShardTotal(), discords.getConcurrency());
        }

        @Override
        public void appendSession(SessionConnectNode node) {
            super.appendSession(node.isReconnect() ? node : first(node, pending, started, attempt));
        }

        @Override
        public void removeSession(SessionConnectNode node) {
            super.removeSession(node);
            FirstSession first = pending.remove(node);
            if (first != null) {
                super.removeSession(first);
            }
        }
    }

    /**
     * Wraps a JDA's first connection so its outcome is reported. The outcome is registered before the node can run, so
     * none can arrive before it has somewhere to go; {@code started}, when given, learns of the JDA.
     */
    private FirstSession first(SessionConnectNode node, Map<SessionConnectNode, FirstSession> pending,
            BlockingQueue<JDA> started, Attempt attempt) {
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        firstSessions.put(node.getJDA(), outcome);
        FirstSession first = new FirstSession(node, outcome, attempt);
        pending.put(node, first);
        // JDA asks for a shard's first session as the last thing it does in building it: past this, it uses no pool.
        attempt.built();
        if (started != null) {
            started.add(node.getJDA());
        }
        return first;
    }

    @Override
    public void onEvent(GenericEvent event) {
        CompletableFuture<Void> outcome = firstSessions.get(event.getJDA());
        if (outcome == null) {
            return;
        }
        if (event instanceof ReadyEvent) {
            outcome.complete(null);
        } else if (event instanceof ShutdownEvent shutdown) {
            outcome.completeExceptionally(new GatewayClosedException(shutdown.getCode()));
        }
    }

    /**
     * Blocks until the JDA's first session is ready. Throws {@link GatewayUnreachableException} when its first
     * connection failed, and {@link GatewayClosedException} with Discord's close code when JDA shut down instead (Discord
     * closed the session with a code JDA does not reconnect after, such as 4014 for a disallowed intent).
     */
    void awaitFirstSession(JDA jda) throws InterruptedException {
        CompletableFuture<Void> outcome = firstSessions.get(jda);
        if (outcome == null) {
            throw new IllegalStateException("JDA started no gateway session");
        }
        try {
            outcome.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            firstSessions.remove(jda);
        }
    }

    /**
     * One start-up attempt's first sessions: how many shards JDA has built (each asks for one), how many are
     * connecting, and whether the attempt was given up (set before its shard manager is shut down: a shard still to
     * connect then has nothing to do). Giving up waits, on this monitor, for the shards still being built and for
     * those connecting to finish.
     */
    private static final class Attempt {
        private boolean abandoned;
        private int built;
        private int connecting;

        synchronized void built() {
            built++;
            notifyAll();
        }

        synchronized void enter() {
            connecting++;
        }

        synchronized void leave() {
            if (--connecting == 0) {
                notifyAll();
            }
        }

        synchronized boolean abandoned() {
            return abandoned;
        }

        synchronized void abandon(int shards, Duration patience) throws InterruptedException {
            abandoned = true;
            long deadline = System.nanoTime() + patience.toNanos();
            for (long left = patience.toMillis(); (built < shards || connecting > 0) && left > 0;
                    left = (deadline - System.nanoTime()) / 1_000_000) {
                wait(left);
            }
        }
    }

    /** Runs JDA's first connection once; a failed connection completes the outcome instead of being retried. */
    private static final class FirstSession implements SessionConnectNode {
        private final SessionConnectNode node;
        private final CompletableFuture<Void> outcome;

        private final Attempt attempt;

        FirstSession(SessionConnectNode node, CompletableFuture<Void> outcome, Attempt attempt) {
            this.node = node;
            this.outcome = outcome;
            this.attempt = attempt;
        }

        @Override
        public boolean isReconnect() {
            return false;
        }

        @Override
        public JDA getJDA() {
            return node.getJDA();
        }

        @Override
        public JDA.ShardInfo getShardInfo() {
            return node.getShardInfo();
        }

        @Override
        public void run(boolean isLast) throws InterruptedException {
            attempt.enter();
            try {
                if (attempt.abandoned()) {
                    outcome.completeExceptionally(new IllegalStateException("Start-up attempt given up"));
                    return;
                }
                node.run(isLast);
            } catch (IllegalStateException e) {
                // JDA's connect() wraps the socket's failure this way.
                outcome.completeExceptionally(new GatewayUnreachableException(e));
            } catch (RejectedExecutionException e) {
                // A shard whose turn came while its shard manager was being shut down (another shard could not reach
                // the gateway, and the attempt starts afresh): its pools are gone, and so is the need to connect.
                // The shard's own status may not say so yet when its pool is already closed; the attempt's flag does.
                JDA.Status status = node.getJDA().getStatus();
                if (!attempt.abandoned() && status != JDA.Status.SHUTTING_DOWN && status != JDA.Status.SHUTDOWN) {
                    throw e;
                }
                outcome.completeExceptionally(new IllegalStateException("Shut down during start-up", e));
            } finally {
                attempt.leave();
            }
        }
    }

    /** The first connection to the gateway failed; the cause says why. */
    static final class GatewayUnreachableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GatewayUnreachableException(Throwable cause) {
            super(cause);
        }
    }
}
