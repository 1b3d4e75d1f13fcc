-- Issue 11, "loop scope": a loop belongs to a person or to a server (the study group's shared parking lot).
--
-- open_loop.owner_id already scopes every query; a server's loops are owned by the key 'server-<guildId>' and
-- open_loop.scope (there since V1, 'personal' by default) says 'server'. What a server loop needs besides:
--
-- 1. Who parked it. Only its author (or a server manager) may close or edit it. For a personal loop the author is the
--    owner, which is also what every loop parked so far gets.
ALTER TABLE open_loop ADD COLUMN author_id TEXT;

UPDATE open_loop SET author_id = owner_id;

-- 2. "Me too": the people a server loop matters to, once each. Its count is what the group sees (never the names), and
--    what triage polls will start from.
CREATE TABLE loop_interest (
    loop_id    BIGINT NOT NULL REFERENCES open_loop (id),
    user_id    TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (loop_id, user_id)
);
