package dev.loopkeeper.discord;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.loopkeeper.command.Commands;
import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.ownership.DataService;
import dev.loopkeeper.ownership.OwnershipMessages;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;

/**
 * {@code /forget-me}: a private question with **Delete everything** and **Keep it**. The delete button carries when it
 * was offered and works for {@link #VALID} only, so an old message scrolled back to cannot delete by surprise, and once:
 * the same button sent again (a second click, or a client that still shows the question) deletes nothing the person
 * saved since. Which confirmations were used is kept in memory for as long as they are valid, so the button also
 * carries the process that asked ({@link #run}): a question asked before a restart (or by another process) deletes
 * nothing and says so, since the memory of its first use went with the restart. A click whose first use deleted
 * everything just before the restart deleted again what the person saved since; kept in the database instead, a
 * migration for a 15-minute window, and asking again costs one command.
 */
public final class ForgetMeCommand extends CommandAdapter {
    static final String KEY = "forget";
    static final String YES = "yes";
    static final String NO = "no";
    static final Duration VALID = Duration.ofMinutes(15);

    private final DataService data;
    private final OwnershipMessages messages;
    private final Clock clock;
    /** Confirmations used: the person and when the question was asked, as the button carries them. */
    private final Cache<String, Boolean> used = Caffeine.newBuilder().expireAfterWrite(VALID.plusMinutes(1)).build();
    /** The latest offer time a delete button may carry (year 9999): past it, {@link Instant} cannot hold the sum. */
    private static final long LATEST_OFFER = 253_402_300_799L;
    /** This process's run, a random tag its delete buttons carry: whether a question was asked since the last start. */
    private final String run = Long.toString(new SecureRandom().nextInt(Integer.MAX_VALUE), 36);

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
                Button.danger(ComponentId.of(owner, KEY, YES, offered, run).encode(), messages.forgetButton()),
                Button.secondary(ComponentId.of(owner, KEY, NO).encode(), messages.keepButton())))));
    }

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        String answer;
        Optional<Instant> offered = id.longArg(0).filter(seconds -> seconds >= 0 && seconds <= LATEST_OFFER)
                .map(Instant::ofEpochSecond);
        if (!YES.equals(id.action())) {
            answer = messages.kept();
        } else if (offered.isEmpty()) {
            // Only a crafted id lacks the moment it was offered: refused as any button this version did not make.
            throw new InvalidInputException(DiscordMessages.staleComponent());
        } else if (offered.get().plus(VALID).isBefore(clock.instant())) {
            answer = messages.confirmationExpired(VALID);
        } else if (id.args().size() < 2 || !run.equals(id.arg(1))) {
            // Asked before this process started: whether it was used already went with the restart (nothing to lose:
            // the person asks again).
            answer = messages.confirmationFromBeforeARestart();
        } else if (used.asMap().putIfAbsent(usedKey(event, offered.get()), Boolean.TRUE) != null) {
            // Clicked again, or sent again by a client still showing the question after the person parked anew: it
            // deleted what there was when it was first used, and must not delete what was saved since.
            answer = messages.confirmationUsed();
        } else {
            try {
                answer = messages.forgotten(data.forget(event.getUser().getId()));
            } catch (RuntimeException e) {
                // Nothing was deleted (one transaction): the same button may be tried again.
                used.invalidate(usedKey(event, offered.get()));
                throw e;
            }
        }
        Replies.update(event, Replies.edit(answer, List.of(), List.of()));
    }

    /** One question of one person, by the moment it was offered (as a number: "0123" and "123" are one question). */
    private static String usedKey(ButtonInteractionEvent event, Instant offered) {
        return event.getUser().getId() + ":" + offered.getEpochSecond();
    }

    /** Both buttons edit the question into its answer. */
    @Override
    public LateClick lateClick(ComponentId id) {
        return LateClick.UPDATE;
    }
}
