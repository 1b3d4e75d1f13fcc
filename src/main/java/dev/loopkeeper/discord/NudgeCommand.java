package dev.loopkeeper.discord;

import static dev.loopkeeper.command.Commands.DAY;
import static dev.loopkeeper.command.Commands.TIME;
import static dev.loopkeeper.command.Commands.ZONE;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.common.UserText;
import dev.loopkeeper.nudge.Nudge;
import dev.loopkeeper.nudge.NudgeMessages;
import dev.loopkeeper.nudge.NudgeSchedule;
import dev.loopkeeper.nudge.NudgeService;
import dev.loopkeeper.nudge.Prompt;
import dev.loopkeeper.nudge.Reflection;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textdisplay.TextDisplay;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;

/**
 * {@code /nudge set|show|off|now}, and the buttons under a nudge: <b>Reflect</b> (a form whose answer is saved on the
 * loop), and for loops untouched for weeks <b>Let them go</b> and <b>Keep</b>. Ids:
 * {@code owner:nudge.reflect:<nudge>:<question>}, {@code owner:nudge.answer:<nudge>:<question>} (the form),
 * {@code owner:nudge.letgo:<ids>} and {@code owner:nudge.keep:<ids>} (loop ids in base 36, dot-separated).
 */
public final class NudgeCommand extends CommandAdapter {
    public static final String KEY = "nudge";
    public static final String REFLECT = "reflect";
    public static final String ANSWER = "answer";
    public static final String LET_GO = "letgo";
    public static final String KEEP = "keep";
    /** The form's text field. */
    public static final String ANSWER_FIELD = "answer";
    private static final int CHOICES = 25;

    private final NudgeService nudges;

