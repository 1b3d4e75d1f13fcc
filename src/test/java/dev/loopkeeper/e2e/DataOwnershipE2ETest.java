package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeAttachment;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /export}, {@code /forget-me} and {@code /import} on the wire: a file out, a button, the same file back. */
class DataOwnershipE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    private static long loops(FakeUser user) {
        return E2E.bot().loops().countOpen(user.id());
    }

    /** The bytes of the file attached to the bot's reply, as a person would download it. */
    private static byte[] attachedFile(InteractionHandle interaction) {
        DataObject stored = E2E.fake().originalMessage(interaction);
        String id = stored.getArray("attachments").getObject(0).getString("id");
        return E2E.fake().file(id).orElseThrow(() -> new AssertionError("the fake kept no file " + id));
    }

    /**
     * The reply to an export: deferred first (building a large one may take longer than Discord's 3 seconds), then
     * edited into the answer and its file.
     */
    private static DataObject exported(InteractionHandle export) {
        assertEquals(5, E2E.reply(export).getInt("type"), "acknowledged before the export is built");
        E2E.fake().awaitWebhookRequest(export, "PATCH", WAIT);
        return E2E.fake().originalMessage(export);
    }

    /** The reply after the bot deferred and edited it (an import downloads the file first). */
    private static String editedReply(InteractionHandle interaction) {
        E2E.fake().awaitWebhookRequest(interaction, "PATCH", WAIT);
        return E2E.fake().originalMessage(interaction).getString("content");
    }

    /**
     * A loop parked with /park in a server's channel says in the readable forms where it came from, as /loops links it:
     * only a parked message's link was exported, so a person in several servers could not tell which loop came from
     * which. Parked again from another server, the note says where too.
     */
    @Test
    void theExportLinksTheServerChannelALoopWasParkedIn() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Bloom clocks");
        // Parked again in another server (one with the app's commands only, so not in the fake's world).
        dev.loopkeeper.e2e.fake.FakeChannel lab = new dev.loopkeeper.e2e.fake.FakeChannel("1000000000000000260", "lab");
        dev.loopkeeper.e2e.fake.FakeGuild other = dev.loopkeeper.e2e.fake.FakeGuild.of("1000000000000000160", "OTHER",
                lab, user);
        E2E.message(E2E.fake().slashCommand("park").by(user).inChannel(other, lab).option("concept", "Bloom clocks")
                .option("why", "asked again here").send());
        String channel = "https://discord.com/channels/" + E2E.guildId() + "/" + dev.loopkeeper.e2e.fake.FakeDiscord
                .GENERAL.id();
        String otherChannel = "https://discord.com/channels/" + other.id() + "/" + lab.id();

        InteractionHandle markdown = E2E.fake().slashCommand("export").by(user).option("format", "markdown")
                .inDirectMessage().send();
        exported(markdown);
        String md = new String(attachedFile(markdown), StandardCharsets.UTF_8);
        InteractionHandle csv = E2E.fake().slashCommand("export").by(user).option("format", "csv").send();
        exported(csv);
        String table = new String(attachedFile(csv), StandardCharsets.UTF_8);

        assertTrue(md.contains("\nsource: \"" + channel + "\"\n"), md);
        assertTrue(md.contains(": asked again here (" + otherChannel + ")\n"), md);
        String loopLine = table.lines().filter(l -> l.startsWith("loop,") && l.contains("Bloom clocks")).findFirst()
                .orElseThrow(() -> new AssertionError(table));
        assertTrue(loopLine.endsWith("," + channel), loopLine);
    }

    /**
     * The shared loops that matter to a person, in the readable forms: each by its concept and server, and whether they
     * parked it (a park counts its parker) or said Me too. Their parks were called "me too"s, and a list of numbers
     * named no loop they could find.
     */
    @Test
    void theExportNamesEachSharedLoopItsServerAndWhetherThePersonParkedItOrSaidMeToo() {
        FakeUser user = E2E.newUser();
        FakeUser other = E2E.newUser();
        E2E.message(E2E.fake().slashCommand("park").by(user).option("concept", "Kalman filter")
                .option("scope", "server").send());
        E2E.message(E2E.fake().slashCommand("park").by(other).option("concept", "particle filter")
                .option("scope", "server").send());
        // Parking a concept the lot holds already is a Me too.
        E2E.message(E2E.fake().slashCommand("park").by(user).option("concept", "particle filter")
                .option("scope", "server").send());
        long kalman = E2E.bot().loops().resolve(E2E.lot(), dev.loopkeeper.loop.Actor.member(user.id(), E2E.guildId(),
                false), "Kalman filter").id();
        long particle = E2E.bot().loops().resolve(E2E.lot(), dev.loopkeeper.loop.Actor.member(user.id(),
                E2E.guildId(), false), "particle filter").id();

        InteractionHandle markdown = E2E.fake().slashCommand("export").by(user).option("format", "markdown").send();
        exported(markdown);
        String md = new String(attachedFile(markdown), StandardCharsets.UTF_8);
        InteractionHandle csv = E2E.fake().slashCommand("export").by(user).option("format", "csv").send();
        exported(csv);
        String table = new String(attachedFile(csv), StandardCharsets.UTF_8);

        assertTrue(md.contains("# Shared loops that matter to you\n\n2 loops of servers' shared lots, each listed there "
                + "by /loops scope:server:\n\n- **Kalman filter** (#" + kalman + "): you parked it, in the shared lot "
                + "of server " + E2E.guildId() + ", "), md);
        assertTrue(md.contains("\n- **particle filter** (#" + particle + "): you said Me too, in the shared lot of "
                + "server " + E2E.guildId() + ", "), md);
        assertTrue(table.contains("\nme too," + kalman + ",Kalman filter,\"you parked it, in the shared lot of server "
                + E2E.guildId() + "\","), table);
    }

    @Test
    void exportForgetAndImportTheSameFileRestoresEverything() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "bloom filters");
        E2E.park(user, "@everyone consistent hashing");

        InteractionHandle export = E2E.fake().slashCommand("export").by(user).option("format", "json").send();
        DataObject reply = exported(export);
        assertTrue(reply.getString("content").startsWith("Your export (json): 2 loops"), reply.toString());
        assertEquals(64, reply.getInt("flags", 0) & 64, "private");
        LoopkeeperE2E.assertPingsNobody(reply);
        byte[] file = attachedFile(export);
        String json = new String(file, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"format\" : \"loopkeeper-export\"") && json.contains("bloom filters"), json);

        InteractionHandle forget = E2E.fake().slashCommand("forget-me").by(user).send();
        assertTrue(E2E.message(forget).getString("content").startsWith("This deletes everything"));
        DataObject question = E2E.fake().originalMessage(forget);
        DataObject deleted = E2E.reply(E2E.click(user, forget, "Delete everything"));
        assertEquals(7, deleted.getInt("type"), "the question is edited into the answer");
        assertTrue(deleted.getObject("data").getString("content").startsWith("Deleted 2 loops"), deleted.toString());
        assertEquals(0, loops(user));
        // The same button sent again (a second click, or a client still showing the question) after the person parked
        // anew: it must not say that nothing was ever there, nor delete what was saved since.
        E2E.park(user, "a loop parked after forgetting");
        DataObject twice = E2E.reply(E2E.fake().buttonClick(LoopkeeperE2E.button(question, "Delete everything")
                .getString("custom_id")).by(user).onMessage(question).send());
        assertEquals("You confirmed this already, and everything Loopkeeper kept of yours then was deleted. Nothing "
                + "more was deleted: run /forget-me again if you want what you saved since gone too.",
                twice.getObject("data").getString("content"));
        assertEquals(1, loops(user), "the loop parked since is kept");
        E2E.bot().data().forget(user.id()); // as before it, for the import below

        FakeAttachment upload = E2E.fake().offerFile("loopkeeper-export.json", file);
        InteractionHandle restore = E2E.fake().slashCommand("import").by(user).option("file", upload).send();
        assertEquals("Imported 2 loops.", editedReply(restore));
        assertEquals(2, loops(user));

        InteractionHandle again = E2E.fake().slashCommand("import").by(user).option("file", upload).send();
        assertTrue(editedReply(again).startsWith("Everything in that export is already here (2 loops"));
        assertEquals(2, loops(user));
    }

    /**
     * Which confirmations were used lives in memory, and goes with a restart: a question asked before it deletes
     * nothing, says why and what to do, and asked again works. It deleted before, and so a question confirmed just
     * before the restart, clicked again after it, deleted what the person had saved in between.
     */
    @Test
    void aForgetMeQuestionAskedBeforeARestartDeletesNothingAndSaysToAskAgain() throws InterruptedException {
        FakeUser user = E2E.newUser();
        E2E.park(user, "quorum reads");
        InteractionHandle forget = E2E.fake().slashCommand("forget-me").by(user).send();
        assertTrue(E2E.message(forget).getString("content").startsWith("This deletes everything"));

        E2E.restart(() -> { });

        DataObject answer = E2E.reply(E2E.click(user, forget, "Delete everything"));
        assertEquals(7, answer.getInt("type"), "the question is edited into the answer");
        assertEquals("This question was asked before Loopkeeper restarted, and its button stopped working then; "
                + "nothing was deleted. Run /forget-me again if you still want to.",
                answer.getObject("data").getString("content"));
        assertEquals(1, loops(user), "nothing deleted");
        InteractionHandle again = E2E.fake().slashCommand("forget-me").by(user).send();
        E2E.message(again);
        DataObject deleted = E2E.reply(E2E.click(user, again, "Delete everything"));
        assertTrue(deleted.getObject("data").getString("content").startsWith("Deleted 1 loop"), deleted.toString());
        assertEquals(0, loops(user));
    }

    @Test
    void markdownAndCsvExportsArriveAsFiles() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Kalman filter");
        InteractionHandle markdown = E2E.fake().slashCommand("export").by(user).option("format", "markdown").send();
        exported(markdown);
        assertTrue(new String(attachedFile(markdown), StandardCharsets.UTF_8).contains("\n## Kalman filter\n"));
        InteractionHandle csv = E2E.fake().slashCommand("export").by(user).option("format", "csv").send();
        exported(csv);
        assertTrue(new String(attachedFile(csv), StandardCharsets.UTF_8).startsWith("\uFEFFrecord,loop,concept,text,class,"),
                "with the byte order mark Excel needs to read UTF-8");

        // Given back to /import, the Markdown file is named for what it is, and nothing changes.
        FakeAttachment notes = E2E.fake().offerFile("loopkeeper-export.md", attachedFile(markdown));
        InteractionHandle refused = E2E.fake().slashCommand("import").by(user).option("file", notes).send();
        assertTrue(editedReply(refused).startsWith("That is a Markdown export, for reading elsewhere; an import takes the "
                + "JSON export"), editedReply(refused));
        assertEquals(1, loops(user));
    }

    @Test
    void theMarkdownExportReadsAsLoopkeeperDoesWithLabelsAndNoRawRows() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "Kalman filter");
        E2E.message(E2E.fake().slashCommand("close").by(user).option("loop", "Kalman filter").option("outcome", "let_go")
                .send());
        E2E.message(E2E.fake().slashCommand("nudge").subcommand("set").by(user).option("day", "monday")
                .option("time", "09:00").option("zone", "Europe/Berlin").send());
        InteractionHandle markdown = E2E.fake().slashCommand("export").by(user).option("format", "markdown").send();
        exported(markdown);
        String md = new String(attachedFile(markdown), StandardCharsets.UTF_8);

        assertTrue(md.contains("outcome: \"let go\""), md);
        assertTrue(md.contains("\n# Weekly nudge\n\nMondays at 09:00 (Europe/Berlin), the next one "), md);
        assertTrue(md.contains("\n# Settings\n\n- Time zone: Europe/Berlin\n- Quiet hours: none\n"), md);
        assertTrue(!md.contains("let_go") && !md.contains("owner_id") && !md.contains("# nudge_schedule")
                && !md.contains("# person_settings"), "no stored value or raw row: " + md);
    }

    @Test
    void anExportWithNothingInItSaysSoAndStillComesAsAFile() {
        FakeUser user = E2E.newUser();
        InteractionHandle markdown = E2E.fake().slashCommand("export").by(user).option("format", "markdown").send();
        DataObject reply = exported(markdown);
        assertEquals("Your export (markdown): nothing to export yet. Loopkeeper keeps nothing of yours, so the file "
                + "holds only its heading; `/park` saves your first loop.", reply.getString("content"));
        assertTrue(new String(attachedFile(markdown), StandardCharsets.UTF_8).endsWith("# Loopkeeper: your loops\n\n"
                + "No loops yet: /park saves your first.\n"));
    }

    @Test
    void forgettingSomeoneWithNothingSavedSaysSoAndAnEmptyExportImportsNothing() {
        FakeUser user = E2E.newUser();
        InteractionHandle export = E2E.fake().slashCommand("export").by(user).option("format", "json").send();
        exported(export);
        byte[] empty = attachedFile(export);

        InteractionHandle forget = E2E.fake().slashCommand("forget-me").by(user).send();
        E2E.message(forget);
        DataObject deleted = E2E.reply(E2E.click(user, forget, "Delete everything"));
        assertTrue(deleted.getObject("data").getString("content").startsWith("Nothing of yours is stored: "),
                deleted.toString());

        InteractionHandle restore = E2E.fake().slashCommand("import").by(user)
                .option("file", E2E.fake().offerFile("loopkeeper-export.json", empty)).send();
        assertEquals("That export holds nothing to import.", editedReply(restore));
        assertEquals(0, loops(user));
    }

    @Test
    void aFileThatIsNotAnExportIsRefusedAndChangesNothing() {
        FakeUser user = E2E.newUser();
        E2E.park(user, "B-tree indexes");
        FakeAttachment notes = E2E.fake().offerFile("notes.json", "{\"todo\": [1, 2]}".getBytes(StandardCharsets.UTF_8));
        InteractionHandle refused = E2E.fake().slashCommand("import").by(user).option("file", notes).send();
        assertTrue(editedReply(refused).startsWith("That file is not a Loopkeeper export"));
        assertEquals(1, loops(user));
    }
    /**
     * Someone moving back from a newer Loopkeeper attaches its export: the refusal says the file is from a newer one and
     * what to do, where it said only that a field was not known; with their id taken out of the file, it is theirs.
     */
    @Test
    void aFileFromANewerLoopkeeperSaysSoAndOneWithoutTheOwnersIdIsTheirs() throws Exception {
        FakeUser user = E2E.newUser();
        E2E.park(user, "B-tree indexes");
        InteractionHandle export = E2E.fake().slashCommand("export").by(user).option("format", "json").send();
        exported(export);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var file = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(attachedFile(export));
        E2E.bot().data().forget(user.id());

        var newer = file.deepCopy();
        newer.put("schema", String.valueOf(dev.loopkeeper.storage.Database.SCHEMA_VERSION + 1));
        ((com.fasterxml.jackson.databind.node.ObjectNode) newer.get("tables").get("open_loop").get(0)).put("colour", "red");
        InteractionHandle refused = E2E.fake().slashCommand("import").by(user)
                .option("file", E2E.fake().offerFile("newer.json", json.writeValueAsBytes(newer))).send();
        String said = editedReply(refused);
        assertTrue(said.contains("\"colour\": the file comes from a newer Loopkeeper") && said.endsWith("Nothing was "
                + "imported."), said);
        LoopkeeperE2E.assertPingsNobody(E2E.fake().originalMessage(refused));
        assertEquals(0, loops(user));

        ((com.fasterxml.jackson.databind.node.ObjectNode) file.get("tables").get("open_loop").get(0)).remove("owner_id");
        InteractionHandle restore = E2E.fake().slashCommand("import").by(user)
                .option("file", E2E.fake().offerFile("mine.json", json.writeValueAsBytes(file))).send();
        assertEquals("Imported 1 loop.", editedReply(restore));
        assertEquals(1, loops(user));
    }
}
