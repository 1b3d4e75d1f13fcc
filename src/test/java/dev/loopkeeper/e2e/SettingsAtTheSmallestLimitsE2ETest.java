package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bot run with the smallest reminder limits its configuration takes (one reminder a day, a day's rest): what
 * {@code /settings show} tells a manager about them reads as one, not "1 reminders" and "1 days".
 */
class SettingsAtTheSmallestLimitsE2ETest {
    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands().with(ConfigLoader.DAILY_CAP, "1")
            .with(ConfigLoader.COOLDOWN_DAYS, "1");

    @Test
    void showSaysOneReminderAndOneDay() {
        String shown = E2E.message(E2E.fake().slashCommand("settings").subcommand("show").by(FakeDiscord.ADA).send())
                .getString("content");
        assertTrue(shown.endsWith("• Reminder limits, set by whoever runs the bot: at most 1 reminder a day per person, "
                + "and a loop that came back rests 1 day before it may come back again."), shown);
        String caps = E2E.message(E2E.fake().slashCommand("settings").subcommand("caps").by(FakeDiscord.ADA).send())
                .getString("content");
        assertTrue(caps.startsWith("This server sets no cap of its own: members get at most 1 reminder a day in all"),
                caps);
    }
}
