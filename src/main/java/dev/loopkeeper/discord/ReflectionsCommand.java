package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.LOOP;
import static dev.loopkeeper.command.Commands.PAGE;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.nudge.NudgeMessages;
import dev.loopkeeper.nudge.NudgeService;
import dev.loopkeeper.nudge.ReflectionPage;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

/**
 * {@code /reflections [loop] [page]}: what the person wrote when their nudges asked, newest first, a page at a time
 * with Prev/Next buttons: {@code owner:reflections.page:<page>[:<loop id>]} (the page from zero; the loop that holds
 * the reflections, none for all).
 */
public final class ReflectionsCommand extends CommandAdapter {
    public static final String KEY = "reflections";
    public static final String PAGE_ACTION = "page";

    private final NudgeService nudges;
    private final LoopService loops;
    private final DiscordTimeText time = new DiscordTimeText();

    public ReflectionsCommand(NudgeService nudges, LoopService loops) {
        super(Commands.REFLECTIONS, KEY);
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
        Long asked = event.getOption(PAGE, OptionMapping::getAsLong);
        if (asked != null && asked < 1) {
            throw new InvalidInputException(LoopMessages.pageNumber(Long.toString(asked)));
        }
        int wanted = asked == null ? 0 : (int) Math.min(Integer.MAX_VALUE, asked - 1);
        ReflectionPage page = nudges.reflections(owner, loop, wanted);
        if (page.total() == 0) {
            Replies.ephemeral(event, NudgeMessages.reflectionsEmpty(page.loopId() != null, nudges.schedule(owner)));
            return;
        }
        if (wanted > page.page()) {
            throw new InvalidInputException(NudgeMessages.reflectionsPastLastPage(Long.toString(asked), page));
        }
        Replies.ephemeral(event, Replies.message(NudgeMessages.reflections(page, time::date, ""), List.of(),
                buttons(owner, page)));
    }

    /** A page button turns the page in the message it sits on (one past the last, after a forget: the last). */
    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        if (!PAGE_ACTION.equals(id.action()) || id.args().isEmpty() || id.args().size() > 2
                || id.longArg(0).isEmpty() || id.args().size() == 2 && id.longArg(1).isEmpty()) {
            throw new InvalidInputException(DiscordMessages.staleComponent());
        }
        String owner = event.getUser().getId();
        int wanted = (int) Math.max(0, Math.min(Integer.MAX_VALUE, id.longArg(0).get()));
        ReflectionPage page = nudges.reflections(owner, id.args().size() == 2 ? id.arg(1) : null, wanted);
        String text = page.total() == 0
                ? NudgeMessages.reflectionsEmpty(page.loopId() != null, nudges.schedule(owner))
                : NudgeMessages.reflections(page, time::date, "");
        Replies.update(event, Replies.edit(text, List.of(), buttons(owner, page)));
    }

    @Override
    public LateClick lateClick(ComponentId id) {
        return LateClick.UPDATE;
    }

    private static List<ActionRow> buttons(String owner, ReflectionPage page) {
        return PageButtons.of(page, to -> pageId(owner, page, to));
    }

    private static String pageId(String owner, ReflectionPage page, int to) {
        List<Object> args = new ArrayList<>(List.of(Math.max(0, to)));
        if (page.loopId() != null) {
            args.add(page.loopId());
        }
        return ComponentId.of(owner, KEY, PAGE_ACTION, args.toArray()).encode();
    }
}
