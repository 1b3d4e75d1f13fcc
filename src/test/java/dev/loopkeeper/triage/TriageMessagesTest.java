package dev.loopkeeper.triage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.LoopStatus;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Triage;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A card echoes the concept, the why and a focus text, and fits one Discord message however long they are. */
class TriageMessagesTest {
    private final TriageMessages messages = new TriageMessages(moment -> "3 weeks ago");

    @Test
    void aCardWithTheLongestTextsFitsOneMessage() {
        String concept = "*".repeat(200);
        String why = "_".repeat(1000);
        String focus = "`".repeat(1000);
        OpenLoop loop = new OpenLoop(7, "100", concept, why,
                new Origin("1", "2", "https://discord.com/channels/1/2/3", null), Triage.UNTRIAGED, LoopStatus.OPEN,
                null, null, Instant.EPOCH, Instant.EPOCH, null);
        String card = messages.card(new TriageCard(loop,
                Optional.of(new Suggestion(Triage.CORE, Suggestion.Basis.FOCUS, focus, 0.7)), 12));
        assertTrue(UserText.length(card) <= UserText.MESSAGE_LIMIT, "length " + UserText.length(card));
        assertTrue(card.contains("Suggested: **core**"), card);
        assertTrue(card.contains("[source](https://discord.com/channels/1/2/3)"), card);
        assertTrue(TriageMessages.matchesFocus(focus).length() < 300);
    }

    @Test
    void aFarSuggestionNamesOnlyWhatItWasComparedWith() {
        OpenLoop loop = new OpenLoop(7, "100", "sourdough starter", null, new Origin(null, null, null, null),
                Triage.UNTRIAGED, LoopStatus.OPEN, null, null, Instant.EPOCH, Instant.EPOCH, null);
        Map<Suggestion.Basis, String> reasons = Map.of(
                Suggestion.Basis.FAR, "it is far from your core loops and from what you work on now.",
                Suggestion.Basis.FAR_FROM_FOCUS, "it is far from what you work on now.",
                Suggestion.Basis.FAR_FROM_CORE, "it is far from your core loops.");
        reasons.forEach((basis, reason) -> {
            String card = messages.card(new TriageCard(loop,
                    Optional.of(new Suggestion(Triage.PERIPHERAL, basis, null, 0.1)), 1));
            assertTrue(card.contains("Suggested: **peripheral**: " + reason), card);
        });
    }
}
