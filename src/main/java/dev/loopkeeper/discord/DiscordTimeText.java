package dev.loopkeeper.discord;

import dev.loopkeeper.common.TimeText;
import java.time.Instant;

/** Discord's own relative timestamp, shown in each reader's language and time zone. */
public final class DiscordTimeText implements TimeText {
    @Override
    public String relative(Instant moment) {
        return "<t:" + moment.getEpochSecond() + ":R>";
    }
}
