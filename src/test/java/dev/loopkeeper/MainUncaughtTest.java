package dev.loopkeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.loopkeeper.support.LogLines;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A thread's uncaught error goes to the log, not raw to the terminal: JDA's rate limiter interrupted while its JDA
 * shuts down (between connection attempts) at debug; another JDA error as one line; Loopkeeper's own with its trace.
 */
class MainUncaughtTest {

    @Test
    void eachKindOfUncaughtErrorIsLoggedAtItsLevel() {
        List<ILoggingEvent> events = LogLines.of(Main.class, () -> {
            Main.uncaught(new Thread("JDA RateLimit-Elastic-Worker 1"),
                    new IllegalStateException("Unable to acquire lock while thread is interrupted!"));
            Main.uncaught(new Thread("JDA MainWS-WriteThread"), new IllegalArgumentException("bad frame"));
            Main.uncaught(new Thread("loopkeeper-rank"), new IllegalStateException("a bug of ours"));
        });
        assertEquals(List.of(Level.DEBUG, Level.WARN, Level.DEBUG, Level.ERROR),
                events.stream().map(ILoggingEvent::getLevel).toList());
        assertNull(events.get(1).getThrowableProxy(), "a JDA thread's other error: one line, its trace at debug");
        assertNotNull(events.get(3).getThrowableProxy(), "our own thread's error keeps its stack trace");
    }
}