    public NudgeCommand(NudgeService nudges) {
        super(Commands.NUDGE, KEY);
        this.nudges = nudges;
    }

    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        if (DAY.equals(event.getFocusedOption().getName())) {
            String typed = event.getFocusedOption().getValue().strip().toLowerCase(Locale.ROOT);
            event.replyChoices(Arrays.stream(DayOfWeek.values())
                    .map(d -> d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT))
                    .filter(d -> d.startsWith(typed))
                    .map(d -> new Command.Choice(d, d)).collect(Collectors.toList())).queue();
            return;
        }
        suggestZones(event);
    }

    /** IANA zones whose name holds what was typed (any case; a space may stand for an underscore), at most 25. */
    static void suggestZones(CommandAutoCompleteInteractionEvent event) {
        String typed = event.getFocusedOption().getValue().strip().toLowerCase(Locale.ROOT).replace(' ', '_');
        event.replyChoices(ZoneId.getAvailableZoneIds().stream()
                .filter(z -> z.contains("/") && !z.startsWith("Etc/") && !z.startsWith("SystemV/"))
                .filter(z -> z.toLowerCase(Locale.ROOT).contains(typed))
                .sorted((a, b) -> Boolean.compare(!a.toLowerCase(Locale.ROOT).startsWith(typed),
                        !b.toLowerCase(Locale.ROOT).startsWith(typed)) * 2 + Integer.signum(a.compareTo(b)))
                .limit(CHOICES)
                .map(z -> new Command.Choice(z, z)).collect(Collectors.toList())).queue();
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        String owner = event.getUser().getId();
        switch (String.valueOf(event.getSubcommandName())) {
            case Commands.SET -> {
                String zone = event.getOption(ZONE, OptionMapping::getAsString);
                String guildId = event.getGuild() == null ? null : event.getGuild().getId();
                boolean serverZone = nudges.takesServerZone(owner, zone, guildId);
                NudgeSchedule schedule = nudges.set(owner, event.getOption(DAY, OptionMapping::getAsString),
                        event.getOption(TIME, OptionMapping::getAsString), zone, guildId);
                Replies.ephemeral(event, NudgeMessages.set(schedule, when(schedule))
                        + (serverZone ? " " + NudgeMessages.serverZone(schedule.slot().zone()) : ""));
            }
            case Commands.SHOW -> Replies.ephemeral(event, nudges.shown(owner)
                    .map(s -> NudgeMessages.shown(s.schedule(), when(s.schedule()), s.backingOff()))
                    .orElse(NudgeMessages.notSet()));
            case Commands.OFF_NOW -> Replies.ephemeral(event, NudgeMessages.off(nudges.off(owner)));
            default -> Replies.ephemeral(event, message(nudges.preview(owner), ""));
        }
    }

    /** The next run as Discord shows it: the full date and time in the reader's zone, and how far away. */
    static String when(NudgeSchedule schedule) {
        return schedule.nextRun().map(z -> {
            long seconds = z.toEpochSecond();
            return "<t:" + seconds + ":F> (<t:" + seconds + ":R>)";
        }).orElse("none");
    }

    /** A nudge as a Discord message: its text, a Reflect button per question, Let them go / Keep when offered. */
    static MessageCreateData message(Nudge nudge, String prefix) {
        String text = NudgeMessages.nudge(nudge, n -> "", "", NudgeMessages.LIMIT - UserText.length(prefix));
        String owner = nudge.ownerId();
        List<ActionRow> rows = new ArrayList<>();
        List<Button> reflect = new ArrayList<>();
        for (int i = 0; i < nudge.prompts().size(); i++) {
            reflect.add(Button.primary(ComponentId.of(owner, KEY, REFLECT, nudge.id(), i).encode(),
                    nudge.prompts().size() == 1 ? "Reflect" : "Reflect on " + (i + 1)));
        }
        if (!reflect.isEmpty()) {
            rows.add(ActionRow.of(reflect));
        }
        if (!nudge.untouched().isEmpty()) {
            String ids = fittingIds(owner, nudge.untouched().stream().map(Nudge.LoopLine::loopId).toList());
            rows.add(ActionRow.of(
                    Button.secondary(ComponentId.of(owner, KEY, LET_GO, ids).encode(),
                            nudge.untouched().size() == 1 ? "Let it go" : "Let them go"),
                    Button.secondary(ComponentId.of(owner, KEY, KEEP, ids).encode(),
                            nudge.untouched().size() == 1 ? "Keep it" : "Keep them")));
        }
        return Replies.message(prefix + text, List.of(), rows);
    }

    /** As many of the offered loops as a button's id holds (all of them, unless the ids are enormous). */
    private static String fittingIds(String owner, List<Long> loopIds) {
        int overhead = owner.length() + KEY.length() + LET_GO.length() + 3;
        List<Long> kept = new ArrayList<>(loopIds);
        while (kept.size() > 1 && overhead + NudgeService.encodeIds(kept).length() > ComponentId.MAX_LENGTH) {
            kept.remove(kept.size() - 1);
        }
        return NudgeService.encodeIds(kept);
    }

    /** Reflect opens a form, which must be the first response; Let them go and Keep them answer privately. */
    @Override
    public LateClick lateClick(ComponentId id) {
        return REFLECT.equals(id.action()) ? LateClick.NONE : LateClick.REPLY;
    }

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        String owner = event.getUser().getId();
        switch (id.action()) {
            case REFLECT -> {
                long nudgeId = id.longArg(0).orElse(-1L);
                long position = id.longArg(1).orElse(-1L);
                Prompt prompt = nudges.prompt(owner, nudgeId, (int) position);
                TextInput answer = TextInput.create(ANSWER_FIELD, TextInputStyle.PARAGRAPH)
                        .setRequired(true)
                        .setMaxLength(NudgeService.MAX_REFLECTION)
                        .setPlaceholder("A few lines are plenty")
                        .build();
                Modal modal = Modal.create(ComponentId.of(owner, KEY, ANSWER, nudgeId, position).encode(),
                                UserText.shorten("Reflect: " + prompt.concept(), Modal.MAX_TITLE_LENGTH))
                        .addComponents(TextDisplay.of(UserText.escapeMarkdown(prompt.text())),
                                Label.of("Your answer", answer))
                        .build();
                event.replyModal(modal).queue();
            }
            case LET_GO, KEEP -> {
                List<Long> ids = id.args().size() == 1 ? NudgeService.decodeIds(id.arg(0)).orElse(List.of()) : List.of();
                if (ids.isEmpty()) {
                    throw new InvalidInputException(DiscordMessages.staleComponent());
                }
                String done = LET_GO.equals(id.action()) ? NudgeMessages.letGone(nudges.letGo(owner, ids))
                        : NudgeMessages.kept(nudges.keep(owner, ids));
                Replies.ephemeral(event, done);
            }
            default -> throw new InvalidInputException(DiscordMessages.staleComponent());
        }
    }

    @Override
    public void onModal(ModalInteractionEvent event, ComponentId id) {
        long nudgeId = id.longArg(0).orElse(-1L);
        long position = id.longArg(1).orElse(-1L);
        ModalMapping answer = event.getValue(ANSWER_FIELD);
        Reflection saved = nudges.reflect(event.getUser().getId(), nudgeId, (int) position,
                answer == null ? null : answer.getAsString());
        Replies.ephemeral(event, NudgeMessages.reflected(saved));
    }
}
