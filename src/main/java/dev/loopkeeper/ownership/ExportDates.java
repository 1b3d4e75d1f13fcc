package dev.loopkeeper.ownership;

import dev.loopkeeper.settings.PersonSettings;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * Times as the readable exports give them: in the time zone the person gave (to {@code /focus quiet}, else to
 * {@code /nudge set}; UTC when they gave none), to the minute, as a spreadsheet reads a date ("2026-03-02 11:00"), with
 * the offset only where the clock shows that minute twice. The stored instants ("2026-03-02T10:00:00.123Z") stay in the
 * JSON form.
 *
 * @param given whether the zone is one the person gave
 */
record ExportDates(ZoneId zone, boolean given) {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx", Locale.ROOT);

    /** The zone the export's own settings name, as the rest of Loopkeeper reads the person's dates. */
    static ExportDates of(Export export) {
        return zone(export, "person_settings").or(() -> zone(export, "nudge_schedule"))
                .map(zone -> new ExportDates(zone, true)).orElse(new ExportDates(PersonSettings.UTC, false));
    }

    private static Optional<ZoneId> zone(Export export, String table) {
        for (var row : export.rows(table)) {
            if (row.get("zone") instanceof String id) {
                try {
                    return Optional.of(PersonSettings.zone(id));
                } catch (DateTimeException e) {
                    return Optional.empty(); // a zone this machine does not know: UTC, as the rest of Loopkeeper
                }
            }
        }
        return Optional.empty();
    }

    /** A stored time (epoch milliseconds) in the person's zone; "?" for a time not given. */
    String time(Object millis) {
        return time(millis, "?");
    }

    /**
     * A stored time (epoch milliseconds) in the person's zone; {@code none} for a time not given. In the hour a clock
     * change repeats (New York's 01:30 on 1 November 2026 comes twice) the offset follows, "2026-11-01 01:30
     * (UTC-04:00)", so the two read apart; other times stay as a spreadsheet reads a date, and the header names the zone.
     */
    String time(Object millis, String none) {
        if (!(millis instanceof Number n)) {
            return none;
        }
        ZonedDateTime local = Instant.ofEpochMilli(n.longValue()).atZone(zone);
        String minute = MINUTE.format(local);
        boolean repeated = zone.getRules().getValidOffsets(local.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES))
                .size() > 1;
        return repeated ? minute + " (UTC" + OFFSET.format(local) + ")" : minute;
    }

    /** The zone's name, for the front matter and the CSV's headers. */
    String name() {
        return zone.getId();
    }

    /** The line that says which zone the times are in. */
    String note() {
        return given ? "Times are in your time zone, " + name() + "."
                : "Times are in UTC: you have given no time zone (/focus quiet or /nudge set take one).";
    }
}
