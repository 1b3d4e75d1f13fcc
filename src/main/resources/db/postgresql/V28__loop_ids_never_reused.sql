-- SQLite's V28 makes loop ids never reused (a printed "/remind loop:N", a button's id and a reminder's items name a
-- loop by it). PostgreSQL's identity column never reuses a value, so here the version only records that promise where
-- an operator will read it.
COMMENT ON COLUMN open_loop.id IS 'never reused: an id outlives its loop in printed commands and buttons';
