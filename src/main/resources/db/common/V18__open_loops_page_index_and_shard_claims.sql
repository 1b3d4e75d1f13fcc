-- /loops' first page for a person with a large backlog: their open and active loops, newest first, ten of them.
-- open_loop_by_owner (owner_id, status, created_at DESC, id DESC) gives two ranges, one per status, that both
-- databases read whole and sort (PostgreSQL chose a scan and a top-10 sort of all 3,000 rows of a 3,000-loop person,
-- about 7 ms); this index holds exactly the loops the page may show, in its order, so the page reads ten entries.
-- LoopStore writes the statuses into the query as literals: both databases use a partial index only when the query's
-- WHERE visibly implies the index's, which a bound parameter does not.
CREATE INDEX open_loop_open_by_owner ON open_loop (owner_id, created_at DESC, id DESC)
    WHERE status IN ('open', 'active');

-- Which bot process runs which Discord shard (schedule/ShardClaims): each process claims its shards at start-up and
-- renews the claim while it runs, so a second process started for a shard another live process runs (overlapping
-- LOOPKEEPER_SHARD_IDS), or with another LOOPKEEPER_SHARDS, is told so at once. A claim nobody renews runs out.
CREATE TABLE shard_claim (
    shard_id    INTEGER NOT NULL PRIMARY KEY,
    shard_total INTEGER NOT NULL,
    process     TEXT    NOT NULL,   -- pid@host and when it started: one run of one process
    lease_until BIGINT  NOT NULL
);
