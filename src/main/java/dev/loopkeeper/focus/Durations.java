package dev.loopkeeper.focus;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations people type: {@code 90m}, {@code 3h}, {@code 2d}, {@code 1w}, {@code 1y} (365 days, the longest
 * a focus may last, which the refusal of a longer one names), {@code 1d12h}, and the same in words: {@code 3 days},
 * {@code 1 hour 30 minutes}, {@code 2 weeks, 3 days}, {@code 1 day and 12 hours}. "m" is minutes; months are refused by
 * name, since they differ in length.
 */
public final class Durations {
    /** Each unit's spellings, longest first so "hours" is not read as "h" and a stray "ours". */
    private static final String UNIT = "(minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w|years?|yrs?|y)";
    private static final String PART_TEXT = "(\\d{1,4})\\s*" + UNIT;
    private static final Pattern WHOLE = Pattern.compile(PART_TEXT + "(\\s*(,\\s*)?(and\\s+)?" + PART_TEXT + ")*");
    private static final Pattern PART = Pattern.compile(PART_TEXT);
    private static final Pattern MONTHS = Pattern.compile("\\d{1,4}\\s*(mo|mos|mon|month|months)");

    /** The most of a refused duration quoted back (escaped, so it shows as typed: the console has no length limit). */
    private static final int ECHOED = 40;

    private Durations() {
    }

    public static Duration parse(String text) {
        String clean = UserText.narrow(text).strip().toLowerCase(Locale.ROOT);
        if (MONTHS.matcher(clean).find()) {
            throw new InvalidInputException("Months differ in length, so give weeks or days instead: 4w, 30d.");
        }
        if (!WHOLE.matcher(clean).matches()) {
            throw new InvalidInputException("'" + UserText.fitEcho(text.strip(), ECHOED) + "' is not a duration I can read. "
                    + "Use a number and a unit: 90m, 3h, 2d, 1w, 1y (combined, like 1d12h, or in words, like 3 days).");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(clean);
        while (part.find()) {
            long n = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2).charAt(0)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                case 'w' -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(365 * n);
            });
        }
        if (total.isZero()) {
            throw new InvalidInputException("A focus needs a duration above zero, such as 3h.");
        }
        if (total.compareTo(FocusLimits.MAX_DURATION) > 0) {
            throw new InvalidInputException("That is longer than a year. Leave `for` out to keep the focus until you clear it.");
        }
        return total;
    }
}
