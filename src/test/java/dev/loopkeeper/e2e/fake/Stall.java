package dev.loopkeeper.e2e.fake;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A request the fake holds unanswered (see {@link FakeDiscord#stallNext}): the client waits as it would on a Discord
 * that hangs, so a test can catch a bot mid-send, kill it, and see that nothing was sent. With {@code servedFirst}
 * ({@link FakeDiscord#stallAnswerOfNext}) the fake does the work first (a message is created) and holds only the answer:
 * Discord has accepted the request, and the bot does not know it yet. The fake answers the request normally once
 * released, and releases every stall when it closes.
 */
public final class Stall {
    /** Longest a request is held if nobody releases it: below JDA's own read timeout would defeat the purpose. */
    private static final Duration HOLD_AT_MOST = Duration.ofSeconds(60);

    private final String method;
    private final Pattern path;
    private final boolean servedFirst;
    private final CompletableFuture<RecordedRequest> arrived = new CompletableFuture<>();
    private final CountDownLatch released = new CountDownLatch(1);

    Stall(String method, Pattern path, boolean servedFirst) {
        this.method = method;
        this.path = path;
        this.servedFirst = servedFirst;
    }

    /** Whether the request is served before it is held (only its answer waits), rather than held unserved. */
    boolean servedFirst() {
        return servedFirst;
    }

    /** Called with the fake's lock held: whether this stall is unused and takes this request. */
    boolean takes(String requestMethod, String requestPath) {
        return !arrived.isDone() && method.equals(requestMethod) && path.matcher(requestPath).matches();
    }

    /**
     * Called on the REST thread: records the request (status 0: not answered yet) and holds it; a stall served first
     * holds it once the fake has served it.
     */
    boolean hold(RecordedRequest request) throws InterruptedException {
        arrived.complete(request);
        return released.await(HOLD_AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until the stalled request arrives (for a stall served first: has been served); its headers say who sent
     * it (JDA's User-Agent names the shard).
     */
    public RecordedRequest awaitArrival(Duration timeout) {
        try {
            return arrived.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("No " + method + " " + path + " arrived within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a stalled request", e);
        }
    }

    /** Whether the request has arrived and is being held (or was). */
    public boolean arrived() {
        return arrived.isDone();
    }

    /** Lets the request go on: the fake answers it as usual (to a client that may be gone). */
    public void release() {
        released.countDown();
    }
}
