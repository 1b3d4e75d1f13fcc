package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.LOOP;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.nudge.NudgeMessages;
import dev.loopkeeper.nudge.NudgeService;
import dev.loopkeeper.nudge.Reflection;
import java.util.List;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

/** {@code /reflections [loop]}: what the person wrote when their nudges asked, newest first. */
public final class ReflectionsCommand extends CommandAdapter {
    private final NudgeService nudges;
    private final LoopService loops;
    private final DiscordTimeText time = new DiscordTimeText();

    public ReflectionsCommand(NudgeService nudges, LoopService loops) {
        super(Commands.REFLECTIONS);
        this.nudges = nudges;
        this.loops = loops;
    }

    /** The loops that hold reflections, open or closed (most are closed: the nudge asks about what was learned). */
    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        CloseCommand.offer(event, loops.suggestReflected(event.getUser().getId(), event.getFocusedOption().getValue()));
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        String owner = event.getUser().getId();
        String loop = event.getOption(LOOP, OptionMapping::getAsString);
        List<Reflection> shown = nudges.reflections(owner, loop);
        Replies.ephemeral(event, shown.isEmpty() ? NudgeMessages.reflectionsEmpty(loop != null && !loop.isBlank())
                : NudgeMessages.reflections(shown, nudges.reflectionCount(owner, loop), time::date));
    }
}
