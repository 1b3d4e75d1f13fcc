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
 * {@code /loops [status] [triage] [page] [scope] [query]}: the caller's loops, or with {@code scope:server} the server's
 * shared loops (each with how many people it matters to), newest first, with Prev/Next buttons. With {@code query}: the
 * loops that fit it by words and meaning, best first, {@value SearchService#SHOWN} to a page with Prev/Next too, open
 * and closed alike unless {@code status} narrows it.
 */
public final class LoopsCommand extends CommandAdapter {
    public static final String KEY = "loops";
    public static final String PAGE = "page";
    /** A search's Prev/Next. */
    static final String FIND = "find";
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
        String status = event.getOption(STATUS, OptionMapping::getAsString);
        String triage = event.getOption(TRIAGE, OptionMapping::getAsString);
        LoopScope scope = Scopes.scope(event, event.getOption(SCOPE, OptionMapping::getAsString));
        String query = event.getOption(QUERY, OptionMapping::getAsString);
        Long asked = event.getOption(PAGE, OptionMapping::getAsLong);
        if (asked != null && asked < 1) {
            throw new InvalidInputException(LoopMessages.pageNumber(Long.toString(asked)));
        }
        int wanted = asked == null ? 0 : (int) Math.min(Integer.MAX_VALUE, asked - 1);
        if (query != null && search != null) {
            SearchService.Results results = search.search(scope, Scopes.actor(event), query,
                    LoopFilter.parseForSearch(status, triage), wanted);
            if (wanted > results.page() && results.found() > 0) {
                throw new InvalidInputException(SearchMessages.pastLastPage(Long.toString(asked), results));
            }
            Replies.ephemeral(event, Replies.message("", List.of(searchEmbed(event.getUser().getId(), results)),
                    searchButtons(event.getUser().getId(), results)));
            return;
        }
        LoopFilter filter = LoopFilter.parse(status, triage);
        LoopPage page = loops.list(scope, Scopes.actor(event), filter, wanted, pageSize);
        if (wanted > page.page()) {
            throw new InvalidInputException(LoopMessages.pastLastPage(Long.toString(asked), messages.pageTitle(page),
                    page.pageCount(), page.total()));
        }
        Replies.ephemeral(event, Replies.message("", List.of(embed(page)), buttons(event.getUser().getId(), page)));
    }

    /**
     * {@code owner:loops.page:stage:triage:page[:scope]}, ids made before scopes having no scope (personal); and a
     * search's {@code owner:loops.find:stage:triage:page:scope:query}, its query as typed ({@link ComponentId} escapes
     * what an argument may not hold).
     */
    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        if (FIND.equals(id.action()) && id.args().size() == 5 && search != null) {
            LoopFilter filter = LoopFilter.parse(id.arg(0), ANY.equals(id.arg(1)) ? null : id.arg(1));
            int wanted = id.longArg(2).map(n -> (int) Math.max(0, Math.min(Integer.MAX_VALUE, n))).orElse(0);
            LoopScope scope = Scopes.scope(event, id.arg(3));
            // A page gone since (loops closed or edited away) shows the last one there is now.
            SearchService.Results results = search.search(scope, Scopes.actor(event), id.arg(4),
                    filter, wanted);
            String owner = event.getUser().getId();
            Replies.update(event, Replies.edit("", List.of(searchEmbed(owner, results)), searchButtons(owner, results)));
            return;
        }
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

    private MessageEmbed searchEmbed(String owner, SearchService.Results results) {
        String footer = searchMessages.resultsFooter(results);
        if (footer != null && searchButtons(owner, results).isEmpty()) {
            footer += SearchMessages.pageByOption(results);
        }
        return new EmbedBuilder().setTitle(searchMessages.resultsTitle(results))
                .setDescription(searchMessages.resultsBody(results)).setFooter(footer).build();
    }

    /**
     * Prev/Next under a search of more than one page. The query rides in the buttons' ids, so they work after a
     * restart as every button does; one too long for Discord's 100 characters gets none, and the footer says to use
     * {@code page:} instead.
     */
    static List<ActionRow> searchButtons(String owner, SearchService.Results results) {
        String stage = results.filter().stage().label();
        String triage = results.filter().triage().map(Triage::db).orElse(ANY);
        String scope = results.scope().kind().label();
        try {
            return PageButtons.of(results, to -> ComponentId.of(owner, KEY, FIND, stage, triage, to, scope,
                    results.query()).encode());
        } catch (IllegalArgumentException tooLong) {
            return List.of();
        }
    }
}
