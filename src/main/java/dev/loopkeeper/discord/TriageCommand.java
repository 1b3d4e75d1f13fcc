package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.CLASS;
import static dev.loopkeeper.command.Commands.HOURS;
import static dev.loopkeeper.command.Commands.LOOP;
import static dev.loopkeeper.command.Commands.POLL;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.poll.PollMessages;
import dev.loopkeeper.triage.CardAnswer;
import dev.loopkeeper.triage.Tally;
import dev.loopkeeper.triage.TriageCard;
import dev.loopkeeper.triage.TriageMessages;
import dev.loopkeeper.triage.TriageService;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

/**
 * {@code /triage}: alone, the caller's untriaged loops one card at a time, with <b>Core</b>, <b>Adjacent</b>,
 * <b>Peripheral</b>, <b>Let it go</b> and <b>Skip</b>; each click edits the card in place, and the last shows what the
 * pass decided. A click on a card whose loop was closed or classified elsewhere changes nothing, says so, and shows the
 * next card. With {@code loop} and {@code class} it sets one loop's class; with {@code poll} it hands over to
 * {@link DiscordPolls}, which puts a server loop to the group's vote. It also answers the <b>Core</b> button a park
 * offers when the new concept matches the person's focus.
 *
 * <p>A card's buttons are {@code owner:triage.<action>:<loop>:<pass start>:<tally>}: the pass start (epoch ms, base
 * 36) keeps loops skipped in this pass out of it, and the tally carries the counts, so a pass holds no state on the
 * server and goes on after a restart.
 */
public final class TriageCommand extends CommandAdapter {
    public static final String KEY = "triage";
    /** {@code owner:triage.park:<loop>}: the park answer's "Core" button. */
    public static final String PARK_CORE = "park";

    private final TriageService triage;
    private final LoopService loops;
    private final TriageMessages messages;
    private final DiscordPolls polls;

