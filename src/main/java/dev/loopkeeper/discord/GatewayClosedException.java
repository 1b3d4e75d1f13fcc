package dev.loopkeeper.discord;

import java.util.Optional;
import net.dv8tion.jda.api.requests.CloseCode;

/**
 * Discord closed the gateway connection during start-up with a code JDA does not reconnect after, and JDA shut down:
 * the close code says why ({@link CloseCode#DISALLOWED_INTENTS}: a privileged intent the Developer Portal does not
 * allow), so that {@code Main} can say what to change in one line.
 */
public final class GatewayClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;

    public GatewayClosedException(int code) {
        super("Discord closed the connection during start-up (close code " + code
                + Optional.ofNullable(CloseCode.from(code)).map(c -> ": " + c.getMeaning()).orElse("") + ")");
        this.code = code;
    }

    /** The close code as Discord sent it. */
    public int code() {
        return code;
    }

    /** JDA's name for it, when it has one. */
    public Optional<CloseCode> closeCode() {
        return Optional.ofNullable(CloseCode.from(code));
    }
}
