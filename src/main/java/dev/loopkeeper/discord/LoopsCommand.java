package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.QUERY;
import static dev.loopkeeper.command.Commands.SCOPE;
import static dev.loopkeeper.command.Commands.STATUS;
import static dev.loopkeeper.command.Commands.TRIAGE;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopMessages;
import dev.loopkeeper.loop.LoopPage;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.LoopService;
import dev.loopkeeper.loop.Triage;
import dev.loopkeeper.search.SearchMessages;
import dev.loopkeeper.search.SearchService;
import java.util.List;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

/**
 * {@code /loops [status] [triage] [scope] [query]}: the caller's loops, or with {@code scope:server} the server's shared
 * loops (each with how many people it matters to), newest first, with Prev/Next buttons. With {@code query}: the loops
 * that fit it by words and meaning, best first (the best {@value SearchService#SHOWN}).
 */
public final class LoopsCommand extends CommandAdapter {
    public static final String KEY = "loops";
    public static final String PAGE = "page";
    private static final String ANY = "any";

    private final LoopService loops;
    private final LoopMessages messages;
    private final int pageSize;

    /** Null without search wired (some command tests): then {@code query} is not offered by this instance. */
    private final SearchService search;
    private final SearchMessages searchMessages;

    public LoopsCommand(LoopService loops, LoopMessages messages, int pageSize) {
        this(loops, messages, pageSize, null, null);
    }

    /** With search: {@code query:} finds loops by words and meaning instead of listing a page. */
    public LoopsCommand(LoopService loops, LoopMessages messages, int pageSize, SearchService search,
            SearchMessages searchMessages) {
        super(Commands.LOOPS, KEY);
        this.loops = loops;
        this.messages = messages;
        this.pageSize = pageSize;
        this.search = search;
        this.searchMessages = searchMessages;
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        LoopFilter filter = LoopFilter.parse(event.getOption(STATUS, OptionMapping::getAsString),
                event.getOption(TRIAGE, OptionMapping::getAsString));
        LoopScope scope = Scopes.scope(event, event.getOption(SCOPE, OptionMapping::getAsString));
        String query = event.getOption(QUERY, OptionMapping::getAsString);
        Long asked = event.getOption(PAGE, OptionMapping::getAsLong);
        if (query != null && asked != null) {
            throw new InvalidInputException(LoopMessages.searchHasNoPages());
        }
        if (asked != null && asked < 1) {
            throw new InvalidInputException(LoopMessages.pageNumber(Long.toString(asked)));
        }
        if (query != null && search != null) {
            SearchService.Results results = search.search(scope, Scopes.actor(event), query, filter);
            MessageEmbed embed = new EmbedBuilder().setTitle(searchMessages.resultsTitle(results))
                    .setDescription(searchMessages.resultsBody(results))
                    .setFooter(searchMessages.resultsFooter(results)).build();
            Replies.ephemeral(event, Replies.message("", List.of(embed), List.of()));
            return;
        }
        int wanted = asked == null ? 0 : (int) Math.min(Integer.MAX_VALUE, asked - 1);
        LoopPage page = loops.list(scope, Scopes.actor(event), filter, wanted, pageSize);
        if (wanted > page.page()) {
            throw new InvalidInputException(LoopMessages.pastLastPage(Long.toString(asked), messages.pageTitle(page),
                    page.pageCount(), page.total()));
        }
        Replies.ephemeral(event, Replies.message("", List.of(embed(page)), buttons(event.getUser().getId(), page)));
    }

    /** {@code owner:loops.page:stage:triage:page[:scope]}; ids made before scopes have no scope: personal. */
    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        if (!PAGE.equals(id.action()) || id.args().size() < 3 || id.args().size() > 4) {
            throw new InvalidInputException(DiscordMessages.staleComponent());
        }
        LoopFilter filter = LoopFilter.parse(id.arg(0), ANY.equals(id.arg(1)) ? null : id.arg(1));
        int wanted = id.longArg(2).map(Long::intValue).orElse(0);
        LoopScope scope = Scopes.scope(event, id.args().size() == 4 ? id.arg(3) : null);
        LoopPage page = loops.list(scope, Scopes.actor(event), filter, wanted, pageSize);
        Replies.update(event, Replies.edit("", List.of(embed(page)), buttons(event.getUser().getId(), page)));
    }

    /** A page button turns the page in the message it sits on. */
    @Override
    public LateClick lateClick(ComponentId id) {
        return LateClick.UPDATE;
    }

    private MessageEmbed embed(LoopPage page) {
        return new EmbedBuilder()
                .setTitle(messages.pageTitle(page))
                .setDescription(messages.pageBody(page))
                .setFooter(messages.pageFooter(page).isEmpty() ? null : messages.pageFooter(page))
                .build();
    }

    private static List<ActionRow> buttons(String owner, LoopPage page) {
        String stage = page.filter().stage().label();
        String triage = page.filter().triage().map(Triage::db).orElse(ANY);
        String scope = page.scope().kind().label();
        return PageButtons.of(page, to -> ComponentId.of(owner, KEY, PAGE, stage, triage, to, scope).encode());
    }
}
