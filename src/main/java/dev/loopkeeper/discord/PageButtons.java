package dev.loopkeeper.discord;

import dev.loopkeeper.common.Paged;
import java.util.List;
import java.util.function.IntFunction;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;

/** The Prev/Next row under a paged answer (`/loops`, `/reflections`): none when the list fits one page. */
final class PageButtons {

    private PageButtons() {
    }

    /** {@code idFor} gives the component id of the page a button goes to. */
    static List<ActionRow> of(Paged page, IntFunction<String> idFor) {
        if (page.pageCount() <= 1) {
            return List.of();
        }
        return List.of(ActionRow.of(
                Button.secondary(idFor.apply(page.page() - 1), "Prev").withDisabled(!page.hasPrevious()),
                Button.secondary(idFor.apply(page.page() + 1), "Next").withDisabled(!page.hasNext())));
    }
}
