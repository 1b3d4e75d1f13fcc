-- The group's post of a server loop follows the loop. A server park posts a plain channel message for the group with
-- a Me too button; this row says where that message is, so that when the loop is closed, edited or reopened the bot
-- edits its own message to match (struck through with how it closed, the new concept, the button back).
--
-- One row per server loop, written when Discord accepted the post (or when a Me too click on a post from before this
-- migration shows where it is). Not a person's data: it names a server's channel and the bot's own message. It is
-- deleted with the server's shared lot (ServerData), and when Discord says the message is gone.
CREATE TABLE group_post (
    loop_id    BIGINT NOT NULL PRIMARY KEY REFERENCES open_loop (id),
    guild_id   TEXT   NOT NULL,
    channel_id TEXT   NOT NULL,
    message_id TEXT   NOT NULL,
    posted_at  BIGINT NOT NULL
);
