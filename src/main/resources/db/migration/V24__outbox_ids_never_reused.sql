-- An outbox row's id is never given to another row. Each message of a row goes out with a nonce made from its id
-- (Outbox.attemptKey), and Discord returns the earlier message for a nonce it saw in the last few minutes instead of
-- posting the new one. A plain INTEGER PRIMARY KEY hands the highest id out again once its row is deleted (/forget-me
-- deletes a person's rows), so a reminder made minutes after it could carry the forgotten one's nonce and never be
-- shown. AUTOINCREMENT never reuses an id; PostgreSQL's identity column never did (its V24 only says so).

CREATE TABLE outbox_v24 (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT    NOT NULL,
    ref_id        BIGINT  NOT NULL,
    recipient_id  TEXT,
    status        TEXT    NOT NULL,
    deliver_after BIGINT  NOT NULL,
    lease_until   BIGINT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    delivered_via TEXT,
    last_error    TEXT,
    created_at    BIGINT  NOT NULL,
    delivered_at  BIGINT,
    UNIQUE (kind, ref_id)
);

INSERT INTO outbox_v24 (id, kind, ref_id, recipient_id, status, deliver_after, lease_until, attempts, delivered_via,
                        last_error, created_at, delivered_at)
SELECT id, kind, ref_id, recipient_id, status, deliver_after, lease_until, attempts, delivered_via, last_error,
       created_at, delivered_at
  FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_v24 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, deliver_after);
CREATE INDEX outbox_by_recipient ON outbox (recipient_id, kind, deliver_after);
