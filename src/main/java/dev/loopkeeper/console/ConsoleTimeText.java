package dev.loopkeeper.console;

import dev.loopkeeper.common.TimeText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Spells out a moment relative to now, as Discord's relative timestamps read: "3 days ago", "in 2 hours". */
public final class ConsoleTimeText implements TimeText {
    private final Clock clock;

    public ConsoleTimeText(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String relative(Instant moment) {
        Duration between = Duration.between(clock.instant(), moment);
        boolean future = !between.isNegative() && !between.isZero();
        long seconds = Math.abs(between.getSeconds());
        if (seconds < 60) {
            return future ? "in a moment" : "just now";
        }
        String amount;
        if (seconds < 3600) {
            amount = plural(seconds / 60, "minute");
        } else if (seconds < 86_400) {
            amount = plural(seconds / 3600, "hour");
        } else if (seconds < 86_400L * 14) {
            amount = plural(seconds / 86_400, "day");
        } else if (seconds < 86_400L * 60) {
            amount = plural(seconds / (86_400L * 7), "week");
        } else if (seconds < 86_400L * 365) {
            amount = plural(seconds / (86_400L * 30), "month");
        } else {
            amount = plural(seconds / (86_400L * 365), "year");
        }
        return future ? "in " + amount : amount + " ago";
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
