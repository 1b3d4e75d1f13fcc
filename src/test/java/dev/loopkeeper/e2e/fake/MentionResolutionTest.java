package dev.loopkeeper.e2e.fake;

import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fake decides who a stored message pings as Discord does, so "nobody was pinged" checks in the e2e tests can
 * fail: the same text pings everyone, the role and the user unless {@code allowed_mentions} stops it.
 */
class MentionResolutionTest {

    private static final String TEXT = "@everyone <@&77> <@!42> and <@42>";

    @Test
    void withoutAllowedMentionsEveryKindPings() {
        DataObject message = resolved(DataObject.empty().put("content", TEXT));

        assertTrue(message.getBoolean("mention_everyone"));
        assertEquals(1, message.getArray("mentions").length(), "one user, mentioned twice");
        assertEquals("42", message.getArray("mentions").getObject(0).getString("id"));
        assertEquals("77", message.getArray("mention_roles").getString(0));
    }

    @Test
    void emptyParsePingsNobody() {
        DataObject message = resolved(DataObject.empty().put("content", TEXT)
                .put("allowed_mentions", DataObject.empty().put("parse", DataArray.empty())));

        assertFalse(message.getBoolean("mention_everyone"));
        assertTrue(message.getArray("mentions").isEmpty());
        assertTrue(message.getArray("mention_roles").isEmpty());
    }

    @Test
    void explicitlyListedUserStillPings() {
        DataObject message = resolved(DataObject.empty().put("content", TEXT)
                .put("allowed_mentions", DataObject.empty().put("parse", DataArray.empty())
                        .put("users", DataArray.empty().add("42"))));

        assertFalse(message.getBoolean("mention_everyone"));
        assertEquals(1, message.getArray("mentions").length());
        assertTrue(message.getArray("mention_roles").isEmpty());
    }

    @Test
    void aMentionInALayoutsTextDisplayPingsAsOneInContentDoes() {
        DataObject display = DataObject.empty().put("type", 10).put("content", TEXT);
        DataObject body = DataObject.empty().put("components", DataArray.empty().add(DataObject.empty().put("type", 17)
                .put("components", DataArray.empty().add(display))));
        DataObject message = DataObject.empty().put("components", body.getArray("components"));

        Payloads.resolveMentions(message, body);

        assertTrue(message.getBoolean("mention_everyone"));
        assertEquals("42", message.getArray("mentions").getObject(0).getString("id"));
        assertEquals("77", message.getArray("mention_roles").getString(0));
    }

    private static DataObject resolved(DataObject body) {
        DataObject message = DataObject.empty().put("content", body.getString("content"));
        Payloads.resolveMentions(message, body);
        return message;
    }
}
