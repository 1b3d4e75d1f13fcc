package dev.loopkeeper.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/** What a class logs while some work runs, at every level, kept from the console. */
public final class LogLines {
    private LogLines() {
    }

    /** The lines {@code source}'s logger wrote, at any level, while {@code work} ran. */
    public static List<ILoggingEvent> of(Class<?> source, Runnable work) {
        return watching(source, lines -> work.run());
    }

    /**
     * The same, the lines so far handed to {@code work} as they come (from any thread), so it can wait for one that
     * another thread writes.
     */
    public static List<ILoggingEvent> watching(Class<?> source, Consumer<List<ILoggingEvent>> work) {
        Logger logger = (Logger) LoggerFactory.getLogger(source);
        Level before = logger.getLevel();
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.list = new CopyOnWriteArrayList<>();
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.TRACE);
        logger.setAdditive(false);
        try {
            work.accept(lines.list);
        } finally {
            logger.setAdditive(true);
            logger.detachAppender(lines);
            logger.setLevel(before);
        }
        return lines.list;
    }
}
