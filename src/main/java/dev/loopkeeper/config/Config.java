package dev.loopkeeper.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything Loopkeeper reads at start-up, validated once. The token is absent in console and score
 * modes and is never printed: {@link #toString()} masks it.
 */
public record Config(
        Optional<String> discordToken,
        Path databasePath,
        Optional<String> devGuildId,
        int workers,
        int maxOpenLoops,
        int pageSize,
        Optional<URI> discordApiBase,
        Optional<URI> discordGatewayUrl,
        Relevance relevance,
        int serverGraceDays,
        Nudges nudges) {

    /** Reminder policy and work-log settings; see config/loopkeeper.properties. */
    public record Relevance(double threshold, int cooldownDays, int dailyCap, int worklogFocusHours,
            boolean messageContent, int indexMegabytes) {
    }

    /** Weekly nudges: how many weeks a peripheral loop rests untouched before a nudge offers to let it go. */
    public record Nudges(int untouchedWeeks) {
    }

    @Override
    public String toString() {
        return "Config[discordToken=" + discordToken.map(t -> "***").orElse("<none>")
                + ", databasePath=" + databasePath
                + ", devGuildId=" + devGuildId.orElse("<global>")
                + ", workers=" + workers
                + ", maxOpenLoops=" + maxOpenLoops
                + ", pageSize=" + pageSize
                + ", discordApiBase=" + discordApiBase.map(URI::toString).orElse("<discord>")
                + ", discordGatewayUrl=" + discordGatewayUrl.map(URI::toString).orElse("<discord>")
                + ", relevance=" + relevance
                + ", serverGraceDays=" + serverGraceDays
                + ", nudges=" + nudges + "]";
    }
}
