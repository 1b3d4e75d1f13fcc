package dev.loopkeeper.e2e.fake;

import net.dv8tion.jda.api.utils.data.DataObject;

import java.time.Duration;
import java.util.Map;

/**
 * A canned error answer the fake gives instead of serving a request (see {@link FakeDiscord#failNext}); with
 * {@code servedFirst}, after serving it (the work is done, only the answer is lost).
 */
public record Fault(int status, Map<String, String> headers, DataObject body, boolean servedFirst) {

    public Fault(int status, Map<String, String> headers, DataObject body) {
        this(status, headers, body, false);
    }

    /**
     * Discord did what was asked (a message was created) but its edge answered with a retryable 5xx, as when a
     * gateway between times out: JDA tries again, and only the message's nonce tells Discord it is the same message.
     */
    public static Fault answerLost(int status) {
        return new Fault(status, Map.of(), DataObject.empty().put("message", "fake lost answer").put("code", 0), true);
    }

    /**
     * An HTTP 5xx. Note that JDA retries only 502, 503, 504, 520-524 and 529 (after 0.5 s, 1 s, ...); any other
     * status, 500 included, surfaces at once as an {@code ErrorResponseException}.
     */
    public static Fault serverError(int status) {
        return new Fault(status, Map.of(), DataObject.empty().put("message", "fake server error").put("code", 0));
    }

    /**
     * A per-route 429. The {@code Via} header matters: without it JDA takes the 429 for a Cloudflare ban and
     * pauses every route. JDA reads Retry-After in whole seconds, so it waits at least one second.
     */
    public static Fault rateLimited(Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new Fault(429, Map.of(
                "Retry-After", Long.toString(seconds),
                "X-RateLimit-Bucket", "fake-bucket",
                "X-RateLimit-Limit", "5",
                "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset-After", Long.toString(seconds),
                "X-RateLimit-Scope", "user",
                "Via", "1.1 google"),
                DataObject.empty().put("message", "You are being rate limited.")
                        .put("retry_after", (double) seconds).put("global", false).put("code", 0));
    }

    /** A Discord JSON error with the given HTTP status, error code and message. */
    public static Fault discordError(int status, int code, String message) {
        return new Fault(status, Map.of(), DataObject.empty().put("message", message).put("code", code));
    }
}
