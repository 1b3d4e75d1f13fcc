package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.CONCEPT;
import static dev.loopkeeper.command.Commands.SCOPE;
import static dev.loopkeeper.command.Commands.WHY;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.help.HelpMessages;
import dev.loopkeeper.help.HintService;
import dev.loopkeeper.loop.LoopLimits;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.Merged;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.triage.TriageMessages;
import dev.loopkeeper.triage.TriageService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /park concept [why] [scope]}, and the optional "Merge into #n" button offered when the new loop looks close to
 * one the person already has. The park is saved before the reply; the button only merges, so ignoring it loses
 * nothing. With {@code scope:server} the loop joins the server's shared loops, and a message for the group with a
 * <b>Me too</b> button is posted in the channel besides the private answer.
 */
public final class ParkCommand implements BotCommand {
    public static final String KEY = "park";
    /** {@code owner:park.merge:<new loop>:<older loop>}: everything the click needs, so it survives a restart. */
    public static final String MERGE = "merge";
    /** Buttons of the old "keep both or cancel" question, which may still sit in someone's client. */
    private static final List<String> RETIRED = List.of("keep", "cancel");
    private static final Logger log = LoggerFactory.getLogger(ParkCommand.class);

    private final LoopService loops;
    private final LoopMessages messages;
    private final GroupLoops group;
    /** Null when triage is not wired (some command tests): then no park offers Core. */
    private final TriageService triage;
    /** Null when hints are not wired (some command tests). */
    private final HintService hints;
    private final CommandData definition = Definitions.of(Commands.PARK);

    public ParkCommand(LoopService loops, LoopMessages messages, GroupLoops group) {
        this(loops, messages, group, null);
    }

    /** With triage: a park whose concept already matches the person's active focus offers <b>Core</b>. */
    public ParkCommand(LoopService loops, LoopMessages messages, GroupLoops group, TriageService triage) {
        this(loops, messages, group, triage, null);
    }

    /** With hints too: a person's first park says how Loopkeeper works (and, once, how to get reminders anyway). */
    public ParkCommand(LoopService loops, LoopMessages messages, GroupLoops group, TriageService triage,
            HintService hints) {
        this.loops = loops;
        this.messages = messages;
        this.group = group;
        this.triage = triage;
        this.hints = hints;
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public CommandData definition() {
        return definition;
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        String concept = event.getOption(CONCEPT, "", OptionMapping::getAsString);
        String why = event.getOption(WHY, OptionMapping::getAsString);
        LoopScope scope = Scopes.scope(event, event.getOption(SCOPE, OptionMapping::getAsString));
        String guildId = event.getGuild() == null ? null : event.getGuild().getId();
        Origin origin = Origin.channel(guildId, event.getChannelId());
        respond(event, loops.park(new ParkRequest(event.getUser().getId(), concept, why, origin, scope)));
    }

    /**
     * Answers a park privately; a near-duplicate of one's own loop gets a "Merge into #n" button. A new server loop is
     * also posted for the group.
     */
    void respond(IReplyCallback event, ParkResult result) {
        if (result instanceof ParkResult.Parked parked && parked.loop().scope().isServer()) {
            Replies.ephemeral(event, messages.parked(parked));
            group.post(event, parked.loop());
        } else if (result instanceof ParkResult.Parked parked) {
            String owner = event.getUser().getId();
            List<Button> buttons = new ArrayList<>();
            parked.closeTo().ifPresent(close -> buttons.add(mergeButton(owner, parked.loop(), close)));
            Optional<String> focus = matchingFocus(parked.loop());
            // The hint first: the focus line, when there is one, stays last, beside the Core button it offers.
            List<String> after = new ArrayList<>();
            hint(owner).ifPresent(after::add);
            if (focus.isPresent()) {
                after.add(TriageMessages.matchesFocus(focus.get()));
                buttons.add(TriageCommand.parkCoreButton(owner, parked.loop()));
            }
            String text = messages.parked(parked);
            if (!after.isEmpty()) {
                String lines = String.join("\n", after);
                text = messages.parked(parked, UserText.MESSAGE_LIMIT - UserText.length(lines) - 1) + "\n" + lines;
            }
            Replies.ephemeral(event, Replies.message(text, List.of(),
                    buttons.isEmpty() ? List.of() : List.of(ActionRow.of(buttons))));
        } else if (result instanceof ParkResult.AlreadyOpen alreadyOpen) {
            Replies.ephemeral(event, messages.alreadyOpen(alreadyOpen));
        }
    }

    /** The focus the new loop already matches; a failure here must not spoil the answer to a park already saved. */
    private Optional<String> matchingFocus(OpenLoop loop) {
        if (triage == null) {
            return Optional.empty();
        }
        try {
            return triage.matchingFocus(loop);
        } catch (RuntimeException e) {
            log.warn("Matching loop {} against focus at park time failed", loop.id(), e);
            return Optional.empty();
        }
    }

    /** The one-time hints owed after a park; a failure here must not spoil the answer to a park already saved. */
    private Optional<String> hint(String owner) {
        if (hints == null) {
            return Optional.empty();
        }
        try {
            return hints.afterPark(owner, HelpMessages.Front.DISCORD);
        } catch (RuntimeException e) {
            log.warn("Hints after a park by {} failed", owner, e);
            return Optional.empty();
        }
    }

    static Button mergeButton(String owner, OpenLoop loop, OpenLoop into) {
        return Button.primary(ComponentId.of(owner, KEY, MERGE, loop.id(), into.id()).encode(), "Merge into #" + into.id());
    }

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        if (RETIRED.contains(id.action())) {
            event.editMessage(Replies.edit(messages.noChoiceNeeded(), List.of(), List.of())).queue();
            return;
        }
        long loop = id.longArg(0).orElse(-1L);
        long into = id.longArg(1).orElse(-1L);
        if (!MERGE.equals(id.action()) || loop < 0 || into < 0) {
            throw new InvalidInputException(DiscordMessages.staleComponent());
        }
        Merged merged = loops.merge(event.getUser().getId(), loop, into);
        event.editMessage(Replies.edit(messages.merged(merged), List.of(), List.of())).queue();
    }
}
