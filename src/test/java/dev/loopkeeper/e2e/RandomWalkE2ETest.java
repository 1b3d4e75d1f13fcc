package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.command.CommandSpec;
import dev.loopkeeper.command.Commands;
import dev.loopkeeper.command.OptionSpec;
import dev.loopkeeper.discord.DiscordReminders;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionBuilder;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.OpenLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two people use every command Discord offers them in a seeded random order, with the values Discord lets through
 * (any choice, text up to each option's length limit: markdown, mentions, emoji, a lone number, a fragment of a
 * concept), in a server channel and in DMs, and click the buttons of the answers they get, now and then each other's,
 * filling the modals those open. The harness checks every interaction as in the other end-to-end tests (answered once
 * within 3 s, within Discord's limits, ephemeral, no mention allowed, no unexpected warning in the log); this test adds
 * that no answer is an apology for a failure. It finds the combinations no hand-written test thought of.
 */
class RandomWalkE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    /** Steps in a walk: 200, or {@code -Dloopkeeper.walk.steps=<n>} for a longer one. */
    private static final int STEPS = Integer.getInteger("loopkeeper.walk.steps", 200);

    private static final String[] WORDS = {"Kalman filter", "raft", "topological sort", "reverse-mode autodiff",
        "implementing Raft in Go", "writing a tiny autograd engine", "1", "2", "3", "x", "@everyone look",
        "<@&123> and <#456>", "**bold** _it_ `code` ||spoiler||", "été ☃ 😀", "sunday", "18:00", "Europe/Berlin", "2d",
        "   padded   "};

    @Test
    void everyCommandAndButtonInARandomOrderAnswersWithoutAFailure() {
        Random random = new Random(Long.getLong("loopkeeper.walk.seed", 20261130L));
        List<FakeUser> people = List.of(E2E.newUser(), E2E.newUser());
        List<CommandSpec> commands = Commands.discord().stream()
                .filter(c -> c.kind() == CommandSpec.Kind.SLASH && c.access() == CommandSpec.Access.EVERYONE)
                .filter(c -> !c.name().equals("import"))
                .toList();
        List<Answer> answers = new ArrayList<>();
        Map<FakeUser, Integer> seen = new HashMap<>();
        // A start every walk shares: each person has loops, and a focus that brings one back as a reminder.
        for (FakeUser person : people) {
            for (String concept : List.of("Kalman filter", "Raft leader election")) {
                InteractionHandle park = E2E.fake().slashCommand("park").by(person).option("concept", concept).send();
                E2E.reply(park);
                answers.add(new Answer(() -> E2E.fake().originalMessage(park), person, false));
            }
            E2E.reply(E2E.fake().slashCommand("focus").by(person).subcommand("set")
                    .option("text", "tuning the Kalman filter of my drone").send());
        }
        int reminderClicks = 0;
        for (int step = 0; step < STEPS; step++) {
            collectBotMessages(people, seen, answers);
            FakeUser person = people.get(random.nextInt(people.size()));
            boolean dm = random.nextInt(4) == 0;
            Optional<InteractionHandle> click = Optional.empty();
            Optional<Answer> clicked = Optional.empty();
            if (random.nextBoolean()) {
                // Every distinct button on the answers so far, equally likely.
                Map<String, Answer> buttons = new LinkedHashMap<>();
                for (Answer answer : answers) {
                    LoopkeeperE2E.buttons(answer.current().get()).stream()
                            .filter(b -> b.hasKey("custom_id") && !b.getBoolean("disabled", false))
                            .forEach(b -> buttons.putIfAbsent(b.getString("custom_id"), answer));
                }
                List<String> ids = new ArrayList<>(buttons.keySet());
                if (!ids.isEmpty()) {
                    String customId = ids.get(random.nextInt(ids.size()));
                    clicked = Optional.of(buttons.get(customId));
                    // Mostly one's own; now and then someone else's (a replayed custom id).
                    person = random.nextInt(5) == 0 ? person : clicked.get().person();
                    dm = clicked.get().dm();
                    click = Optional.of(click(person, clicked.get(), customId));
                    reminderClicks += customId.contains(":" + DiscordReminders.KEY + ".") ? 1 : 0;
                }
            }
            InteractionHandle sent = click.isPresent() ? click.get() : command(random, person, dm, pick(random, commands));
            DataObject callback = E2E.reply(sent);
            if (callback.getInt("type") == 9) {
                submit(random, person, dm, callback.getObject("data"));
            }
            if (E2E.fake().findOriginalMessage(sent).isPresent()) {
                answers.add(new Answer(() -> E2E.fake().originalMessage(sent), person, dm));
            }
        }
        assertTrue(answers.size() > STEPS / 2, "most steps left an answer to look at: " + answers.size());
        assertTrue(reminderClicks > 0, "the walk clicked reminders' buttons");
        List<String> apologies = E2E.requests(r -> true).stream().map(RecordedRequest::body)
                .filter(body -> body.contains("something went wrong")).toList();
        assertTrue(apologies.isEmpty(), "no answer apologises for a failure: " + apologies);
    }

    /** What the bot sent on its own (reminders, nudges), in the people's DMs: clickable too. */
    private static void collectBotMessages(List<FakeUser> people, Map<FakeUser, Integer> seen, List<Answer> answers) {
        for (FakeUser person : people) {
            List<DataObject> sent = E2E.fake().messagesIn(E2E.fake().directMessageChannelId(person));
            for (DataObject message : sent.subList(seen.getOrDefault(person, 0), sent.size())) {
                // Type 0 is a message of the bot's own; the replies to commands in DMs are already answers.
                if (message.getInt("type", 0) == 0) {
                    String id = message.getString("id");
                    answers.add(new Answer(() -> E2E.fake().message(id), person, true));
                }
            }
            seen.put(person, sent.size());
        }
    }

    /** An interaction that left a message, who sent it and where. */
    private record Answer(Supplier<DataObject> current, FakeUser person, boolean dm) {
    }

    /** A random command, a park or a focus one time in three (so there are loops to act on and reminders to click). */
    private static CommandSpec pick(Random random, List<CommandSpec> commands) {
        String name = switch (random.nextInt(6)) {
            case 0 -> "park";
            case 1 -> "focus";
            default -> commands.get(random.nextInt(commands.size())).name();
        };
        return commands.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** A slash command with a random subcommand and random values for a random subset of its optional options. */
    private static InteractionHandle command(Random random, FakeUser person, boolean dm, CommandSpec command) {
        InteractionBuilder.SlashCommand slash = E2E.fake().slashCommand(command.name()).by(person);
        List<OptionSpec> options = command.options();
        if (!command.subcommands().isEmpty()) {
            CommandSpec.Subcommand sub = command.subcommands().get(random.nextInt(command.subcommands().size()));
            if (command.name().equals("focus") && random.nextBoolean()) {
                sub = command.subcommands().stream().filter(c -> c.name().equals("set")).findFirst().orElseThrow();
            }
            slash.subcommand(sub.name());
            options = sub.options();
        }
        Map<String, String> given = new HashMap<>();
        for (OptionSpec option : options) {
            if (!option.reach().onDiscord() || !option.required() && random.nextInt(3) > 0) {
                continue;
            }
            switch (option.kind()) {
                case TEXT -> {
                    String value = option.autocomplete() && random.nextInt(4) > 0
                            ? picked(random, person).orElseGet(() -> text(random, option)) : text(random, option);
                    given.put(option.name(), value);
                    slash.option(option.name(), value);
                }
                case NUMBER -> slash.option(option.name(), number(random, option));
                default -> {
                    // Channels, roles and files are the settings' and import's; their own tests send them.
                }
            }
        }
        if (dm) {
            slash.inDirectMessage();
        }
        InteractionHandle sent = slash.send();
        if (command.name().equals("tree") && "server".equals(given.get(Commands.SCOPE)) && !dm) {
            E2E.allowPublicReply(sent, "the server's tree is drawn for the whole group");
        }
        return sent;
    }

    /** What an autocomplete pick sends for a loop: the id of one of the person's loops, any status. */
    private static Optional<String> picked(Random random, FakeUser person) {
        List<OpenLoop> loops = E2E.bot().loops().list(person.id(),
                new LoopFilter(LoopFilter.Stage.ALL, Optional.empty()), 0, 100).loops();
        return loops.isEmpty() ? Optional.empty()
                : Optional.of(String.valueOf(loops.get(random.nextInt(loops.size())).id()));
    }

    private static String text(Random random, OptionSpec option) {
        if (!option.choices().isEmpty()) {
            return option.choices().get(random.nextInt(option.choices().size())).value();
        }
        int most = option.maxLength() > 0 ? option.maxLength() : 6000;
        String word = WORDS[random.nextInt(WORDS.length)];
        // One time in four as long as the option allows.
        String value = random.nextInt(4) == 0 ? word.repeat(most / word.length() + 1) : word;
        value = value.length() > most ? value.substring(0, most) : value;
        // Discord trims what people type and sends no empty text.
        return value.strip().isEmpty() ? "x" : value.strip();
    }

    private static long number(Random random, OptionSpec option) {
        OptionSpec.Range range = option.range();
        if (range.bounded()) {
            return range.min() + (long) random.nextInt((int) Math.min(1_000, range.max() - range.min() + 1));
        }
        return new long[] {0, 1, 24, -5, 1_000_000_000_000L}[random.nextInt(5)];
    }

    /** Clicks one button of an answer as the message is now. */
    private static InteractionHandle click(FakeUser clicker, Answer answer, String customId) {
        InteractionBuilder.ButtonClick click = E2E.fake().buttonClick(customId).by(clicker)
                .onMessage(answer.current().get());
        if (answer.dm()) {
            click.inDirectMessage();
        }
        return click.send();
    }

    /** Fills every text input of a modal with a random value within its limits and submits it. */
    private static void submit(Random random, FakeUser person, boolean dm, DataObject modal) {
        InteractionBuilder.ModalSubmit submit = E2E.fake().modalSubmit(modal.getString("custom_id")).by(person);
        if (dm) {
            submit.inDirectMessage();
        }
        DataArray components = modal.getArray("components");
        for (int i = 0; i < components.length(); i++) {
            DataObject component = components.getObject(i);
            DataObject input = component.optObject("component").orElse(component);
            if (input.getInt("type", 0) != 4) {
                continue;
            }
            int most = input.getInt("max_length", 4000);
            String word = WORDS[random.nextInt(WORDS.length)].strip();
            String value = random.nextBoolean() ? word : word.repeat(most / word.length() + 1).substring(0, most);
            submit.textInput(input.getString("custom_id"), value.strip());
        }
        E2E.reply(submit.send());
    }
}
