package dev.loopkeeper.discord;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Marker;

/**
 * A Logback filter (see logback.xml) that shows the lines of one logger starting with given words only when that
 * logger is at DEBUG. JDA logs each REST request that cannot connect as an ERROR, though the failure also reaches
 * whoever made the request, and at start-up {@link DiscordBot} already says it in its one-line retry warning.
 */
public final class DebugOnlyLines extends TurboFilter {
    private String loggerName = "";
    private final List<String> prefixes = new ArrayList<>();

    /** The logger whose lines are filtered, by its full name. */
    public void setLogger(String loggerName) {
        this.loggerName = loggerName;
    }

    /** One {@code <prefix>} element per kind of line; a line is filtered when its message pattern starts so. */
    public void addPrefix(String prefix) {
        prefixes.add(prefix);
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable thrown) {
        if (format == null || !logger.getName().equals(loggerName) || prefixes.stream().noneMatch(format::startsWith)) {
            return FilterReply.NEUTRAL;
        }
        // The effective level, not isDebugEnabled(): that would ask the turbo filters, this one included, again.
        return logger.getEffectiveLevel().isGreaterOrEqual(Level.INFO) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
