-- One delivery path for everything the bot sends on its own (reminders now; nudges, poll results and digests
-- later): a row per message, claimed with a lease by a conditional UPDATE so that two threads or two processes
-- never send it twice, and a process that dies mid-send hands it over when the lease runs out.

CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL,           -- what ref_id points at: 'reminder'
    ref_id        BIGINT  NOT NULL,
    recipient_id  TEXT,                       -- the person it is for (null: a server channel only)
    status        TEXT    NOT NULL,           -- scheduled, sending, delivered, held (shown at the next command), dropped
    deliver_after BIGINT  NOT NULL,
    lease_until   BIGINT,                     -- while 'sending': another claimer may take it after this
    attempts      INTEGER NOT NULL DEFAULT 0,
    delivered_via TEXT,                       -- dm, channel, command
    last_error    TEXT,
    created_at    BIGINT  NOT NULL,
    delivered_at  BIGINT,
    UNIQUE (kind, ref_id)
);

CREATE INDEX outbox_due ON outbox (status, deliver_after);
CREATE INDEX outbox_by_recipient ON outbox (recipient_id, kind, deliver_after);

-- Existing reminders keep their delivery state; an attempt a crash interrupted is due again.
INSERT INTO outbox (kind, ref_id, recipient_id, status, deliver_after, attempts, delivered_via, last_error, created_at,
                    delivered_at)
SELECT 'reminder', id, owner_id, CASE status WHEN 'sending' THEN 'scheduled' ELSE status END, deliver_after, attempts,
       delivered_via, last_error, created_at, delivered_at
  FROM reminder;

DROP INDEX reminder_due;
ALTER TABLE reminder DROP COLUMN status;
ALTER TABLE reminder DROP COLUMN deliver_after;
ALTER TABLE reminder DROP COLUMN delivered_via;
ALTER TABLE reminder DROP COLUMN attempts;
ALTER TABLE reminder DROP COLUMN last_error;
ALTER TABLE reminder DROP COLUMN delivered_at;
-- A match the daily cap held back is not dropped: it waits for the person's next day and says so.
ALTER TABLE reminder ADD COLUMN waited_for_cap INTEGER NOT NULL DEFAULT 0;

-- A per-person counter that moves whenever the set of loops relevance indexes changes, whichever process made the
-- change: an in-memory index compares it (one primary-key read) before every decision, so it is never stale.
CREATE TABLE loop_version (
    owner_id TEXT   PRIMARY KEY,
    version  BIGINT NOT NULL
);

INSERT INTO loop_version (owner_id, version) SELECT DISTINCT owner_id, 1 FROM open_loop;

CREATE TRIGGER open_loop_inserted AFTER INSERT ON open_loop
BEGIN
    INSERT INTO loop_version (owner_id, version) VALUES (NEW.owner_id, 1)
        ON CONFLICT (owner_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER open_loop_changed AFTER UPDATE OF status, concept, embedding, embedding_model, owner_id ON open_loop
BEGIN
    INSERT INTO loop_version (owner_id, version) VALUES (NEW.owner_id, 1)
        ON CONFLICT (owner_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER open_loop_deleted AFTER DELETE ON open_loop
BEGIN
    INSERT INTO loop_version (owner_id, version) VALUES (OLD.owner_id, 1)
        ON CONFLICT (owner_id) DO UPDATE SET version = version + 1;
END;
