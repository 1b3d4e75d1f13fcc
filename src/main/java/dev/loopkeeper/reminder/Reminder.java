package dev.loopkeeper.reminder;

import dev.loopkeeper.delivery.Mail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One reminder: the focus that triggered it and up to three parked loops that match it, each with why.
 * {@code focusGuildId} is the server the focus came from (null for a direct message or the console).
 * {@code waitedForCap} when a daily cap held it back to the person's next day, {@code serverCap} when that cap was only
 * the one of the server the focus came from ({@code /settings caps}); {@code moreMatched} when more loops matched than it
 * shows. How it travels (scheduled, sent, held) is the outbox's business.
 */
public record Reminder(long id, String ownerId, long focusId, String focusText, String focusGuildId, Instant createdAt,
        boolean waitedForCap, boolean serverCap, boolean moreMatched, List<Item> items) implements Mail {

    /** The outbox's name for reminders. */
    public static final String KIND = "reminder";

    public Reminder {
        items = List.copyOf(items);
    }

    /**
     * A matched loop as the reminder shows it; {@code reason} is why it matched, in words (never the score);
     * {@code whys} holds its why and those it gathered later (parked again, or a loop merged into it), oldest first.
     * {@code guildId} and {@code channelId} say where it was parked (null in a DM or the console).
     * {@code whysWhereParked} are those of its whys known to have been typed in that server, the ones that server's
     * channel may show: a why typed in a DM or another server (parked again, or its own why replaced with /edit there)
     * was seen by its author alone.
     */
    public record Item(long loopId, String concept, double score, String reason, Instant parkedAt, String guildId,
            String messageUrl, String channelId, List<String> whys, List<String> whysWhereParked) {

        public Item {
            whys = List.copyOf(whys);
            whysWhereParked = List.copyOf(whysWhereParked);
        }

        /**
         * An item none of whose whys is known to have been typed where it was parked: a server's channel shows none of
         * them (its owner sees them all in a DM). A caller that knows better says which, with the full constructor.
         */
        public Item(long loopId, String concept, double score, String reason, Instant parkedAt, String guildId,
                String messageUrl, String channelId, List<String> whys) {
            this(loopId, concept, score, reason, parkedAt, guildId, messageUrl, channelId, whys, List.of());
        }
    }

    /** The same reminder with only some of its items, for a server channel that may show only its own loops. */
    public Reminder only(List<Item> subset) {
        return new Reminder(id, ownerId, focusId, focusText, focusGuildId, createdAt, waitedForCap, serverCap,
                moreMatched, subset);
    }

    @Override
    public String recipientId() {
        return ownerId;
    }

    /** Only the loops not parked in those servers: what their channels did not show. */
    @Override
    public Optional<Mail> withoutPartsFor(Set<String> postedIn) {
        if (postedIn.isEmpty()) {
            return Optional.of(this);
        }
        List<Item> left = items.stream().filter(item -> item.guildId() == null || !postedIn.contains(item.guildId()))
                .toList();
        return left.isEmpty() ? Optional.empty() : Optional.of(only(left));
    }

    /** A loop parked in a server may be shown in that server's channel; one parked in a DM never leaves it. */
    @Override
    public ServerParts serverParts() {
        Map<String, List<Item>> byServer = new LinkedHashMap<>();
        boolean whole = true;
        for (Item item : items) {
            if (item.guildId() == null) {
                whole = false;
            } else {
                byServer.computeIfAbsent(item.guildId(), g -> new ArrayList<>()).add(item);
            }
        }
        Map<String, Mail> parts = new LinkedHashMap<>();
        byServer.forEach((guild, subset) -> parts.put(guild, only(subset)));
        return new ServerParts(parts, whole);
    }
}
