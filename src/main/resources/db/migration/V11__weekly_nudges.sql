-- Weekly re-abstraction nudges (issue 14): a person's schedule, each nudge sent, the prompts it asked, the answers
-- people wrote, a kept loop's clock for curiosity bankruptcy, and the servers' nudge settings and digests.

-- One row per person who opted in. next_run is the UTC instant of the wall-clock slot in slot_local (an ISO local
-- date-time in zone): advancing adds a week to slot_local and resolves it again, so a schedule never drifts and
-- 18:00 stays 18:00 local across daylight-saving changes. next_run is NULL while the nudge is off.
CREATE TABLE nudge_schedule (
    owner_id   TEXT    PRIMARY KEY,
    weekday    INTEGER NOT NULL,          -- 1 Monday .. 7 Sunday (ISO)
    local_time TEXT    NOT NULL,          -- HH:MM
    zone       TEXT    NOT NULL,          -- IANA zone id
    slot_local TEXT,                      -- the local date-time next_run stands for
    next_run   BIGINT,
    updated_at BIGINT  NOT NULL
);

CREATE INDEX nudge_schedule_due ON nudge_schedule (next_run);

-- One row per nudge sent (or previewed). A slot is claimed once: the schedule's conditional UPDATE and this
-- UNIQUE key both stand in the way of a second sender.
CREATE TABLE nudge (
    id          INTEGER PRIMARY KEY,
    owner_id    TEXT    NOT NULL,
    slot_local  TEXT    NOT NULL,         -- the slot it was for; a preview's is 'preview-<created_at>'
    week_from   BIGINT  NOT NULL,
    week_to     BIGINT  NOT NULL,
    preview     INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL,
    UNIQUE (owner_id, slot_local)
);

CREATE INDEX nudge_by_owner ON nudge (owner_id, created_at);

-- The prompts a nudge asked, fixed the first time it is rendered, so a retry shows the same ones and next week's
-- nudge can avoid them.
CREATE TABLE nudge_prompt (
    nudge_id   BIGINT  NOT NULL REFERENCES nudge (id),
    position   INTEGER NOT NULL,
    loop_id    BIGINT  NOT NULL REFERENCES open_loop (id),
    prompt_key TEXT    NOT NULL,
    PRIMARY KEY (nudge_id, position)
);

CREATE TABLE reflection (
    id         INTEGER PRIMARY KEY,
    owner_id   TEXT    NOT NULL,
    loop_id    BIGINT  NOT NULL REFERENCES open_loop (id),
    prompt_key TEXT,
    prompt     TEXT,
    answer     TEXT    NOT NULL,
    created_at BIGINT  NOT NULL
);

CREATE INDEX reflection_by_owner ON reflection (owner_id, loop_id, created_at);

-- "Keep" in curiosity bankruptcy: the loop's clock restarts here, so it is not offered again next week.
ALTER TABLE open_loop ADD COLUMN kept_at BIGINT;

-- When a loop's triage class last changed, for the nudge's "triaged this week" (updated_at moves for notes and
-- snoozes too). A trigger keeps it, so no triage path needs to remember it; it touches no column the loop-version
-- triggers watch.
ALTER TABLE open_loop ADD COLUMN triaged_at BIGINT;

CREATE TRIGGER open_loop_triaged AFTER UPDATE OF triage ON open_loop
WHEN NEW.triage IS NOT OLD.triage
BEGIN
    UPDATE open_loop SET triaged_at = NEW.updated_at WHERE id = NEW.id;
END;

-- A server's default zone for /nudge set, and the channel its weekly digest goes to.
CREATE TABLE guild_nudge_settings (
    guild_id          TEXT   PRIMARY KEY,
    default_zone      TEXT,
    digest_channel_id TEXT,
    updated_at        BIGINT NOT NULL
);

-- One digest per server and week, claimed like a nudge.
CREATE TABLE server_digest (
    id         INTEGER PRIMARY KEY,
    guild_id   TEXT   NOT NULL,
    week_from  BIGINT NOT NULL,
    week_to    BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (guild_id, week_from)
);
