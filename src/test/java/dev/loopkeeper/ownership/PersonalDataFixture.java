package dev.loopkeeper.ownership;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.loopkeeper.Loopkeeper;
import dev.loopkeeper.focus.FocusSource;
import dev.loopkeeper.help.HelpMessages;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.Outcome;
import dev.loopkeeper.loop.Phase;
import dev.loopkeeper.loop.ParkRequest;
import dev.loopkeeper.loop.ParkResult;
import dev.loopkeeper.reminder.Decision;
import dev.loopkeeper.poll.PollVotes;
import dev.loopkeeper.reminder.ReminderAction;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A person who has used everything, through the services as the fronts do: settings, loops with notes and a source, a
 * focus that fired a reminder they answered, a closed loop with a takeaway, a server loop they parked and one they said
 * "me too" to, a work-log channel they marked. {@code PersonalDataTest} checks it leaves rows in every personal table,
 * so a new feature's table is added here (and to the registry) or that test fails.
 */
final class PersonalDataFixture {
    static final String GUILD = "500";
    static final String CHANNEL = "600";

    private PersonalDataFixture() {
    }

    static void use(Loopkeeper app, String person, String other) {
        app.settings().setQuietHours(person, "22:00", "07:00", "Europe/Berlin");
        app.hints().afterPark(person, HelpMessages.Front.DISCORD);
        Origin origin = new Origin(GUILD, CHANNEL, "https://discord.com/channels/500/600/700", "we need a \"filter\", = 1");
        OpenLoop kalman = park(app, new ParkRequest(person, "Kalman filter", "tracking, with noise", origin));
        app.loops().park(new ParkRequest(person, "kalman  FILTER", "again, from the drone project", Origin.none()));
        OpenLoop btree = park(app, new ParkRequest(person, "B-tree indexes", null, Origin.none()));
        app.loops().activate(person, btree.id());
        app.loops().progress(person, btree.id(), Phase.INSTANTIATION, "a toy B-tree in Rust");
        app.loops().close(person, btree.id(), Outcome.LEARNED, "pages split in half, keys stay sorted");

        AtomicReference<Decision> decision = new AtomicReference<>();
        app.focus().connect(changed -> decision.set(app.matcher().onFocus(changed)));
        app.focus().set(person, "tracking a drone with a Kalman filter", Optional.empty(), FocusSource.COMMAND, null,
                null);
        long reminder = decision.get().reminderId().orElseThrow(() -> new AssertionError("no reminder: " + decision));
        app.reminders().act(person, reminder, kalman.id(), ReminderAction.NOT_RELEVANT);

        LoopScope server = LoopScope.server(GUILD);
        OpenLoop shared = park(app, new ParkRequest(other, "Paxos, for " + person, "for the reading group", origin, server));
        app.loops().meToo(server, new Actor(person, GUILD, false), shared.id());
        park(app, new ParkRequest(person, "CRDTs, from " + person, "next month's topic", origin, server));
        app.settings().addWorklog(GUILD, CHANNEL, person);
        app.nudges().set(person, "sunday", "18:00", "Europe/Berlin", null);
        app.nudges().preview(person);
        app.nudges().reflect(person, "Kalman filter", "predict, then correct by how much you trust each");
        var local = app.polls().startLocal(person, "Kalman filter");
        app.polls().finishLocal(local.id(), new PollVotes(0, 0, 3, 0));
        var poll = app.polls().start(new Actor(person, GUILD, true), Set.of(), CHANNEL, shared.id() + "", 24L);
        app.polls().posted(poll.id(), "9" + poll.id() + person.substring(person.length() - 3));
    }

    private static OpenLoop park(Loopkeeper app, ParkRequest request) {
        return assertInstanceOf(ParkResult.Parked.class, app.loops().park(request)).loop();
    }
}
