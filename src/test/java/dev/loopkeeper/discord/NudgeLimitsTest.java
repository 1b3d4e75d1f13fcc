package dev.loopkeeper.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.LoopLimits;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.nudge.DigestService;
import dev.loopkeeper.nudge.DigestSource;
import dev.loopkeeper.nudge.Nudge;
import dev.loopkeeper.nudge.NudgeMessages;
import dev.loopkeeper.nudge.NudgeService;
import dev.loopkeeper.nudge.Prompt;
import dev.loopkeeper.nudge.ReabstractionPrompts;
import dev.loopkeeper.nudge.Reflection;
import dev.loopkeeper.nudge.ReflectionPage;
import dev.loopkeeper.nudge.ServerDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.junit.jupiter.api.Test;

/** A nudge, the reflections list and a digest with the longest texts people can type still fit one Discord message. */
class NudgeLimitsTest {
    private static final Instant NOW = Instant.parse("2026-11-29T17:00:00Z");
    /** Markdown characters double when escaped: the worst case for an echo. */
    private static final String CONCEPT = "*_".repeat(LoopLimits.MAX_CONCEPT / 2);
    private static final String TAKEAWAY = "`~".repeat(LoopLimits.MAX_TAKEAWAY / 2);
    private static final String OWNER = "1".repeat(19);

    private static Nudge longest() {
        List<Nudge.Closed> closed = new ArrayList<>();
        List<Nudge.LoopLine> core = new ArrayList<>();
        List<Nudge.LoopLine> untouched = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            closed.add(new Nudge.Closed(9_000_000_000_000_000L + i, CONCEPT + i, Outcome.APPLIED, TAKEAWAY));
            untouched.add(new Nudge.LoopLine(Long.MAX_VALUE - i, CONCEPT, NOW.minus(Duration.ofDays(400))));
        }
        for (int i = 0; i < 3; i++) {
            core.add(new Nudge.LoopLine(i, CONCEPT, NOW.minus(Duration.ofDays(3000))));
        }
        List<Prompt> prompts = new ArrayList<>();
        for (ReabstractionPrompts.Template template : ReabstractionPrompts.TEMPLATES.subList(0, 2)) {
            prompts.add(new Prompt(template.key(), 1, CONCEPT, template.about(CONCEPT)));
        }
        return new Nudge(Long.MAX_VALUE, OWNER, false, NOW.minus(Duration.ofDays(7)), NOW,
                new Nudge.Week(999_999, 999_999, 999_999, 999_999, closed), 999_999, NOW.minus(Duration.ofDays(9000)),
                core, prompts, untouched, 999_999);
    }

    @Test
    void aNudgeWithTheLongestTextsFitsWithItsButtons() {
        Nudge nudge = longest();
        MessageCreateData message = NudgeCommand.message(nudge, "You missed this while your DMs were closed:\n");
        assertTrue(UserText.length(message.getContent()) <= UserText.MESSAGE_LIMIT, message.getContent());
        assertTrue(message.getContent().contains("To think about"), "the questions survive shortening");
        assertTrue(message.getContent().contains("Open loops are allowed to exist."));
        // Fitted by shortening the echoes alone: the end of the text is whole (a takeaway's brackets, not counted as
        // fixed text, had it cut at its end).
        assertTrue(message.getContent().endsWith("Nothing is deleted unless you say so."), message.getContent());
        List<Button> buttons = new ArrayList<>();
        message.getComponents().forEach(c -> buttons.addAll(((ActionRow) c).getButtons()));
        assertEquals(List.of("Reflect on 1", "Reflect on 2", "Let them go", "Keep them"),
                buttons.stream().map(Button::getLabel).toList());
        buttons.forEach(b -> assertTrue(b.getCustomId().length() <= ComponentId.MAX_LENGTH, b.getCustomId()));
        assertTrue(message.getAllowedMentions().isEmpty(), "nothing in a nudge pings anyone");
        // The console's text with its hints fits too.
        String console = NudgeMessages.nudge(nudge, n -> "\n   Answer: /reflect loop:1 text:<your answer>", "\nhint");
        assertTrue(UserText.length(console) <= UserText.MESSAGE_LIMIT);
        assertTrue(console.endsWith("Nothing is deleted unless you say so.\nhint"), console);
    }

    @Test
    void theLongestReflectionsAndDigestFit() {
        List<Reflection> shown = new ArrayList<>();
        for (int i = 0; i < NudgeService.REFLECTIONS_SHOWN; i++) {
            shown.add(new Reflection(i, i, CONCEPT, ReabstractionPrompts.TEMPLATES.get(0).about(CONCEPT),
                    "*".repeat(NudgeService.MAX_REFLECTION), NOW));
        }
        String text = NudgeMessages.reflections(new ReflectionPage(shown, null, 0, NudgeService.REFLECTIONS_SHOWN,
                1_000), moment -> "<t:" + moment.getEpochSecond() + ":D>", " · next: /reflections loop:12 page:2");
        assertTrue(UserText.length(text) <= UserText.MESSAGE_LIMIT, text);
        assertTrue(text.endsWith("\nPage 1 of 100 · next: /reflections loop:12 page:2"), text);

        // Long answers beside a short one, with no question asked: the long ones are cut to one cap, the short one is
        // shown whole (the whole message was cut at its end, the short answer with it).
        List<Reflection> mixed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            mixed.add(new Reflection(i, 1, "Kalman filter", null, "x".repeat(NudgeService.MAX_REFLECTION), NOW));
        }
        mixed.add(new Reflection(4, 2, "B-tree", null, "pages are the unit of IO", NOW));
        String fitted = NudgeMessages.reflections(new ReflectionPage(mixed, null, 0, NudgeService.REFLECTIONS_SHOWN, 5),
                moment -> "1 Dec 2026", "");
        assertTrue(fitted.endsWith("\n  pages are the unit of IO"), fitted);
        assertTrue(UserText.length(fitted) <= UserText.MESSAGE_LIMIT);
        assertTrue(UserText.length(fitted) > UserText.MESSAGE_LIMIT - 10, "the long answers use the room there is");

        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add(UserText.fitEcho(CONCEPT, 120));
        }
        ServerDigest digest = new ServerDigest(1, "42", NOW, NOW, List.of(new DigestSource.Section("Poll results",
                lines), new DigestSource.Section("Most \"me too\"", lines)));
        assertTrue(UserText.length(DigestService.text(digest)) <= UserText.MESSAGE_LIMIT);
    }
}
