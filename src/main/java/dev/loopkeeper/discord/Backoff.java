package dev.loopkeeper.discord;

import java.time.Duration;

/**
 * How long to wait before the next attempt to reach Discord at start-up: {@code first}, doubling after each failed
 * attempt, never more than {@code max}. Tests pass milliseconds; the bot uses {@link #standard()}.
 */
public record Backoff(Duration first, Duration max) {

    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("Backoff needs 0 < first <= max, got " + first + " and " + max);
        }
    }

    /** 5 s, 10 s, 20 s, 40 s, then every 60 s. */
    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    /** The wait after failed attempt number {@code attempt} (the first attempt is 1). */
    public Duration delay(int attempt) {
        Duration delay = first;
        for (int i = 1; i < attempt && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** "5 s", or "250 ms" below a second. */
    static String describe(Duration delay) {
        return delay.toMillis() < 1000 || delay.toMillis() % 1000 != 0
                ? delay.toMillis() + " ms"
                : delay.toSeconds() + " s";
    }
}
