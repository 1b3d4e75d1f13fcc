package dev.loopkeeper.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopkeeper.e2e.fake.FakeUser;
import dev.loopkeeper.e2e.fake.InteractionHandle;
import dev.loopkeeper.e2e.fake.RecordedRequest;
import dev.loopkeeper.tree.TreeFixtures;
import dev.loopkeeper.tree.TreeMessages;
import dev.loopkeeper.tree.TreePicture;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /tree} on the wire: the picture arrives as a multipart upload whose file part is a PNG, privately for a
 * person's tree and for everyone for the server's; a DM has no server tree, and no loops means words, not a picture.
 */
class TreeE2ETest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @RegisterExtension
    static final LoopkeeperE2E E2E = LoopkeeperE2E.withGlobalCommands();

    /** The one accepted callback of an interaction, with its file parts. */
    private static RecordedRequest callback(InteractionHandle interaction) {
        E2E.reply(interaction);
        List<RecordedRequest> accepted = E2E.fake().interactionRecord(interaction).acceptedCallbacks();
        assertEquals(1, accepted.size(), accepted.toString());
        return accepted.get(0);
    }

    private static BufferedImage png(RecordedRequest callback) throws Exception {
        assertEquals(1, callback.files().size(), "one file part");
        RecordedRequest.Upload file = callback.files().get(0);
        assertEquals(TreePicture.FILE_NAME, file.fileName());
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(file.bytes(), 8));
        assertTrue(callback.header("content-type").startsWith("multipart/form-data"), callback.header("content-type"));
        return ImageIO.read(new ByteArrayInputStream(file.bytes()));
    }

    @Test
    void aPersonsTreeArrivesPrivatelyAsAPngWithACaptionAndAltText() throws Exception {
        FakeUser user = E2E.newUser();
        TreeFixtures.plantPersonal(E2E.bot(), user.id(), TreeFixtures.PERSONAL);

        InteractionHandle tree = E2E.fake().slashCommand("tree").by(user).send();
        RecordedRequest callback = callback(tree);

        DataObject data = callback.json().getObject("data");
        assertEquals(4, callback.json().getInt("type"));
        assertEquals(WireAssertions.FLAG_EPHEMERAL, data.getInt("flags", 0) & WireAssertions.FLAG_EPHEMERAL);
        String caption = data.getString("content");
        assertTrue(caption.startsWith("Your knowledge tree: 25 loops: 3 core, 7 adjacent, 12 peripheral, 3 not triaged"
                + " \u00b7 3 grown.\nDepth before breadth: 6 open branches per closed core loop."), caption);
        DataArray attachments = data.getArray("attachments");
        assertEquals(1, attachments.length());
        assertEquals(TreePicture.FILE_NAME, attachments.getObject(0).getString("filename"));
        assertTrue(attachments.getObject(0).getString("description").startsWith("A knowledge tree, 25 loops"),
                attachments.toString());
        LoopkeeperE2E.assertPingsNobody(E2E.fake().originalMessage(tree));
        BufferedImage image = png(callback);
        assertEquals(1000, image.getWidth());
        assertTrue(image.getHeight() > 400 && image.getHeight() <= 1400, "height " + image.getHeight());
    }

    @Test
    void aLoopClosedBeforeItWasTriagedIsCountedAsGrownNotAsNotTriaged() {
        FakeUser user = E2E.newUser();
        TreeFixtures.plantPersonal(E2E.bot(), user.id(), List.of("core||reverse-mode autodiff",
                "untriaged||dual numbers", "untriaged|learned|einsum notation"));

        DataObject data = callback(E2E.fake().slashCommand("tree").by(user).send()).json().getObject("data");

        assertTrue(data.getString("content").startsWith("Your knowledge tree: 3 loops: 1 core, 0 adjacent, 0 peripheral, "
                + "1 not triaged \u00b7 1 grown (1 without a class).\n"), data.getString("content"));
        assertTrue(data.getArray("attachments").getObject(0).getString("description").startsWith("A knowledge tree, 3 "
                + "loops: 1 core, 0 adjacent, 0 peripheral, 1 not triaged \u00b7 1 grown (1 without a class)."),
                data.toString());
    }

    @Test
    void theServersTreeIsForEveryoneInTheChannelAndInADmItIsRefused() throws Exception {
        // Picking scope:server says, before the post, that everyone in the channel will see it.
        DataObject scope = null;
        DataArray registered = E2E.registeredCommands();
        for (int i = 0; i < registered.length(); i++) {
            if (registered.getObject(i).getString("name").equals("tree")) {
                scope = registered.getObject(i).getArray("options").getObject(0);
            }
        }
        assertTrue(scope != null && scope.getString("name").equals("scope"), registered.toString());
        assertEquals("Yours, seen only by you (default), or this server's, posted for everyone: in a server only",
                scope.getString("description"));
        FakeUser user = E2E.newUser();
        TreeFixtures.plantServer(E2E.bot(), E2E.guildId(), user.id(), TreeFixtures.SERVER);

        InteractionHandle tree = E2E.fake().slashCommand("tree").by(user).option("scope", "server").send();
        E2E.allowPublicReply(tree, "the server's tree is for the group");
        RecordedRequest callback = callback(tree);

        DataObject data = callback.json().getObject("data");
        assertEquals(0, data.getInt("flags", 0) & WireAssertions.FLAG_EPHEMERAL, "the group's tree is public");
        assertTrue(data.getString("content").startsWith("The server's knowledge tree: 21 loops"), data.toString());
        assertTrue(data.getObject("allowed_mentions").getArray("parse").isEmpty(), data.toString());
        assertEquals(1000, png(callback).getWidth());

        DataObject refused = E2E.message(E2E.fake().slashCommand("tree").by(user).option("scope", "server")
                .inDirectMessage().send());
        assertEquals(TreeMessages.serverTreeNeedsServer(), refused.getString("content"));
        assertEquals(WireAssertions.FLAG_EPHEMERAL, refused.getInt("flags", 0) & WireAssertions.FLAG_EPHEMERAL);
    }

    @Test
    void withNoLoopsTheAnswerIsAFriendlySentenceNotAnEmptyPicture() {
        FakeUser user = E2E.newUser();

        InteractionHandle tree = E2E.fake().slashCommand("tree").by(user).send();
        RecordedRequest callback = callback(tree);

        assertEquals(TreeMessages.empty(false), callback.json().getObject("data").getString("content"));
        assertTrue(callback.files().isEmpty());
    }
}
