-- Loopkeeper's first schema: open loops and the work a person has active.
-- Times are epoch milliseconds (BIGINT) and enums are lowercase TEXT, so the same SQL runs on PostgreSQL.

CREATE TABLE open_loop (
    id                 INTEGER PRIMARY KEY,
    owner_id           TEXT    NOT NULL,
    scope              TEXT    NOT NULL DEFAULT 'personal',
    concept            TEXT    NOT NULL,
    concept_key        TEXT    NOT NULL,
    why                TEXT,
    origin_guild_id    TEXT,
    origin_channel_id  TEXT,
    origin_message_url TEXT,
    origin_excerpt     TEXT,
    triage             TEXT    NOT NULL DEFAULT 'untriaged',
    status             TEXT    NOT NULL DEFAULT 'open',
    outcome            TEXT,
    takeaway           TEXT,
    snoozed_until      BIGINT,
    created_at         BIGINT  NOT NULL,
    updated_at         BIGINT  NOT NULL,
    closed_at          BIGINT
);

-- Serves /loops (newest first per owner and status), the open-loop count and duplicate checks.
CREATE INDEX open_loop_by_owner ON open_loop (owner_id, status, created_at DESC, id DESC);
CREATE INDEX open_loop_by_key ON open_loop (owner_id, concept_key);

CREATE TABLE focus (
    id          INTEGER PRIMARY KEY,
    owner_id    TEXT   NOT NULL,
    text        TEXT   NOT NULL,
    source      TEXT   NOT NULL DEFAULT 'command',
    guild_id    TEXT,
    channel_id  TEXT,
    started_at  BIGINT NOT NULL,
    expires_at  BIGINT,
    cleared_at  BIGINT
);

CREATE INDEX focus_by_owner ON focus (owner_id, cleared_at, started_at DESC);
