package dev.loopkeeper.discord;

import dev.loopkeeper.common.TimeText;
import java.time.Instant;

/** Discord's own timestamps, shown in each reader's language and time zone. */
public final class DiscordTimeText implements TimeText {
    @Override
    public String relative(Instant moment) {
        return "<t:" + moment.getEpochSecond() + ":R>";
    }

    @Override
    public String dateTime(Instant moment) {
        return "<t:" + moment.getEpochSecond() + ":f>";
    }

    @Override
    public String date(Instant moment) {
        return "<t:" + moment.getEpochSecond() + ":D>";
    }
}
