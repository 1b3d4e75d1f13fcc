package dev.loopkeeper.discord;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;
import java.util.Set;

/**
 * The throwable part of a terminal log line (see logback.xml): when the failure is that a connection could not be
 * made (Discord unreachable, a name that does not resolve), the line ends with the socket's own words instead of a
 * stack trace, unless its logger is at DEBUG. JDA logs such failures of requests queued without a failure handler
 * with the whole chain, several dozen lines each, though the line above the trace already says what happened.
 * Every other throwable is printed in full, on the lines after the message, as Logback's {@code %ex} does.
 */
public final class OneLineConnectionErrors extends ThrowableProxyConverter {
    private static final Set<String> CONNECTION_FAILURES = Set.of(
            "java.net.ConnectException",
            "java.net.NoRouteToHostException",
            "java.net.UnknownHostException",
            "java.net.SocketTimeoutException",
            "java.net.SocketException",
            "java.net.http.HttpConnectTimeoutException");

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown == null) {
            return "";
        }
        IThrowableProxy failure = connectionFailure(thrown);
        if (failure != null && !debug(event)) {
            String name = failure.getClassName().substring(failure.getClassName().lastIndexOf('.') + 1);
            return " (" + name + (failure.getMessage() == null ? "" : ": " + failure.getMessage()) + ")";
        }
        String trace = super.convert(event);
        if (trace.endsWith(CoreConstants.LINE_SEPARATOR)) {
            trace = trace.substring(0, trace.length() - CoreConstants.LINE_SEPARATOR.length());
        }
        return CoreConstants.LINE_SEPARATOR + trace;
    }

    /** The innermost connection failure in the chain, or null. */
    private static IThrowableProxy connectionFailure(IThrowableProxy thrown) {
        IThrowableProxy found = null;
        for (IThrowableProxy t = thrown; t != null; t = t.getCause()) {
            if (CONNECTION_FAILURES.contains(t.getClassName())) {
                found = t;
            }
        }
        return found;
    }

    private boolean debug(ILoggingEvent event) {
        if (!(getContext() instanceof LoggerContext loggers)) {
            return false;
        }
        return loggers.getLogger(event.getLoggerName()).getEffectiveLevel().toInt() <= Level.DEBUG_INT;
    }
}
