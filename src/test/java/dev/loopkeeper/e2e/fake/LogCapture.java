package dev.loopkeeper.e2e.fake;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps every WARN and ERROR line logged in this JVM while a fake runs: JDA reports payloads it cannot parse only
 * as a WARN, so a test that times out needs these lines to explain why. Does nothing if SLF4J is not bound to
 * Logback.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger root;
    private final Runnable onLine;

    /** {@code onLine} runs after each captured line, so waiters can wake up. */
    LogCapture(Runnable onLine) {
        this.onLine = onLine;
        setName("fake-discord-capture-" + System.identityHashCode(this));
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            setContext(context);
            root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            start();
            root.addAppender(this);
        } else {
            root = null;
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            IThrowableProxy thrown = event.getThrowableProxy();
            lines.add(event.getLevel() + " [" + event.getThreadName() + "] " + event.getLoggerName() + " - "
                    + event.getFormattedMessage()
                    + (thrown == null ? "" : " (" + thrown.getClassName() + ": " + thrown.getMessage() + ")"));
            onLine.run();
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    void detach() {
        if (root != null) {
            root.detachAppender(this);
            stop();
        }
    }
}
