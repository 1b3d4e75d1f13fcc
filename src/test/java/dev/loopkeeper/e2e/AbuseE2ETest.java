package dev.loopkeeper.e2e;

import dev.loopkeeper.discord.DiscordMessages;
import dev.loopkeeper.e2e.fake.FakeAttachment;
import dev.loopkeeper.e2e.fake.FakeDiscord;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.Fault;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopFilter;
import dev.loopkeeper.loop.LoopScope;
import dev.loopkeeper.loop.OpenLoop;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile or careless member of a study-group server on the wire: component ids they made up (the fake sends any
 * {@code custom_id}, as a modified client can), sent on the bot's messages or in their own name. Each is refused with a
 * private message, logs no fault, and changes nothing of anyone else's: no other loop's post, no made-up source a
 * reminder would link to, nothing deleted.
 */
class AbuseE2ETest {
    private static final String CHANNEL = FakeDiscord.GENERAL.id();

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    private static LoopScope lot() {
        return LoopScope.server(E2E.guildId());
    }

    private static OpenLoop serverLoop(String concept) {
        return E2E.bot().loops().list(lot(), Actor.member("1", E2E.guildId(), false),
                        new LoopFilter(LoopFilter.Stage.ALL, Optional.empty()), 0, 100).loops().stream()
                .filter(l -> l.concept().equals(concept)).findFirst().orElseThrow();
    }

    private static String answer(InteractionHandle interaction) {
        return E2E.message(interaction).getString("content");
    }

    /**
     * A loop whose post the channel refused has no post the bot knows of, so a Me too click adopts the message clicked
     * as its post (the mend of posts from before they were remembered). A Me too id of that loop, crafted and sent on
     * another loop's post, counted the Me too and then made that post the loop's and edited it to show the other loop:
     * the group's message of "splay tree" read "skip list". It must count the click and leave the message alone.
     */
    @Test
    void aMeTooOfOneLoopSentOnAnotherLoopsPostLeavesThatPostAlone() {
        FakeUser author = E2E.newUser();
        FakeUser mallory = E2E.newUser();
        answer(E2E.fake().slashCommand("park").by(author).option("concept", "splay tree").option("scope", "server")
                .send());
        OpenLoop splay = serverLoop("splay tree");
        E2E.await(() -> E2E.bot().groupPosts().of(splay.id()).isPresent(), "the post of splay tree is remembered");
        String postId = E2E.bot().groupPosts().of(splay.id()).orElseThrow().messageId();
        DataObject post = E2E.fake().message(postId);
        E2E.fake().failNext(1, "POST", "channels/" + CHANNEL + "/messages", Fault.discordError(403, 50013,
                "Missing Permissions"));
        E2E.expectLogLine("Could not post server loop");
        InteractionHandle notPosted = E2E.fake().slashCommand("park").by(author).option("concept", "skip list")
                .option("scope", "server").send();
        answer(notPosted);
        E2E.fake().awaitWebhookRequest(notPosted, "POST", LoopkeeperE2E.WAIT); // told privately, after the log line
        OpenLoop skip = serverLoop("skip list");

        String counted = answer(E2E.fake().buttonClick("server-" + E2E.guildId() + ":group.metoo:" + skip.id())
                .by(mallory).onMessage(post).send());

        assertEquals("Counted: **skip list** matters to 2 people here.", counted);
        // The close's edit of the post goes through the same one thread as the click's mend, after it.
        answer(E2E.fake().slashCommand("close").by(author).option("loop", Long.toString(splay.id()))
                .option("outcome", "learned").option("scope", "server").send());
        String path = "channels/" + CHANNEL + "/messages/" + postId;
        E2E.fake().awaitRequest(r -> r.method().equals("PATCH") && r.path().equals(path)
                && r.json().getString("content", "").contains("~~**splay tree**~~"), LoopkeeperE2E.WAIT);
        List<RecordedRequest> edits = E2E.requests(r -> r.method().equals("PATCH") && r.path().equals(path));
        assertEquals(1, edits.size(), "only the close edited splay tree's post: " + edits);
        assertTrue(E2E.bot().groupPosts().of(skip.id()).isEmpty(), "skip list did not take another loop's post");
        assertEquals(postId, E2E.bot().groupPosts().of(splay.id()).orElseThrow().messageId());
    }

