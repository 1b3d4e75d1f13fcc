package dev.loopkeeper.console;

import dev.loopkeeper.common.TimeText;
import dev.loopkeeper.settings.PersonSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Spells out moments as Discord's timestamps read: "3 days ago", "in 2 hours", "Tue 3 Mar 10:00 UTC". Dates are
 * in the person's time zone, the one reminders and quiet hours use.
 */
public final class ConsoleTimeText implements TimeText {
    private static final DateTimeFormatter THIS_YEAR = DateTimeFormatter.ofPattern("EEE d MMM HH:mm z", Locale.ENGLISH);
    private static final DateTimeFormatter OTHER_YEAR =
            DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm z", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final long MINUTE = 60;
    private static final long HOUR = 3600;
    private static final long DAY_SECONDS = 86_400;

    private final Clock clock;
    private final Supplier<ZoneId> zone;

    public ConsoleTimeText(Clock clock, Supplier<ZoneId> zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * Rounded to the nearest unit, as Discord does: a focus set "for 2d" reads "in 2 days" a moment later, not
     * "in 1 day" because a few milliseconds have passed.
     */
    @Override
    public String relative(Instant moment) {
        Duration between = Duration.between(clock.instant(), moment);
        boolean future = !between.isNegative() && !between.isZero();
        long seconds = Math.round(Math.abs(between.toMillis()) / 1000.0);
        if (seconds < 45) {
            return future ? "in a moment" : "just now";
        }
        String amount;
        if (seconds < 45 * MINUTE) {
            amount = plural(rounded(seconds, MINUTE), "minute");
        } else if (seconds < 22 * HOUR) {
            amount = plural(rounded(seconds, HOUR), "hour");
        } else if (seconds < 13 * DAY_SECONDS + DAY_SECONDS / 2) {
            amount = plural(rounded(seconds, DAY_SECONDS), "day");
        } else if (seconds < 60 * DAY_SECONDS) {
            amount = plural(rounded(seconds, 7 * DAY_SECONDS), "week");
        } else if (seconds < 365 * DAY_SECONDS) {
            amount = plural(rounded(seconds, 30 * DAY_SECONDS), "month");
        } else {
            amount = plural(rounded(seconds, 365 * DAY_SECONDS), "year");
        }
        return future ? "in " + amount : amount + " ago";
    }

    @Override
    public String dateTime(Instant moment) {
        ZonedDateTime local = moment.atZone(zone());
        boolean sameYear = local.getYear() == clock.instant().atZone(local.getZone()).getYear();
        return (sameYear ? THIS_YEAR : OTHER_YEAR).format(local);
    }

    @Override
    public String date(Instant moment) {
        return DAY.format(moment.atZone(zone()));
    }

    /** The person's zone; UTC by its name, which reads better than the offset's "Z". */
    private ZoneId zone() {
        ZoneId current = zone.get();
        return current.equals(ZoneOffset.UTC) ? PersonSettings.UTC : current;
    }

    private static long rounded(long seconds, long unit) {
        return Math.max(1, (seconds + unit / 2) / unit);
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
