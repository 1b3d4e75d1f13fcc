-- Relevance: stored embeddings, per-person and per-server settings, reminders and what people did with them.

ALTER TABLE open_loop ADD COLUMN embedding BLOB;
ALTER TABLE open_loop ADD COLUMN embedding_model TEXT;
-- Snoozed while this focus stays active ("until this focus ends").
ALTER TABLE open_loop ADD COLUMN snooze_focus_id BIGINT;

CREATE TABLE person_settings (
    owner_id         TEXT PRIMARY KEY,
    quiet_from       TEXT,
    quiet_to         TEXT,
    zone             TEXT,
    follow_worklog   INTEGER NOT NULL DEFAULT 0,
    threshold_offset DOUBLE PRECISION NOT NULL DEFAULT 0,
    updated_at       BIGINT NOT NULL
);

CREATE TABLE guild_settings (
    guild_id            TEXT PRIMARY KEY,
    reminder_channel_id TEXT,
    updated_at          BIGINT NOT NULL
);

CREATE TABLE worklog_channel (
    guild_id   TEXT   NOT NULL,
    channel_id TEXT   NOT NULL,
    added_by   TEXT   NOT NULL,
    added_at   BIGINT NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);

CREATE TABLE reminder (
    id            INTEGER PRIMARY KEY,
    owner_id      TEXT    NOT NULL,
    focus_id      BIGINT  NOT NULL REFERENCES focus (id),
    focus_text    TEXT    NOT NULL,
    status        TEXT    NOT NULL,  -- scheduled, delivered, held (told at the next command)
    deliver_after BIGINT  NOT NULL,
    delivered_via TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    created_at    BIGINT  NOT NULL,
    delivered_at  BIGINT
);

CREATE INDEX reminder_due ON reminder (status, deliver_after);
CREATE INDEX reminder_by_owner ON reminder (owner_id, created_at);

CREATE TABLE reminder_item (
    reminder_id BIGINT NOT NULL REFERENCES reminder (id),
    loop_id     BIGINT NOT NULL REFERENCES open_loop (id),
    position    INTEGER NOT NULL,
    score       DOUBLE PRECISION NOT NULL,
    reason      TEXT   NOT NULL,
    action      TEXT,
    acted_at    BIGINT,
    PRIMARY KEY (reminder_id, loop_id)
);

CREATE INDEX reminder_item_by_loop ON reminder_item (loop_id);

-- "Not relevant": this loop never fires again for this focus (matched by its text key).
CREATE TABLE suppression (
    owner_id   TEXT   NOT NULL,
    loop_id    BIGINT NOT NULL REFERENCES open_loop (id),
    focus_key  TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (loop_id, focus_key)
);
