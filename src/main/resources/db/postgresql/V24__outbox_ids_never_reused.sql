-- SQLite's V24 makes outbox ids never reused (each message's nonce is made from its row's id). PostgreSQL's identity
-- column never reuses a value, so here the version only records that promise where an operator will read it.
COMMENT ON COLUMN outbox.id IS 'never reused: each message''s nonce is made from it (Outbox.attemptKey)';
