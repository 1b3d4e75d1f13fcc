package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.CONCEPT;
import static dev.loopkeeper.command.Commands.SCOPE;
import static dev.loopkeeper.command.Commands.WHY;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.LoopLimits;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.Merged;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import java.util.List;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;

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

    private final LoopService loops;
    private final LoopMessages messages;
    private final GroupLoops group;
    private final CommandData definition = Definitions.of(Commands.PARK);

    public ParkCommand(LoopService loops, LoopMessages messages, GroupLoops group) {
        this.loops = loops;
        this.messages = messages;
        this.group = group;
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
            List<ActionRow> merge = parked.closeTo()
                    .map(close -> List.of(ActionRow.of(mergeButton(event.getUser().getId(), parked.loop(), close))))
                    .orElse(List.of());
            Replies.ephemeral(event, Replies.message(messages.parked(parked), List.of(), merge));
        } else if (result instanceof ParkResult.AlreadyOpen alreadyOpen) {
            Replies.ephemeral(event, messages.alreadyOpen(alreadyOpen));
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
