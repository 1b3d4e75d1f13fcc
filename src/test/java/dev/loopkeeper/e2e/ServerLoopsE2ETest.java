package dev.loopkeeper.e2e;

import dev.loopkeeper.discord.DiscordMessages;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.Fault;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopErrors;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import dev.loopkeeper.loop.Origin;
import dev.loopkeeper.loop.ParkRequest;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server's shared loops through the wire: {@code /park scope:server} answers privately and posts a message for the
 * group with a Me too button that any member may click (each counted once), {@code /loops scope:server} lists the lot
 * with counts and nothing personal, only the author or a server manager closes, and a DM has no server to park in.
 * The tests of this class share one bot and one guild, so each looks only at the loops it parked.
 */
class ServerLoopsE2ETest {

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    private static LoopScope lot() {
        return LoopScope.server(E2E.guildId());
    }

    /** {@code /park ... scope:server} in the guild's #general; returns the private reply and the group's message. */
    private static Parked parkForGroup(FakeUser author, String concept, String why) {
        InteractionHandle park = E2E.fake().slashCommand("park").by(author).option("concept", concept)
                .option("why", why).option("scope", "server").send();
        String reply = E2E.message(park).getString("content");
        String path = "channels/" + FakeDiscord.GENERAL.id() + "/messages";
        RecordedRequest posted = E2E.fake().awaitRequest(r -> r.method().equals("POST") && r.path().equals(path)
                && r.json().getString("content", "").contains(concept), LoopkeeperE2E.WAIT);
        assertTrue(posted.succeeded(), posted.toString());
        // The group's message as the fake stored it (with an id, so it can be clicked); the private reply to the same
        // park may be stored before or after it.
        String content = posted.json().getString("content");
        DataObject message = E2E.fake().messagesIn(FakeDiscord.GENERAL.id()).stream()
                .filter(m -> content.equals(m.getString("content", null))).reduce((first, second) -> second)
                .orElseThrow();
        return new Parked(reply, posted.json(), message);
    }

    private record Parked(String reply, DataObject body, DataObject message) {
    }

    private static String meToo(FakeUser user, DataObject message) {
        String id = LoopkeeperE2E.button(message, "Me too").getString("custom_id");
        return E2E.message(E2E.fake().buttonClick(id).by(user).onMessage(message).send()).getString("content");
    }

    private static OpenLoop serverLoop(String concept) {
        return E2E.bot().loops().list(lot(), Actor.member("1", E2E.guildId(), false),
                        new LoopFilter(LoopFilter.Stage.ALL, Optional.empty()), 0, 100).loops().stream()
                .filter(l -> l.concept().equals(concept)).findFirst().orElseThrow();
    }

    @Test
    void aServerParkPostsForTheGroupMembersSayMeTooTheLotListsItAndOnlyTheAuthorClosesIt() {
        FakeUser author = E2E.newUser();
        FakeUser bob = E2E.newUser();
        FakeUser cid = E2E.newUser();
        E2E.park(author, "my private worry about exams");

        Parked parked = parkForGroup(author, "Kalman filter", "@everyone the robotics track starts with it");

        assertTrue(parked.reply().startsWith("Parked **Kalman filter** for the group.\nWhy it matters: @everyone the "
                + "robotics track starts with it\nIt is one of this server's shared loops ("), parked.reply());
        OpenLoop loop = serverLoop("Kalman filter");
        assertEquals(author.id(), loop.authorId());
        assertEquals("A loop for the group: **Kalman filter** · @everyone the robotics track starts with it — click Me "
                + "too if it matters to you too.", parked.body().getString("content"));
        WireAssertions.assertMentionsSuppressed(parked.body());
        WireAssertions.assertMessageWithinLimits(parked.body());
        LoopkeeperE2E.assertPingsNobody(parked.message());
        assertEquals(0, parked.body().getInt("flags", 0) & WireAssertions.FLAG_EPHEMERAL, "the group's message is public");
        assertFalse(parked.body().toString().contains(author.id()), "it does not name the parker");
        assertFalse(parked.body().toString().contains(author.username()), "it does not name the parker");
        assertEquals("server-" + E2E.guildId() + ":group.metoo:" + loop.id(),
                LoopkeeperE2E.button(parked.message(), "Me too").getString("custom_id"));

        assertEquals("Counted: **Kalman filter** matters to 2 people here.", meToo(bob, parked.message()));
        assertEquals("Counted: **Kalman filter** matters to 3 people here.", meToo(cid, parked.message()));
        assertEquals("You already said Me too: **Kalman filter** matters to 3 people here.",
                meToo(bob, parked.message()));

        DataObject list = E2E.message(E2E.fake().slashCommand("loops").by(cid).option("scope", "server").send())
                .getArray("embeds").getObject(0);
        assertTrue(list.getString("title").startsWith("This server's open loops ("), list.getString("title"));
        String body = list.getString("description");
        assertTrue(body.contains("`#" + loop.id() + "` **Kalman filter** · matters to 3 people · "), body);
        assertFalse(body.contains("private worry"), "nobody's personal loop: " + body);
        assertFalse(body.contains(author.username()) || body.contains(author.id()), "nobody is named: " + body);
        String own = E2E.message(E2E.fake().slashCommand("loops").by(author).send()).getArray("embeds").getObject(0)
                .getString("description");
        assertFalse(own.contains("Kalman filter"), "a personal list holds no server loop: " + own);

        String refused = E2E.message(E2E.fake().slashCommand("close").by(cid).option("loop", Long.toString(loop.id()))
                .option("outcome", "learned").option("scope", "server").send()).getString("content");
        assertEquals(LoopErrors.mayNotClose(), refused);
        assertTrue(serverLoop("Kalman filter").isOpen(), "still open");

        String closed = E2E.message(E2E.fake().slashCommand("close").by(author).option("loop", Long.toString(loop.id()))
                .option("outcome", "learned").option("takeaway", "predict, then correct").option("scope", "server")
                .send()).getString("content");
        assertEquals("Closed **Kalman filter** as learned.\nTakeaway: predict, then correct", closed);
        assertFalse(serverLoop("Kalman filter").isOpen());
        assertEquals(LoopErrors.notOpen(loop.id(), LoopScope.Kind.SERVER), meToo(bob, parked.message()),
                "a closed loop takes no more me toos");
    }

