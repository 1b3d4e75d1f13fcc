package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.CONCEPT;
import static dev.loopkeeper.command.Commands.WHY;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import java.util.List;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.buttons.ButtonStyle;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;

/** {@code /park concept [why]}, and the "keep both" and "cancel" buttons shown for a duplicate. */
public final class ParkCommand implements BotCommand {
    public static final String KEY = "park";
    public static final String KEEP = "keep";
    public static final String CANCEL = "cancel";
    public static final String MERGE = "merge";

    private final LoopService loops;
    private final LoopMessages messages;
    private final CommandData definition = Definitions.of(Commands.PARK);

    public ParkCommand(LoopService loops, LoopMessages messages) {
        this.loops = loops;
        this.messages = messages;
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
        String guildId = event.getGuild() == null ? null : event.getGuild().getId();
        Origin origin = Origin.channel(guildId, event.getChannelId());
        respond(event, loops.park(new ParkRequest(event.getUser().getId(), concept, why, origin)));
    }

    /** Answers a park privately; a duplicate gets "keep both" and "cancel" buttons. */
    void respond(IReplyCallback event, ParkResult result) {
        if (result instanceof ParkResult.Parked parked) {
            Replies.ephemeral(event, messages.parked(parked.loop(), parked.openCount()));
        } else if (result instanceof ParkResult.Duplicate duplicate) {
            String owner = event.getUser().getId();
            long draft = duplicate.draft().id();
            Button keep = Button.primary(ComponentId.of(owner, KEY, KEEP, draft).encode(), "Keep both");
            ActionRow buttons = duplicate.near()
                    ? ActionRow.of(Button.primary(ComponentId.of(owner, KEY, MERGE, draft, duplicate.existing().id())
                            .encode(), "Merge"), keep.withStyle(ButtonStyle.SECONDARY))
                    : ActionRow.of(keep, Button.secondary(ComponentId.of(owner, KEY, CANCEL, draft).encode(), "Cancel"));
            String text = duplicate.near() ? messages.nearDuplicate(duplicate.existing())
                    : messages.duplicate(duplicate.existing());
            Replies.ephemeral(event, Replies.message(text, List.of(), List.of(buttons)));
        }
    }

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        long draft = id.longArg(0).orElseThrow(() -> new InvalidInputException(
                LoopMessages.draftGone()));
        String owner = event.getUser().getId();
        String text = switch (id.action()) {
            case KEEP -> {
                ParkResult.Parked parked = loops.keepDraft(owner, draft);
                yield messages.parked(parked.loop(), parked.openCount());
            }
            case CANCEL -> loops.cancelDraft(owner, draft) ? messages.duplicateCancelled() : LoopMessages.draftGone();
            case MERGE -> messages.merged(loops.mergeDraft(owner, draft,
                    id.longArg(1).orElseThrow(() -> new InvalidInputException(LoopMessages.draftGone()))));
            default -> throw new IllegalArgumentException("Unknown park action " + id.action());
        };
        event.editMessage(Replies.edit(text, List.of(), List.of())).queue();
    }
}
