package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A person at the most open loops Loopkeeper keeps (2 here; 5,000 by default): the message menu says so before its
 * form, as {@code /park} does, instead of after the person has filled the form in.
 */
class AtTheOpenLoopLimitE2ETest {
    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands().with(ConfigLoader.MAX_OPEN_LOOPS, "2");

    private static final String FULL = "You have 2 open loops, the most Loopkeeper keeps for one person. Close or let go "
            + "of a few with /close, then park from this message again. Nothing was saved.";

    @Test
    void theMessageMenuAtTheLimitSaysSoInsteadOfOpeningItsForm() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "bloom filters");
        E2E.park(user, "vector clocks");

        // Before: a form to fill in (concept, a why of up to 1,000 characters), then "Nothing was saved" for all of it.
        InteractionHandle menu = E2E.fake().messageCommand("Park a concept").by(user)
                .target(FakeDiscord.ADA, "sparse attention is worth a look").send();
        DataObject answer = E2E.reply(menu);
        assertEquals(4, answer.getInt("type"), "a message, not the form: " + answer);
        assertEquals(FULL, answer.getObject("data").getString("content"));
        assertEquals(2, E2E.bot().loops().countOpen(user.id()));

        // One let go, and the same menu opens its form and parks.
        E2E.message(E2E.fake().slashCommand("close").by(user).option("loop", "vector clocks")
                .option("outcome", "let_go").send());
        DataObject form = E2E.reply(E2E.fake().messageCommand("Park a concept").by(user)
                .target(FakeDiscord.ADA, "sparse attention is worth a look").send());
        assertEquals(9, form.getInt("type"), "the form: " + form);
        InteractionHandle submit = E2E.fake().modalSubmit(form.getObject("data").getString("custom_id")).by(user)
                .textInput("concept", "sparse attention").send();
        assertTrue(E2E.message(submit).getString("content").startsWith("Parked **sparse attention**."));
        assertEquals(2, E2E.bot().loops().countOpen(user.id()));
    }

    /** As /park at the limit takes a concept already open (it adds to it), the menu on a message naming one opens. */
    @Test
    void theMessageMenuOnAConceptAlreadyOpenOpensItsFormAtTheLimit() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "bloom filters");
        E2E.park(user, "vector clocks");

        DataObject form = E2E.reply(E2E.fake().messageCommand("Park a concept").by(user)
                .target(FakeDiscord.ADA, "Bloom filters").send());

        assertEquals(9, form.getInt("type"), "the form: " + form);
        InteractionHandle submit = E2E.fake().modalSubmit(form.getObject("data").getString("custom_id")).by(user)
                .textInput("concept", "Bloom filters").textInput("why", "the paper's sketch needs them").send();
        assertTrue(E2E.message(submit).getString("content").contains("bloom filters"));
        assertEquals(2, E2E.bot().loops().countOpen(user.id()));
    }

    @Test
    void slashParkAtTheLimitSaysTheSame() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "bloom filters");
        E2E.park(user, "vector clocks");
        assertEquals(FULL.replace("park from this message again", "park this one"),
                E2E.park(user, "sparse attention").getString("content"));
        // The same concept again is no new loop: it is taken at the limit too.
        assertTrue(E2E.park(user, "Bloom Filters").getString("content").contains("bloom filters"));
        assertEquals(2, E2E.bot().loops().countOpen(user.id()));
    }
}