    public TriageCommand(TriageService triage, LoopService loops, TriageMessages messages, DiscordPolls polls) {
        super(Commands.TRIAGE_LOOPS, KEY);
        this.triage = triage;
        this.loops = loops;
        this.messages = messages;
        this.polls = polls;
    }

    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        if (POLL.equals(event.getFocusedOption().getName())) {
            polls.suggest(event);
        } else {
            CloseCommand.suggestOpenLoops(loops, event);
        }
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        String owner = event.getUser().getId();
        String loopText = event.getOption(LOOP, OptionMapping::getAsString);
        String classText = event.getOption(CLASS, OptionMapping::getAsString);
        String pollText = event.getOption(POLL, OptionMapping::getAsString);
        Long hours = event.getOption(HOURS, OptionMapping::getAsLong);
        if (pollText != null) {
            if (loopText != null || classText != null) {
                throw new InvalidInputException(PollMessages.notWithLoopOrClass());
            }
            polls.start(event, pollText, hours);
            return;
        }
        if (hours != null) {
            throw new InvalidInputException(PollMessages.hoursNeedPoll());
        }
        if (loopText == null && classText == null) {
            View first = view(owner, triage.startPass(), Tally.NONE, "");
            Replies.ephemeral(event, Replies.message(first.text(), List.of(), first.buttons()));
            return;
        }
        if (loopText == null || loopText.isBlank()) {
            throw new InvalidInputException(TriageMessages.classNeedsLoop());
        }
        if (classText == null || classText.isBlank()) {
            throw new InvalidInputException(TriageMessages.loopNeedsClass());
        }
        Triage chosen = Triage.parse(classText).filter(Triage.CLASSES::contains)
                .orElseThrow(() -> new InvalidInputException(TriageMessages.unknownClass(classText)));
        // A shared loop named here is refused saying its class is the group's to set, by a poll.
        OpenLoop loop = loops.resolveOwn(Scopes.actor(event), loopText, TriageMessages::serverLoopIsTheGroups);
        Replies.ephemeral(event, TriageMessages.classified(triage.classify(owner, loop.id(), chosen)));
    }

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        String owner = event.getUser().getId();
        long loopId = id.longArg(0).orElse(-1L);
        if (loopId < 0) {
            throw new InvalidInputException(DiscordMessages.staleComponent());
        }
        if (PARK_CORE.equals(id.action()) && id.args().size() == 1) {
            OpenLoop loop = triage.classify(owner, loopId, Triage.CORE);
            Replies.update(event, Replies.edit(TriageMessages.classified(loop), List.of(), List.of()));
            return;
        }
        Optional<Instant> since = id.args().size() == 3 ? passStart(id.arg(1)) : Optional.empty();
        Optional<Tally> tally = id.args().size() == 3 ? Tally.parse(id.arg(2)) : Optional.empty();
        Optional<CardAnswer> answer = CardAnswer.of(id.action());
        if (since.isEmpty() || tally.isEmpty() || answer.isEmpty()) {
            throw new InvalidInputException(DiscordMessages.staleComponent());
        }
        if (!triage.isQueued(owner, loopId) && !stillShown(event)) {
            // A double click: the message already shows a later card with the right counts, so it stays as it is.
            Replies.deferUpdateIfUnanswered(event);
            return;
        }
        // The card on screen may be of a loop closed or classified elsewhere (/close, /triage loop:, the console): the
        // click then changes nothing, and the message says so above the next card, so the pass goes on.
        Optional<Tally> after = triage.answer(owner, loopId, answer.get(), tally.get());
        String lead = after.isPresent() ? "" : TriageMessages.decidedElsewhere(triage.elsewhere(owner, loopId));
        View next = view(owner, since.get(), after.orElse(tally.get()), lead);
        Replies.update(event, Replies.edit(next.text(), List.of(), next.buttons()));
    }

    /** Every button of a card (and Core under a park) edits the message it sits on. */
    @Override
    public LateClick lateClick(ComponentId id) {
        return LateClick.UPDATE;
    }

    /** What one card shows: its text and buttons. */
    private record View(String text, List<ActionRow> buttons) {
    }

    /**
     * The next card of the pass, or the pass's summary (with no buttons) when it is done; under {@code lead} when it is
     * not empty.
     */
    private View view(String owner, Instant since, Tally tally, String lead) {
        return triage.next(owner, since)
                .map(card -> new View(messages.card(card, lead), buttons(owner, since, tally, card)))
                .orElseGet(() -> new View((lead.isEmpty() ? "" : lead + "\n\n")
                        + TriageMessages.summary(tally, loops.countOpen(owner) > 0,
                                triage.untriaged(owner)), List.of()));
    }

    private static List<ActionRow> buttons(String owner, Instant since, Tally tally, TriageCard card) {
        long loop = card.loop().id();
        String pass = Long.toString(since.toEpochMilli(), Character.MAX_RADIX);
        String counts = tally.encode();
        return List.of(ActionRow.of(
                Button.primary(ComponentId.of(owner, KEY, CardAnswer.CORE.id(), loop, pass, counts).encode(), "Core"),
                Button.secondary(ComponentId.of(owner, KEY, CardAnswer.ADJACENT.id(), loop, pass, counts).encode(),
                        "Adjacent"),
                Button.secondary(ComponentId.of(owner, KEY, CardAnswer.PERIPHERAL.id(), loop, pass, counts).encode(),
                        "Peripheral"),
                Button.secondary(ComponentId.of(owner, KEY, CardAnswer.LET_GO.id(), loop, pass, counts).encode(),
                        "Let it go"),
                Button.secondary(ComponentId.of(owner, KEY, CardAnswer.SKIP.id(), loop, pass, counts).encode(),
                        "Skip")));
    }

    /** The Core button under a park whose concept already matches the person's focus. */
    static Button parkCoreButton(String owner, OpenLoop loop) {
        return Button.success(ComponentId.of(owner, KEY, PARK_CORE, loop.id()).encode(), "Core");
    }

    /** Whether the clicked button is still on the message, that is the message still shows the card clicked. */
    private static boolean stillShown(ButtonInteractionEvent event) {
        Message message = event.getMessage();
        return message != null && message.getComponentTree().findAll(Button.class).stream()
                .anyMatch(button -> event.getComponentId().equals(button.getCustomId()));
    }

    private static Optional<Instant> passStart(String text) {
        try {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(text, Character.MAX_RADIX)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
