package dev.loopkeeper.discord;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.help.HelpMessages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;

/**
 * {@code /help}: what Loopkeeper is for, every Discord command (drawn from the registry), how reminders decide and how
 * they reach you. Rendered as embed fields within Discord's limits; when the registry grows past one embed's 6,000
 * characters or 25 fields, the help pages with Prev/Next ({@code owner:help.page:<n>}).
 */
public final class HelpCommand extends CommandAdapter {
    public static final String KEY = "help";
    static final String PAGE = "page";
    /** Discord's limits for one embed: its fields' values, its fields, and all its text together. */
    static final int FIELD_VALUE = 1024;
    static final int FIELDS = 25;
    static final int EMBED_TOTAL = 6000;
    static final int TITLE = "Loopkeeper · page 99 of 99".length();

    private final HelpMessages messages;
    /** The one thing a person should do next ({@link HelpMessages#next}), by their id. */
    private final Function<String, Optional<String>> next;

    public HelpCommand(HelpMessages messages, Function<String, Optional<String>> next) {
        super(Commands.HELP, KEY);
        this.messages = messages;
        this.next = next;
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        List<String> top = new ArrayList<>(HelpMessages.intro());
        next.apply(event.getUser().getId()).ifPresent(line -> top.add("\n**" + line.replaceFirst(":", ":**")));
        List<MessageEmbed> pages = pages(top, messages.sections(Commands.discord(), HelpMessages.Front.DISCORD));
        Replies.ephemeral(event, Replies.message("", List.of(pages.get(0)), buttons(event.getUser().getId(), 0,
                pages.size())));
    }

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        int page = id.longArg(0).map(Long::intValue).orElse(-1);
        List<MessageEmbed> pages = pages(HelpMessages.intro(), messages.sections(Commands.discord(),
                HelpMessages.Front.DISCORD));
        if (!PAGE.equals(id.action()) || page < 0) {
            throw new InvalidInputException(DiscordMessages.staleComponent());
        }
        int shown = Math.min(page, pages.size() - 1);
        Replies.update(event, Replies.edit("", List.of(pages.get(shown)), buttons(event.getUser().getId(), shown,
                pages.size())));
    }

    /** A page button turns the page in the message it sits on. */
    @Override
    public LateClick lateClick(ComponentId id) {
        return LateClick.UPDATE;
    }

    /**
     * The help as embeds, one per page: the intro as the first page's description, then each section as fields of at
     * most {@value #FIELD_VALUE} characters (a long section continues in the next field), a page ending before it
     * would pass {@value #FIELDS} fields or {@value #EMBED_TOTAL} characters.
     */
    static List<MessageEmbed> pages(List<String> intro, List<HelpMessages.Section> sections) {
        String description = String.join("\n", intro);
        List<List<String[]>> pages = new ArrayList<>();
        List<String[]> page = new ArrayList<>();
        int size = TITLE + description.length() + "Page 99 of 99".length();
        for (HelpMessages.Section section : sections) {
            for (String[] field : fields(section)) {
                int added = field[0].length() + field[1].length();
                if (page.size() == FIELDS || size + added > EMBED_TOTAL) {
                    pages.add(page);
                    page = new ArrayList<>();
                    size = TITLE + "Page 99 of 99".length();
                }
                page.add(field);
                size += added;
            }
        }
        pages.add(page);
        List<MessageEmbed> embeds = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            EmbedBuilder embed = new EmbedBuilder().setTitle(pages.size() == 1 ? "Loopkeeper"
                    : "Loopkeeper · page " + (i + 1) + " of " + pages.size());
            if (i == 0) {
                embed.setDescription(description);
            }
            pages.get(i).forEach(field -> embed.addField(field[0], field[1], false));
            embeds.add(embed.build());
        }
        return embeds;
    }

    /** A section as (name, value) fields, its lines kept whole, each value within {@value #FIELD_VALUE}. */
    private static List<String[]> fields(HelpMessages.Section section) {
        List<String[]> fields = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        for (String line : section.lines()) {
            String bullet = UserText.shorten(line, FIELD_VALUE);
            if (value.length() > 0 && value.length() + 1 + bullet.length() > FIELD_VALUE) {
                fields.add(new String[] {fields.isEmpty() ? section.title() : section.title() + " (continued)",
                        value.toString()});
                value.setLength(0);
            }
            value.append(value.length() == 0 ? "" : "\n").append(bullet);
        }
        if (value.length() > 0) {
            fields.add(new String[] {fields.isEmpty() ? section.title() : section.title() + " (continued)",
                    value.toString()});
        }
        return fields;
    }

    private static List<ActionRow> buttons(String owner, int page, int pages) {
        if (pages <= 1) {
            return List.of();
        }
        return List.of(ActionRow.of(
                Button.secondary(ComponentId.of(owner, KEY, PAGE, page - 1).encode(), "Prev").withDisabled(page == 0),
                Button.secondary(ComponentId.of(owner, KEY, PAGE, page + 1).encode(), "Next")
                        .withDisabled(page >= pages - 1)));
    }
}
