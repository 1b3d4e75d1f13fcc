package dev.loopkeeper.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.read.ListAppender;
import java.net.URL;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The production logback.xml: JDA's line for a REST request that cannot connect shows at DEBUG only. */
class DebugOnlyLinesTest {
    private static final String REQUESTER = "net.dv8tion.jda.internal.requests.Requester";

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> seen = new ListAppender<>();

    @BeforeEach
    void configureAsInProduction() throws JoranException {
        // The test classpath also holds logback-test.xml; this is the file the jar ships.
        URL production = DebugOnlyLinesTest.class.getResource("/logback.xml");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(production);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender("STDERR");
        seen.setContext(context);
        seen.start();
        root.addAppender(seen);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aRestConnectionFailureIsHiddenAtTheDefaultLevel() {
        context.getLogger(REQUESTER).error("There was an I/O error while executing a REST request: {}",
                "Failed to connect to /127.0.0.1:9");
        context.getLogger(REQUESTER).error("DNS resolution failed: {}", "discord.com");

        assertEquals(List.of(), messages());
    }

    @Test
    void itShowsWhenThatLoggerIsAtDebug() {
        context.getLogger(REQUESTER).setLevel(Level.DEBUG);

        context.getLogger(REQUESTER).error("There was an I/O error while executing a REST request: {}",
                "Failed to connect to /127.0.0.1:9");

        assertEquals(List.of("There was an I/O error while executing a REST request: Failed to connect to /127.0.0.1:9"),
                messages());
    }

    @Test
    void otherLinesOfThatLoggerAndOtherLoggersStillShow() {
        context.getLogger(REQUESTER).error("There was an unexpected error while executing a REST request");
        context.getLogger(DiscordBot.class).warn("Cannot reach Discord at {} ({}); retrying in {}",
                "https://discord.com/api/v10/", "Connection refused", "5 s");

        assertEquals(List.of("There was an unexpected error while executing a REST request",
                "Cannot reach Discord at https://discord.com/api/v10/ (Connection refused); retrying in 5 s"),
                messages());
    }

    private List<String> messages() {
        return seen.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }
}