    @Test
    void aServerManagerClosesAnotherMembersServerLoopPickedByAutocomplete() {
        FakeUser author = E2E.newUser();
        parkForGroup(author, "particle filter", "for the localisation unit");

        DataObject choices = E2E.reply(E2E.fake().autocomplete("close").by(FakeDiscord.ADA).option("scope", "server")
                .focused("loop", "partic").send());
        String picked = LoopkeeperE2E.choiceNamed(choices, "particle filter").orElseThrow().getString("value");
        assertEquals(Long.toString(serverLoop("particle filter").id()), picked);

        // The guild's owner holds every permission, Manage Server included.
        String closed = E2E.message(E2E.fake().slashCommand("close").by(FakeDiscord.ADA).option("loop", picked)
                .option("outcome", "let_go").option("scope", "server").send()).getString("content");

        assertEquals("Closed **particle filter** as let go.", closed);
        assertFalse(serverLoop("particle filter").isOpen());
    }

    @Test
    void scopeServerInADmIsRefusedAndNothingIsSavedOrPosted() {
        FakeUser user = E2E.newUser();
        int postsBefore = channelPosts().size();

        String park = E2E.message(E2E.fake().slashCommand("park").by(user).inDirectMessage()
                .option("concept", "homework scheduling").option("scope", "server").send()).getString("content");
        String list = E2E.message(E2E.fake().slashCommand("loops").by(user).inDirectMessage()
                .option("scope", "server").send()).getString("content");

        assertEquals(LoopErrors.serverScopeNeedsServer(), park);
        assertEquals(LoopErrors.serverScopeNeedsServer(), list);
        assertEquals(0, E2E.bot().loops().countOpen(user.id()));
        assertEquals(postsBefore, channelPosts().size(), "nothing posted anywhere");
    }

    @Test
    void aMeTooButtonReplayedFromADmIsRefused() {
        Parked parked = parkForGroup(E2E.newUser(), "Bayesian optimisation", "tuning the group's models");
        String id = LoopkeeperE2E.button(parked.message(), "Me too").getString("custom_id");

        String reply = E2E.message(E2E.fake().buttonClick(id).by(E2E.newUser()).inDirectMessage().send())
                .getString("content");

        assertEquals(DiscordMessages.notThisServer(), reply);
        assertEquals(1, E2E.bot().loops().list(lot(), Actor.member("1", E2E.guildId(), false), LoopFilter.open(), 0, 100)
                .interestOf(serverLoop("Bayesian optimisation").id()), "only its author");
    }

    @Test
    void whenTheChannelRefusesTheGroupsMessageTheParkerIsToldPrivatelyAndTheLoopIsSaved() {
        FakeUser author = E2E.newUser();
        E2E.fake().failNext(1, "POST", "channels/" + FakeDiscord.GENERAL.id() + "/messages",
                Fault.discordError(403, 50013, "Missing Permissions"));
        E2E.expectLogLine("Could not post server loop");

        InteractionHandle park = E2E.fake().slashCommand("park").by(author).option("concept", "graph colouring")
                .option("scope", "server").send();

        assertTrue(E2E.message(park).getString("content").startsWith("Parked **graph colouring** for the group."));
        RecordedRequest followup = E2E.fake().awaitWebhookRequest(park, "POST", LoopkeeperE2E.WAIT);
        assertEquals(DiscordMessages.notPostedForGroup(), followup.json().getString("content"));
        WireAssertions.assertEphemeral(followup.json());
        assertTrue(serverLoop("graph colouring").isOpen(), "saved all the same");
    }

    @Test
    void theServersLotPagesWithPrevAndNextForAnyMember() {
        FakeUser author = E2E.newUser();
        for (int i = 1; i <= 11; i++) {
            E2E.bot().loops().park(new ParkRequest(author.id(), "shared topic number " + i, null,
                    Origin.channel(E2E.guildId(), FakeDiscord.GENERAL.id()), lot()));
        }
        FakeUser member = E2E.newUser();

        InteractionHandle list = E2E.fake().slashCommand("loops").by(member).option("scope", "server").send();
        DataObject first = E2E.message(list).getArray("embeds").getObject(0);
        assertTrue(first.getString("title").startsWith("This server's open loops ("), first.getString("title"));
        assertEquals("Page 1 of 2", first.getObject("footer").getString("text"));
        assertTrue(first.getString("description").contains("**shared topic number 11** · matters to 1 person"),
                first.getString("description"));

        DataObject next = E2E.reply(E2E.click(member, list, "Next"));

        assertEquals(7, next.getInt("type"), "Next edits the list in place");
        DataObject second = next.getObject("data").getArray("embeds").getObject(0);
        assertTrue(second.getString("title").startsWith("This server's open loops ("), second.getString("title"));
        assertEquals("Page 2 of 2", second.getObject("footer").getString("text"));
    }

    private static List<RecordedRequest> channelPosts() {
        return E2E.requests(r -> r.method().equals("POST") && r.path().matches("channels/\\d+/messages"));
    }
}
