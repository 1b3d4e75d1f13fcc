package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.STATUS;
import static dev.loopkeeper.command.Commands.TRIAGE;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopPage;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.Triage;
import java.util.List;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;

/** {@code /loops [status] [triage]}: the caller's loops, newest first, with Prev/Next buttons. */
public final class LoopsCommand implements BotCommand {
    public static final String KEY = "loops";
    public static final String PAGE = "page";
    private static final String ANY = "any";

    private final LoopService loops;
    private final LoopMessages messages;
    private final int pageSize;
    private final CommandData definition = Definitions.of(Commands.LOOPS);

    public LoopsCommand(LoopService loops, LoopMessages messages, int pageSize) {
        this.loops = loops;
        this.messages = messages;
        this.pageSize = pageSize;
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
        LoopFilter filter = LoopFilter.parse(event.getOption(STATUS, OptionMapping::getAsString),
                event.getOption(TRIAGE, OptionMapping::getAsString));
        LoopPage page = loops.list(event.getUser().getId(), filter, 0, pageSize);
        Replies.ephemeral(event, Replies.message("", List.of(embed(page)), buttons(event.getUser().getId(), page)));
    }

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        if (!PAGE.equals(id.action()) || id.args().size() != 3) {
            throw new InvalidInputException(DiscordMessages.staleComponent());
        }
        LoopFilter filter = LoopFilter.parse(id.arg(0), ANY.equals(id.arg(1)) ? null : id.arg(1));
        int wanted = id.longArg(2).map(Long::intValue).orElse(0);
        LoopPage page = loops.list(event.getUser().getId(), filter, wanted, pageSize);
        event.editMessage(Replies.edit("", List.of(embed(page)), buttons(event.getUser().getId(), page))).queue();
    }

    private MessageEmbed embed(LoopPage page) {
        return new EmbedBuilder()
                .setTitle(messages.pageTitle(page))
                .setDescription(messages.pageBody(page))
                .setFooter(messages.pageFooter(page))
                .build();
    }

    private static List<ActionRow> buttons(String owner, LoopPage page) {
        if (page.pageCount() <= 1) {
            return List.of();
        }
        String stage = page.filter().stage().label();
        String triage = page.filter().triage().map(Triage::db).orElse(ANY);
        Button previous = Button.secondary(ComponentId.of(owner, KEY, PAGE, stage, triage, page.page() - 1).encode(),
                "Prev").withDisabled(!page.hasPrevious());
        Button next = Button.secondary(ComponentId.of(owner, KEY, PAGE, stage, triage, page.page() + 1).encode(),
                "Next").withDisabled(!page.hasNext());
        return List.of(ActionRow.of(previous, next));
    }
}
