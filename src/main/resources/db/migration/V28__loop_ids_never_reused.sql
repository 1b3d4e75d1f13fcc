-- A loop's id is never given to another loop. Ids outlive their loop outside the database: a printed
-- "/remind loop:N" line, a button's id (Merge into, Me too, a reminder's buttons), a reminder's items. A plain
-- INTEGER PRIMARY KEY hands the highest id out again once its loop is deleted (/forget-me deletes a person's loops), so
-- such a line or button could name the next loop parked, someone else's. AUTOINCREMENT never reuses an id, as for the
-- outbox (V24); PostgreSQL's identity column never did (its V28 only says so).
--
-- SQLite cannot add AUTOINCREMENT to a table: the table is rebuilt, every row and column copied with its id, and its
-- indexes and triggers made again as V1 to V22 left them (the table has no CHECK). Ten tables have a FOREIGN KEY to
-- open_loop, and with foreign keys on (as Loopkeeper runs) DROP TABLE first deletes every row: loop_phase's rows would
-- go with them (ON DELETE CASCADE) and the others' would refuse it. So this runs as SQLite's documented procedure for
-- a table's new definition (https://www.sqlite.org/lang_altertable.html#otheralter): foreign keys off, which SQLite
-- honours only outside a transaction (V28__loop_ids_never_reused.sql.conf runs this script outside Flyway's), then one
-- transaction of our own (a savepoint, which Flyway's parser does not take for a BEGIN ... END block), then foreign
-- keys on again. A crash before the RELEASE leaves the table as it was and the migration still to do; one between the
-- RELEASE and Flyway's history row does it again on the next start, which leaves the same table.

PRAGMA foreign_keys = OFF;

SAVEPOINT loop_ids_never_reused;

CREATE TABLE open_loop_v28 (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id            TEXT    NOT NULL,
    scope               TEXT    NOT NULL DEFAULT 'personal',
    concept             TEXT    NOT NULL,
    concept_key         TEXT    NOT NULL,
    why                 TEXT,
    origin_guild_id     TEXT,
    origin_channel_id   TEXT,
    origin_message_url  TEXT,
    origin_excerpt      TEXT,
    triage              TEXT    NOT NULL DEFAULT 'untriaged',
    status              TEXT    NOT NULL DEFAULT 'open',
    outcome             TEXT,
    takeaway            TEXT,
    snoozed_until       BIGINT,
    created_at          BIGINT  NOT NULL,
    updated_at          BIGINT  NOT NULL,
    closed_at           BIGINT,
    embedding           BLOB,
    embedding_model     TEXT,
    snooze_focus_id     BIGINT,
    author_id           TEXT,
    why_embedding       BLOB,
    foundations         BLOB,
    foundations_version TEXT,
    triage_skipped_at   BIGINT,
    kept_at             BIGINT,
    triaged_at          BIGINT,
    phase               TEXT,
    phase_since         BIGINT,
    embed_lease_until   BIGINT
);

INSERT INTO open_loop_v28 (id, owner_id, scope, concept, concept_key, why, origin_guild_id, origin_channel_id,
                           origin_message_url, origin_excerpt, triage, status, outcome, takeaway, snoozed_until,
                           created_at, updated_at, closed_at, embedding, embedding_model, snooze_focus_id, author_id,
                           why_embedding, foundations, foundations_version, triage_skipped_at, kept_at, triaged_at,
                           phase, phase_since, embed_lease_until)
SELECT id, owner_id, scope, concept, concept_key, why, origin_guild_id, origin_channel_id, origin_message_url,
       origin_excerpt, triage, status, outcome, takeaway, snoozed_until, created_at, updated_at, closed_at, embedding,
       embedding_model, snooze_focus_id, author_id, why_embedding, foundations, foundations_version, triage_skipped_at,
       kept_at, triaged_at, phase, phase_since, embed_lease_until
  FROM open_loop;

-- The next id is above every loop id the database still names. A deleted loop's id left no trace with foreign keys
-- on, so the rows that point at a loop can hold no higher one than open_loop does; they are read too in case a file
-- was written without them (by hand, with the sqlite3 shell). Run again (a crash between this script's RELEASE and
-- Flyway's history row), open_loop's own sequence counts as well, so the ids deleted since are not given again. The
-- ids of the newest loops deleted before this version cannot be known, and may be given once more. Set here, before
-- the DROP, which deletes open_loop's sequence; the RENAME carries open_loop_v28's over.
DELETE FROM sqlite_sequence WHERE name = 'open_loop_v28';
INSERT INTO sqlite_sequence (name, seq)
SELECT 'open_loop_v28', COALESCE(MAX(id), 0)
  FROM (SELECT MAX(id) AS id FROM open_loop
        UNION ALL SELECT seq FROM sqlite_sequence WHERE name = 'open_loop'
        UNION ALL SELECT MAX(loop_id) FROM loop_note
        UNION ALL SELECT MAX(merged_from) FROM loop_note
        UNION ALL SELECT MAX(loop_id) FROM loop_phase
        UNION ALL SELECT MAX(loop_id) FROM reminder_item
        UNION ALL SELECT MAX(loop_id) FROM suppression
        UNION ALL SELECT MAX(loop_id) FROM loop_interest
        UNION ALL SELECT MAX(loop_id) FROM loop_feedback
        UNION ALL SELECT MAX(loop_id) FROM triage_poll
        UNION ALL SELECT MAX(loop_id) FROM nudge_prompt
        UNION ALL SELECT MAX(loop_id) FROM reflection
        UNION ALL SELECT MAX(loop_id) FROM group_post) known;

-- Its indexes and triggers go with it (no trigger fires: foreign keys are off, so nothing is deleted first).
DROP TABLE open_loop;
ALTER TABLE open_loop_v28 RENAME TO open_loop;

CREATE INDEX open_loop_by_owner ON open_loop (owner_id, status, created_at DESC, id DESC);
CREATE INDEX open_loop_by_key ON open_loop (owner_id, concept_key);
CREATE INDEX open_loop_snoozed ON open_loop (owner_id)
    WHERE snoozed_until IS NOT NULL OR snooze_focus_id IS NOT NULL;
CREATE INDEX open_loop_untriaged ON open_loop (owner_id, created_at) WHERE triage = 'untriaged';
CREATE INDEX open_loop_by_phase ON open_loop (owner_id, phase, phase_since) WHERE status = 'active';
CREATE INDEX open_loop_open_by_owner ON open_loop (owner_id, created_at DESC, id DESC)
    WHERE status IN ('open', 'active');

CREATE TRIGGER open_loop_inserted AFTER INSERT ON open_loop
BEGIN
    INSERT INTO loop_version (owner_id, version) VALUES (NEW.owner_id, CAST(unixepoch('subsec') * 1000 AS INTEGER))
        ON CONFLICT (owner_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER open_loop_changed AFTER UPDATE OF status, concept, embedding, embedding_model, owner_id ON open_loop
BEGIN
    INSERT INTO loop_version (owner_id, version) VALUES (NEW.owner_id, CAST(unixepoch('subsec') * 1000 AS INTEGER))
        ON CONFLICT (owner_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER open_loop_deleted AFTER DELETE ON open_loop
BEGIN
    INSERT INTO loop_version (owner_id, version) VALUES (OLD.owner_id, CAST(unixepoch('subsec') * 1000 AS INTEGER))
        ON CONFLICT (owner_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER open_loop_triaged AFTER UPDATE OF triage ON open_loop
WHEN NEW.triage IS NOT OLD.triage
BEGIN
    UPDATE open_loop SET triaged_at = NEW.updated_at WHERE id = NEW.id;
END;

RELEASE loop_ids_never_reused;

PRAGMA foreign_keys = ON;