    /**
     * Ids the bot never made, sent by the person they name: a key whose command has no buttons, an action no handler
     * knows, the /forget-me button without the moment it was asked or with one no date can hold, the message menu's form
     * without its place. Each was an unexpected failure (an ERROR with its stack trace in the operator's log, an apology
     * with a reference to the person); now each is the answer to a button from an older version, and nothing is deleted.
     */
    @Test
    void idsTheBotNeverMadeAreRefusedAsStaleAndLogNoFault() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "bloom filters");
        String me = user.id();

        for (String id : List.of(me + ":tree.x", me + ":settings.x:1", me + ":triage.core:1:2:3:4:5:6",
                me + ":forget.yes", me + ":forget.yes:x", me + ":forget.yes:99999999999999999999",
                me + ":forget.yes:9223372036854775807:x", me + ":parkmsg.save")) {
            assertEquals(DiscordMessages.staleComponent(), answer(E2E.fake().buttonClick(id).by(user).send()), id);
        }
        for (String id : List.of(me + ":parkmsg.save", me + ":parkmsg.save:1:2", me + ":triage.core:1",
                me + ":forget.yes:1")) {
            assertEquals(DiscordMessages.staleComponent(), answer(E2E.fake().modalSubmit(id).by(user)
                    .textInput("concept", "made-up concept").send()), id);
        }
        assertEquals(1, E2E.bot().loops().countOpen(user.id()), "nothing deleted, nothing parked");
    }

    /**
     * The message menu's form carries the message's place in its id, which becomes the loop's source: a link that
     * reminders show, and whose server may show them in its channel when the person's DMs are closed. A crafted id
     * naming another server, or text for a channel or message, saved a loop with that source; it saves nothing now.
     */
    @Test
    void aMessageFormWhoseIdNamesAnotherServerOrMadeUpTextSavesNothing() {
        FakeUser user = E2E.newUser();
        String me = user.id();
        String otherServer = "1000000000000000999";
        for (String id : List.of(me + ":parkmsg.save:" + otherServer + ":" + CHANNEL + ":1000000000000000777",
                me + ":parkmsg.save:" + E2E.guildId() + ":1)\n# Free nitro for everyone (:1000000000000000777",
                me + ":parkmsg.save:@me:" + CHANNEL + ":1000000000000000777",
                // Another channel of this server than the one the form was submitted in: a made-up source too.
                me + ":parkmsg.save:" + E2E.guildId() + ":1000000000000000555:1000000000000000777")) {
            assertEquals(DiscordMessages.staleComponent(), answer(E2E.fake().modalSubmit(id).by(user)
                    .textInput("concept", "eventual consistency").send()), id);
        }
        assertEquals(0, E2E.bot().loops().countOpen(user.id()), "nothing parked");

        String sound = me + ":parkmsg.save:" + E2E.guildId() + ":" + CHANNEL + ":1000000000000000777";
        assertTrue(answer(E2E.fake().modalSubmit(sound).by(user).textInput("concept", "eventual consistency").send())
                .startsWith("Parked **eventual consistency**."));
        assertEquals(1, E2E.bot().loops().countOpen(user.id()));
    }

    /**
     * A source is shown as a masked {@code [source](...)} link. An import file's source may hold any address: it was
     * linked as given, so an edited export showed "source" over any site, or broke the line's markdown. Only a Discord
     * link is shown now; the loop and the rest of its line are kept.
     */
    @Test
    void anImportedSourceThatIsNoDiscordLinkIsNotShownAsALink() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "vector clocks");
        InteractionHandle export = E2E.fake().slashCommand("export").by(user).option("format", "json").send();
        E2E.fake().awaitWebhookRequest(export, "PATCH", Duration.ofSeconds(10));
        DataObject exported = E2E.fake().originalMessage(export);
        String fileId = exported.getArray("attachments").getObject(0).getString("id");
        String json = new String(E2E.fake().file(fileId).orElseThrow(), StandardCharsets.UTF_8);
        // A source the bot never wrote: the export has none for a /park (null columns are left out), so one is added.
        String edited = json.replaceFirst("(\"origin_channel_id\"\\s*:\\s*\"" + CHANNEL + "\")",
                "$1, \"origin_message_url\" : \"https://free-nitro.example/claim) **Loopkeeper: claim your prize**\"");
        assertFalse(edited.equals(json), "the export names the source's column: " + json);
        E2E.bot().data().forget(user.id());
        FakeAttachment upload = E2E.fake().offerFile("loopkeeper-export.json", edited.getBytes(StandardCharsets.UTF_8));
        InteractionHandle imported = E2E.fake().slashCommand("import").by(user).option("file", upload).send();
        E2E.fake().awaitWebhookRequest(imported, "PATCH", Duration.ofSeconds(10));
        assertEquals("Imported 1 loop.", E2E.fake().originalMessage(imported).getString("content"));

        String list = E2E.message(E2E.fake().slashCommand("loops").by(user).send()).getArray("embeds").getObject(0)
                .getString("description");

        assertTrue(list.contains("**vector clocks**"), list);
        assertFalse(list.contains("free-nitro") || list.contains("prize"), list);
        assertTrue(list.contains("[source](https://discord.com/channels/" + E2E.guildId() + "/" + CHANNEL + ")"),
                "the channel it was parked in is linked still: " + list);
    }
}
