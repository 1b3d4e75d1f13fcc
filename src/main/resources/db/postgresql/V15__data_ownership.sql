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
-- PostgreSQL: the four triggers share V4's function; replacing it changes them all.
CREATE OR REPLACE FUNCTION loop_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    owner TEXT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        owner := OLD.owner_id;
    ELSE
        owner := NEW.owner_id;
    END IF;
    INSERT INTO loop_version (owner_id, version)
        VALUES (owner, CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT))
        ON CONFLICT (owner_id) DO UPDATE SET version = loop_version.version + 1;
    RETURN NULL;
END;
$$;
