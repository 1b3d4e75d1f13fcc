-- Issue 15, "a person's data is theirs".
--
-- 1. When the bot was removed from a server. Its settings and shared parking lot are deleted once the grace period
--    (LOOPKEEPER_SERVER_GRACE_DAYS) has passed; the row goes when the bot is added back in time.
CREATE TABLE server_departure (
    guild_id TEXT   PRIMARY KEY,
    left_at  BIGINT NOT NULL
);

-- 2. A forgotten person's loop version is deleted with the rest of their rows. Were a new counter to start at 1
--    again, an index that still held their old loops at version 1 (in another process, say) would take it for
--    current. A new counter starts at the time in milliseconds instead, above any version it could meet.
DROP TRIGGER open_loop_inserted;
CREATE TRIGGER open_loop_inserted AFTER INSERT ON open_loop
BEGIN
    INSERT INTO loop_version (owner_id, version) VALUES (NEW.owner_id, CAST(unixepoch('subsec') * 1000 AS INTEGER))
        ON CONFLICT (owner_id) DO UPDATE SET version = version + 1;
END;

DROP TRIGGER open_loop_changed;
CREATE TRIGGER open_loop_changed AFTER UPDATE OF status, concept, embedding, embedding_model, owner_id ON open_loop
BEGIN
    INSERT INTO loop_version (owner_id, version) VALUES (NEW.owner_id, CAST(unixepoch('subsec') * 1000 AS INTEGER))
        ON CONFLICT (owner_id) DO UPDATE SET version = version + 1;
END;

DROP TRIGGER open_loop_deleted;
CREATE TRIGGER open_loop_deleted AFTER DELETE ON open_loop
BEGIN
    INSERT INTO loop_version (owner_id, version) VALUES (OLD.owner_id, CAST(unixepoch('subsec') * 1000 AS INTEGER))
        ON CONFLICT (owner_id) DO UPDATE SET version = version + 1;
END;

DROP TRIGGER loop_feedback_inserted;
CREATE TRIGGER loop_feedback_inserted AFTER INSERT ON loop_feedback
BEGIN
    INSERT INTO loop_version (owner_id, version) VALUES (NEW.owner_id, CAST(unixepoch('subsec') * 1000 AS INTEGER))
        ON CONFLICT (owner_id) DO UPDATE SET version = version + 1;
END;
