package dev.loopkeeper.discord;

import dev.loopkeeper.common.UserText;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.interactions.commands.Command;

/**
 * Autocomplete choices named for people: each name within Discord's 100 characters, its value the item's number. Names
 * that would read the same (two closed loops of one concept, two long concepts alike in their first 100 characters)
 * carry their number, so the list never offers two entries a person cannot tell apart.
 */
final class Choices {
    /** Discord's limit for a choice's name. */
    static final int NAME = 100;

    private Choices() {
    }

    static <T> List<Command.Choice> numbered(List<T> items, Function<T, String> name, ToLongFunction<T> number) {
        Map<String, Long> alike = items.stream()
                .collect(Collectors.groupingBy(item -> UserText.shorten(name.apply(item), NAME), Collectors.counting()));
        return items.stream().map(item -> {
            String shown = UserText.shorten(name.apply(item), NAME);
            long id = number.applyAsLong(item);
            if (alike.get(shown) > 1) {
                String suffix = " (#" + id + ")";
                shown = UserText.shorten(name.apply(item), NAME - suffix.length()) + suffix;
            }
            return new Command.Choice(shown, Long.toString(id));
        }).collect(Collectors.toList());
    }
}
