package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.config.ConfigLoader;
import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.ownership.ExportFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A large {@code /export} on the wire, with the bot's upload limit lowered to 2 KiB so that a few loops make one: the
 * zip goes by direct message, where it stays; with direct messages closed (50007) it is the private reply's file.
 */
class LargeExportE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int LIMIT = 2 * 1024;

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands().with(ConfigLoader.UPLOAD_LIMIT_KB, "2");

    /** A person whose JSON export is over the limit, and zipped under it. */
    private static FakeUser withALargeExport() {
        FakeUser user = E2E.newUser();
        for (String concept : new String[] {"bloom filters", "consistent hashing", "vector clocks", "gossip protocols",
                "merkle trees", "raft elections"}) {
            E2E.park(user, concept);
        }
        byte[] json = json(user);
        assertTrue(json.length > LIMIT, "the export is large: " + json.length);
        return user;
    }

    private static byte[] json(FakeUser user) {
        return E2E.bot().data().write(E2E.bot().data().export(user.id()), ExportFormat.JSON);
    }

    /** The one file attached to a message the fake stored, unzipped. */
    private static byte[] unzipped(DataObject message) throws IOException {
        assertEquals(1, message.getArray("attachments").length(), message.toString());
        DataObject attachment = message.getArray("attachments").getObject(0);
        assertTrue(attachment.getString("filename").matches("loopkeeper-export-\\d{8}-\\d{6}\\.json\\.zip"),
                attachment.toString());
        byte[] zip = E2E.fake().file(attachment.getString("id")).orElseThrow();
        assertTrue(zip.length <= LIMIT, "the zip fits: " + zip.length);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry = in.getNextEntry();
            assertTrue(entry.getName().endsWith(".json"), entry.getName());
            return in.readAllBytes();
        }
    }

    @Test
    void aLargeExportIsZippedAndSentByDirectMessage() throws IOException {
        FakeUser user = withALargeExport();
        byte[] expected = json(user);
        InteractionHandle export = E2E.fake().slashCommand("export").by(user).option("format", "json").send();
        E2E.fake().awaitWebhookRequest(export, "PATCH", WAIT);
        DataObject reply = E2E.fake().originalMessage(export);
        assertEquals(64, reply.getInt("flags", 0) & 64, "private");
        assertTrue(reply.getString("content").startsWith("Your export is large, so it went to your direct messages, "
                + "zipped ("), reply.toString());
        assertEquals(0, reply.getArray("attachments").length(), "the file is in the DM, once");

        DataObject dm = E2E.fake().lastMessageIn(E2E.fake().directMessageChannelId(user))
                .orElseThrow(() -> new AssertionError("no direct message"));
        assertTrue(dm.getString("content").startsWith("Your export (json, zipped: it is large): 6 loops"), dm.toString());
        LoopkeeperE2E.assertPingsNobody(dm);
        assertArrayEquals(expected, unzipped(dm), "the whole export, unzipped");
        assertTrue(dm.getString("content").endsWith("`/import` takes this zip back as it is."), dm.toString());

        // Unzipped it is over what most people may attach: the zip, as it came, is what they give back.
        DataObject attachment = dm.getArray("attachments").getObject(0);
        byte[] zip = E2E.fake().file(attachment.getString("id")).orElseThrow();
        E2E.bot().data().forget(user.id());
        InteractionHandle restore = E2E.fake().slashCommand("import").by(user)
                .option("file", E2E.fake().offerFile(attachment.getString("filename"), zip)).send();
        E2E.fake().awaitWebhookRequest(restore, "PATCH", WAIT);
        assertEquals("Imported 6 loops.", E2E.fake().originalMessage(restore).getString("content"));
        assertEquals(6, E2E.bot().loops().countOpen(user.id()));
    }

    @Test
    void withDirectMessagesClosedTheZipIsThePrivateReplysFile() throws IOException {
        FakeUser user = withALargeExport();
        E2E.fake().rejectDirectMessagesTo(user.id());
        byte[] expected = json(user);
        InteractionHandle export = E2E.fake().slashCommand("export").by(user).option("format", "json").send();
        E2E.fake().awaitWebhookRequest(export, "PATCH", WAIT);
        DataObject reply = E2E.fake().originalMessage(export);
        assertEquals(64, reply.getInt("flags", 0) & 64, "private");
        assertTrue(reply.getString("content").contains("your direct messages are closed to Loopkeeper"),
                reply.toString());
        assertArrayEquals(expected, unzipped(reply));
    }
}
