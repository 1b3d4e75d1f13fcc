package dev.loopkeeper.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.status.Status;
import java.net.ConnectException;
import java.net.URL;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production logback.xml on the terminal: JDA's line for a REST request that cannot connect shows at DEBUG only,
 * and a failure to connect ends its line with the socket's words instead of a stack trace.
 */
class LogbackConfigTest {
    private static final String REQUESTER = "net.dv8tion.jda.internal.requests.Requester";

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> seen = new ListAppender<>();
    private Layout<ILoggingEvent> terminal;

    @BeforeEach
    void configureAsInProduction() throws JoranException {
        // The test classpath also holds logback-test.xml; this is the file the jar ships.
        URL production = LogbackConfigTest.class.getResource("/logback.xml");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(production);
        // A warning here makes Logback print its whole status report at every start-up.
        assertEquals(List.of(), context.getStatusManager().getCopyOfStatusList().stream()
                .filter(status -> status.getLevel() >= Status.WARN).map(Status::getMessage)
                .collect(Collectors.toList()));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
        terminal = ((PatternLayoutEncoder) stderr.getEncoder()).getLayout();
        root.detachAppender(stderr);
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

        assertEquals(List.of(
                "There was an I/O error while executing a REST request: Failed to connect to /127.0.0.1:9"),
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

    @Test
    void aConnectionFailureEndsItsLineInsteadOfAStackTrace() {
        context.getLogger("net.dv8tion.jda.api.requests.RestAction").error(
                "RestAction queue returned failure: [{}] {}", "ErrorResponseException", "-1: java.net.ConnectException",
                unreachable());

        String line = terminal.doLayout(seen.list.get(0));

        assertTrue(line.endsWith(" - RestAction queue returned failure: [ErrorResponseException] -1: "
                + "java.net.ConnectException (ConnectException: Connection refused)" + System.lineSeparator()), line);
        assertEquals(1, line.lines().count(), line);
    }

    @Test
    void atDebugTheConnectionFailureKeepsItsStackTrace() {
        context.getLogger(DiscordBot.class).setLevel(Level.DEBUG);

        context.getLogger(DiscordBot.class).debug("Attempt 1 to reach Discord failed", unreachable());

        String text = terminal.doLayout(seen.list.get(0));
        assertTrue(text.lines().count() > 3 && text.contains("\tat ") && text.contains("Connection refused"), text);
    }

    @Test
    void anyOtherExceptionIsPrintedInFullOnTheLinesAfterTheMessage() {
        context.getLogger(DiscordBot.class).error("Registering global commands failed",
                new IllegalStateException("boom"));

        List<String> lines = terminal.doLayout(seen.list.get(0)).lines().collect(Collectors.toList());
        assertTrue(lines.get(0).endsWith(" - Registering global commands failed"), lines.get(0));
        assertEquals("java.lang.IllegalStateException: boom", lines.get(1));
        assertTrue(lines.get(2).startsWith("\tat "), lines.get(2));
    }

    /** The chain JDA builds when the socket is refused: its own exception around okhttp's around the socket's. */
    private static RuntimeException unreachable() {
        ConnectException okhttp = new ConnectException("Failed to connect to /127.0.0.1:9");
        okhttp.initCause(new ConnectException("Connection refused"));
        return new RuntimeException("-1: java.net.ConnectException", okhttp);
    }

    private List<String> messages() {
        return seen.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }
}
