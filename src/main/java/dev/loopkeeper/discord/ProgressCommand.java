package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.BUILT;
import static dev.loopkeeper.command.Commands.LOOP;
import static dev.loopkeeper.command.Commands.PHASE;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.loop.LoopErrors;
import dev.loopkeeper.loop.LoopLimits;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Phase;
import java.util.List;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.callbacks.IModalCallback;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.modals.Modal;

/**
 * {@code /progress loop phase [built]} and the buttons that do the same under an opened loop: <b>I built something
 * with it</b> (instantiation; a form asks what, one optional line) and <b>I stepped back</b> (re-abstraction). Ids:
 * {@code owner:progress.built:<loop>} opens the form, {@code owner:progress.save:<loop>} is the form,
 * {@code owner:progress.back:<loop>} steps back; stateless, so they work after a restart.
 */
public final class ProgressCommand extends CommandAdapter {
    public static final String KEY = "progress";
    public static final String BUILT_IT = "built";
    public static final String SAVE = "save";
    public static final String STEPPED_BACK = "back";

    private final LoopService loops;
    private final LoopMessages messages;

    public ProgressCommand(LoopService loops, LoopMessages messages) {
        super(Commands.PROGRESS, KEY);
        this.loops = loops;
        this.messages = messages;
    }

    /** Instantiation without {@code built} answers with a form, which must be the first answer: never deferred. */
    @Override
    public boolean mayDefer() {
        return false;
    }

    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        CloseCommand.suggestOpenLoops(loops, event);
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        String owner = event.getUser().getId();
        String phaseText = event.getOption(PHASE, "", OptionMapping::getAsString);
        Phase phase = Phase.parse(phaseText).orElseThrow(() -> new InvalidInputException(LoopErrors.unknownPhase(phaseText)));
        OpenLoop loop = loops.resolveOwn(Scopes.actor(event), event.getOption(LOOP, "", OptionMapping::getAsString),
                shared -> LoopErrors.sharedLoopIsNotYours(shared.id(), shared.concept()));
        String built = event.getOption(BUILT, OptionMapping::getAsString);
        if (phase == Phase.INSTANTIATION && built == null) {
            askWhatWasBuilt(event, owner, loop);
            return;
        }
        answer(event, owner, loops.progress(owner, loop.id(), phase, built));
    }

    /** I built something with it opens a form, which must be the first response; I stepped back answers privately. */
    @Override
    public LateClick lateClick(ComponentId id) {
        return BUILT_IT.equals(id.action()) ? LateClick.NONE : LateClick.REPLY;
    }

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        String owner = event.getUser().getId();
        long loopId = id.longArg(0).orElseThrow(() -> new InvalidInputException(DiscordMessages.staleComponent()));
        switch (id.action()) {
            case BUILT_IT -> askWhatWasBuilt(event, owner, loops.resolve(owner, "#" + loopId));
            case STEPPED_BACK -> answer(event, owner, loops.progress(owner, loopId, Phase.RE_ABSTRACTION, null));
            default -> throw new InvalidInputException(DiscordMessages.staleComponent());
        }
    }

    @Override
    public void onModal(ModalInteractionEvent event, ComponentId id) {
        if (!SAVE.equals(id.action())) {
            throw new InvalidInputException(DiscordMessages.staleComponent());
        }
        String owner = event.getUser().getId();
        long loopId = id.longArg(0).orElseThrow(() -> new InvalidInputException(DiscordMessages.staleComponent()));
        ModalMapping field = event.getValue(BUILT);
        String built = field == null ? null : field.getAsString();
        try {
            answer(event, owner, loops.progress(owner, loopId, Phase.INSTANTIATION, built));
        } catch (InvalidInputException refused) {
            // Closed or merged from another device while the form was open: the line typed is not saved, so it is
            // given back with the refusal rather than lost with the form.
            String typed = built == null ? "" : UserText.singleLine(built);
            throw typed.isEmpty() ? refused
                    : new InvalidInputException(LoopErrors.builtNotSaved(refused.getMessage(), typed));
        }
    }

    private static void askWhatWasBuilt(IModalCallback event, String owner, OpenLoop loop) {
        TextInput built = TextInput.create(BUILT, TextInputStyle.SHORT)
                .setRequired(false)
                .setMaxLength(LoopLimits.MAX_BUILT)
                .setPlaceholder("One line, such as: a 50-line tracker for my drone (optional)")
                .build();
        event.replyModal(Modal.create(ComponentId.of(owner, KEY, SAVE, loop.id()).encode(), "I built something with it")
                .addComponents(Label.of("What did you build?", built))
                .build()).queue();
    }

    private void answer(IReplyCallback event, String owner, LoopService.Progress progress) {
        Replies.ephemeral(event, Replies.message(messages.progressed(progress), List.of(), buttons(owner, progress.loop())));
    }

    /**
     * The phase buttons under an opened loop: in abstraction both moves; in instantiation stepping back, or another
     * build; in re-abstraction building again. None for a loop that is not active.
     */
    public static List<ActionRow> buttons(String owner, OpenLoop loop) {
        if (!loop.isOpen()) {
            return List.of();
        }
        Phase phase = loop.phase() == null ? Phase.ABSTRACTION : loop.phase();
        Button built = Button.secondary(ComponentId.of(owner, KEY, BUILT_IT, loop.id()).encode(),
                phase == Phase.INSTANTIATION ? "I built something else" : "I built something with it");
        Button back = Button.secondary(ComponentId.of(owner, KEY, STEPPED_BACK, loop.id()).encode(), "I stepped back");
        List<Button> row = switch (phase) {
            case ABSTRACTION -> List.of(built, back);
            case INSTANTIATION -> List.of(back, built);
            case RE_ABSTRACTION -> List.of(built);
        };
        return List.of(ActionRow.of(row));
    }
}
