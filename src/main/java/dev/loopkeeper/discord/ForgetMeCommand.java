package dev.loopkeeper.discord;

import dev.loopkeeper.command.Commands;
import dev.loopkeeper.ownership.DataService;
import dev.loopkeeper.ownership.OwnershipMessages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;

/**
 * {@code /forget-me}: a private question with **Delete everything** and **Keep it**. The delete button carries when it
 * was offered and works for {@link #VALID} only, so an old message scrolled back to cannot delete by surprise.
 */
public final class ForgetMeCommand extends CommandAdapter {
    static final String KEY = "forget";
    static final String YES = "yes";
    static final String NO = "no";
    static final Duration VALID = Duration.ofMinutes(15);

    private final DataService data;
    private final OwnershipMessages messages;
    private final Clock clock;

    public ForgetMeCommand(DataService data, OwnershipMessages messages, Clock clock) {
        super(Commands.FORGET_ME, KEY);
        this.data = data;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public void onCommand(GenericCommandInteractionEvent event) {
        String owner = event.getUser().getId();
        long offered = clock.instant().getEpochSecond();
        Replies.ephemeral(event, Replies.message(messages.confirmForget(), List.of(), List.of(ActionRow.of(
                Button.danger(ComponentId.of(owner, KEY, YES, offered).encode(), messages.forgetButton()),
                Button.secondary(ComponentId.of(owner, KEY, NO).encode(), messages.keepButton())))));
    }

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        String answer;
        if (!YES.equals(id.action())) {
            answer = messages.kept();
        } else if (Instant.ofEpochSecond(Long.parseLong(id.arg(0))).plus(VALID).isBefore(clock.instant())) {
            answer = messages.confirmationExpired(VALID);
        } else {
            answer = messages.forgotten(data.forget(event.getUser().getId()));
        }
        Replies.update(event, Replies.edit(answer, List.of(), List.of()));
    }

    /** Both buttons edit the question into its answer. */
    @Override
    public LateClick lateClick(ComponentId id) {
        return LateClick.UPDATE;
    }
}
