-- Issue 13, study-group polls: a server loop put to a vote in Discord's own poll, and the class the vote wrote back.
--
-- One row per poll. It is saved before the poll is posted ('posting'), gets its message id when Discord accepted it
-- ('open'), and is decided exactly once: the UPDATE that moves it from 'open' to 'decided' is conditional, so the
-- same final result seen twice (the message update and the poll-result message, a restart, two processes) writes
-- back and posts its follow-up once. The tally stays on the row, so a digest can read what a poll decided and when.
CREATE TABLE triage_poll (
    id               INTEGER PRIMARY KEY,
    loop_id          BIGINT  NOT NULL REFERENCES open_loop (id),
    owner_id         TEXT    NOT NULL,      -- the loop's owner key: 'server-<guild>' ('local' for a console run)
    guild_id         TEXT,                  -- null for a console run
    channel_id       TEXT,                  -- where the poll was posted, and where its follow-up goes
    message_id       TEXT UNIQUE,           -- the poll's message, once Discord accepted it
    started_by       TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    closes_at        BIGINT  NOT NULL,
    status           TEXT    NOT NULL,      -- posting, open, decided, failed (never posted), gone (message deleted)
    core_votes       INTEGER,
    adjacent_votes   INTEGER,
    peripheral_votes INTEGER,
    let_go_votes     INTEGER,
    decision         TEXT,                  -- core, adjacent, peripheral, let_go, tie, quorum, not_open
    quorum           INTEGER,               -- the fewest votes the result needed when it was decided
    decided_at       BIGINT
);

-- Start-up and the periodic check look for open polls whose time has passed.
CREATE INDEX triage_poll_due ON triage_poll (status, closes_at);
CREATE INDEX triage_poll_by_loop ON triage_poll (loop_id, status);

-- Who may start polls in a server (null: those with Manage Server only) and the fewest votes a result needs
-- (null: the default, 3).
ALTER TABLE guild_settings ADD COLUMN poll_role_id TEXT;
ALTER TABLE guild_settings ADD COLUMN poll_quorum INTEGER;
