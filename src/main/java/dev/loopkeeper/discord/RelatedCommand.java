package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.LOOP;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.Merged;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.search.SearchMessages;
import dev.loopkeeper.search.SearchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

/**
 * {@code /related loop}: the caller's other open loops nearest to one, each with why (and under them the closed loops
 * near it, with their takeaways and reflections, which no button acts on), and buttons to act on the
 * cluster: <b>Merge #n into #c</b> ({@code owner:related.merge:<n>:<c>}, the same merge as a near-duplicate park's),
 * <b>Open #n</b> ({@code owner:related.open:<n>:<c>}) and <b>Open all</b> ({@code owner:related.all:<c>:<n>:...}).
 * A click acts, then shows the cluster again as it is now, in place.
 */
public final class RelatedCommand extends CommandAdapter {
    public static final String KEY = "related";
    static final String MERGE = "merge";
    static final String OPEN = "open";
    static final String ALL = "all";

    private final SearchService search;
    private final LoopService loops;
    private final SearchMessages messages;
    private final LoopMessages loopMessages;

    public RelatedCommand(SearchService search, LoopService loops, SearchMessages messages, LoopMessages loopMessages) {
        super(Commands.RELATED, KEY);
        this.search = search;
        this.loops = loops;
        this.messages = messages;
        this.loopMessages = loopMessages;
    }

    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        CloseCommand.suggestOpenLoops(loops, event);
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        String owner = event.getUser().getId();
        SearchService.Related related = search.related(owner, event.getOption(LOOP, "", OptionMapping::getAsString));
        Replies.ephemeral(event, Replies.message("", List.of(embed(related)), buttons(owner, related)));
    }

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        String owner = event.getUser().getId();
        long first = id.longArg(0).orElse(-1L);
        long second = id.longArg(1).orElse(-1L);
        if (first < 0 || second < 0) {
            throw new InvalidInputException(DiscordMessages.staleComponent());
        }
        String done;
        long center;
        switch (id.action()) {
            case MERGE -> {
                Merged merged = loops.merge(owner, first, second);
                done = loopMessages.merged(merged);
                center = second;
            }
            case OPEN -> {
                // One opened since (a /progress, the same button twice) is told where it stands, as /open tells it.
                boolean already = loops.find(owner, first).filter(OpenLoop::isUnderWay).isPresent();
                OpenLoop active = loops.activate(owner, first);
                done = already ? loopMessages.stillActive(active) : LoopMessages.activated(active);
                center = second;
            }
            case ALL -> {
                center = first;
                List<OpenLoop> opened = new ArrayList<>();
                for (int i = 0; i < id.args().size(); i++) {
                    long loopId = id.longArg(i).orElse(-1L);
                    // One merged or closed meanwhile is left out; the rest still start.
                    try {
                        opened.add(loops.activate(owner, loopId));
                    } catch (InvalidInputException gone) {
                        continue;
                    }
                }
                if (opened.isEmpty()) {
                    throw new InvalidInputException(dev.loopkeeper.loop.LoopErrors.noSuchOpenLoop());
                }
                done = SearchMessages.openedAll(opened);
            }
            default -> throw new InvalidInputException(DiscordMessages.staleComponent());
        }
        Optional<OpenLoop> still = loops.find(owner, center).filter(OpenLoop::isOpen);
        if (still.isEmpty()) {
            // The loop the list was about closed meanwhile: what was asked is done; its neighbours' list is gone.
            Replies.update(event, Replies.edit(done, List.of(), List.of()));
            return;
        }
        SearchService.Related related = search.related(owner, still.get());
        Replies.update(event, Replies.edit(done, List.of(embed(related)), buttons(owner, related)));
    }

    /** Every button edits the list it sits on. */
    @Override
    public LateClick lateClick(ComponentId id) {
        return LateClick.UPDATE;
    }

    private MessageEmbed embed(SearchService.Related related) {
        EmbedBuilder embed = new EmbedBuilder().setTitle(messages.relatedTitle(related))
                .setDescription(messages.relatedBody(related));
        String footer = messages.relatedFooter(related);
        if (!footer.isEmpty()) {
            embed.setFooter(footer);
        }
        return embed.build();
    }

    /**
     * One row of Merge buttons and one of Open buttons, a button per neighbour (at most 5, Discord's row), and Open
     * all when its id fits Discord's 100 characters.
     */
    static List<ActionRow> buttons(String owner, SearchService.Related related) {
        if (related.neighbours().isEmpty()) {
            return List.of();
        }
        long center = related.loop().id();
        List<Button> merges = new ArrayList<>();
        List<Button> opens = new ArrayList<>();
        List<Object> all = new ArrayList<>(List.of(center));
        for (SearchService.Neighbour neighbour : related.neighbours()) {
            long id = neighbour.loop().id();
            merges.add(Button.secondary(ComponentId.of(owner, KEY, MERGE, id, center).encode(),
                    "Merge #" + id + " into #" + center));
            opens.add(Button.secondary(ComponentId.of(owner, KEY, OPEN, id, center).encode(), "Open #" + id));
            all.add(id);
        }
        List<ActionRow> rows = new ArrayList<>(List.of(ActionRow.of(merges), ActionRow.of(opens)));
        try {
            rows.add(ActionRow.of(Button.primary(ComponentId.of(owner, KEY, ALL, all.toArray()).encode(),
                    "Open all " + all.size())));
        } catch (IllegalArgumentException tooLong) {
            // Ids too long for one button: each still has its own Open.
        }
        return rows;
    }
}
