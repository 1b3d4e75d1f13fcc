-- A loop's life through the three phases (issue 18): an opened loop is in abstraction; "I built something with it"
-- moves it to instantiation (with what was built, one optional line), "I stepped back" to re-abstraction.
-- open_loop.phase and phase_since are the current phase, for /loops and the weekly nudge; loop_phase keeps every
-- change with its date (the history a loop's export carries). Both are written in one transaction.
-- Not in the V4 triggers' column list: a phase never changes what relevance indexes.
ALTER TABLE open_loop ADD COLUMN phase TEXT;
ALTER TABLE open_loop ADD COLUMN phase_since BIGINT;

CREATE TABLE loop_phase (
    id         INTEGER PRIMARY KEY,
    loop_id    BIGINT  NOT NULL REFERENCES open_loop (id) ON DELETE CASCADE,
    owner_id   TEXT    NOT NULL,
    phase      TEXT    NOT NULL,           -- abstraction, instantiation, re-abstraction
    note       TEXT,                       -- for instantiation: what they built
    created_at BIGINT  NOT NULL
);

CREATE INDEX loop_phase_by_loop ON loop_phase (owner_id, loop_id, created_at, id);

-- Loops opened before phases existed are in abstraction since they were last changed (the best date there is).
UPDATE open_loop SET phase = 'abstraction', phase_since = updated_at WHERE status = 'active';
INSERT INTO loop_phase (loop_id, owner_id, phase, created_at)
SELECT id, owner_id, 'abstraction', updated_at FROM open_loop WHERE status = 'active';

CREATE INDEX open_loop_by_phase ON open_loop (owner_id, phase, phase_since) WHERE status = 'active';
