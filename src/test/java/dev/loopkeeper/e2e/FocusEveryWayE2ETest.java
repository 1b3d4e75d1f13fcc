package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeUser;
import java.util.List;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Someone who sets {@code /focus} every way it offers, on the wire: the quiet hours' zone picked from suggestions and
 * their times typed as people write them, and a focus whose time ran out.
 */
class FocusEveryWayE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    @Test
    void theZoneOfQuietHoursIsSuggestedAsTheNudgesIs() {
        FakeUser user = E2E.newUser();
        E2E.message(E2E.fake().slashCommand("focus").subcommand("set").by(user).option("text", "berlin wall history")
                .send());

        // Before, the focus items were offered here (the one whose text holds "berl"), and no zone at all.
        List<String> offered = LoopkeeperE2E.choiceNames(E2E.reply(E2E.fake().autocomplete("focus").subcommand("quiet")
                .by(user).focused("zone", "berl").send()));

        assertEquals(List.of("Europe/Berlin"), offered);
        String set = E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user)
                .option("from", "22:00").option("to", "08:00").option("zone", offered.get(0)).send())
                .getString("content");
        assertTrue(set.startsWith("Quiet hours set: 22:00 to 08:00 (Europe/Berlin)."), set);
        // The item's own autocomplete still offers items.
        assertEquals(List.of("berlin wall history"), LoopkeeperE2E.choiceNames(E2E.reply(E2E.fake()
                .autocomplete("focus").subcommand("clear").by(user).focused("item", "berl").send())));
    }

    @Test
    void aTimeWrittenOnTheTwelveHourClockFitsTheBoxDiscordShows() {
        FakeUser user = E2E.newUser();
        String from = "10:30 pm";
        String to = "6:30 a.m.";
        // Discord's own box refuses a value over the option's max_length before anything is sent.
        for (String[] option : new String[][] {{"focus", "quiet", "from"}, {"focus", "quiet", "to"},
                {"nudge", "set", "time"}}) {
            int most = maxLength(option[0], option[1], option[2]);
            assertTrue(most >= "12:30 p.m.".length(), "/" + String.join(" ", option) + " takes " + most);
        }
        assertTrue(maxLength("focus", "quiet", "from") >= from.length()
                && maxLength("focus", "quiet", "to") >= to.length());

        String set = E2E.message(E2E.fake().slashCommand("focus").subcommand("quiet").by(user)
                .option("from", from).option("to", to).option("zone", "Europe/Berlin").send()).getString("content");

        assertTrue(set.startsWith("Quiet hours set: 22:30 to 06:30 (Europe/Berlin)."), set);
    }

    /** The max_length Discord registered for an option of a subcommand. */
    private static int maxLength(String command, String subcommand, String option) {
        DataArray registered = E2E.registeredCommands();
        for (int i = 0; i < registered.length(); i++) {
            DataObject c = registered.getObject(i);
            if (!c.getString("name").equals(command)) {
                continue;
            }
            DataArray subs = c.getArray("options");
            for (int j = 0; j < subs.length(); j++) {
                DataObject sub = subs.getObject(j);
                if (!sub.getString("name").equals(subcommand)) {
                    continue;
                }
                DataArray options = sub.getArray("options");
                for (int k = 0; k < options.length(); k++) {
                    if (options.getObject(k).getString("name").equals(option)) {
                        return options.getObject(k).getInt("max_length", 6000);
                    }
                }
            }
        }
        throw new AssertionError("no option /" + command + " " + subcommand + " " + option);
    }
}
