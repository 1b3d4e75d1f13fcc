-- The re-embedding (RelevanceIndex#reembedStale: a model or concept-map change, imported loops, vectors a crash lost)
-- runs in every process at start-up. Each process now takes the stale loops it embeds with a lease, by a conditional
-- UPDATE, so several processes on one database share the work instead of each doing all of it; a process that dies
-- mid-batch leaves its lease to run out, and another takes those loops over. Vectors are saved only while the loop's
-- text is still the one embedded (an edit meanwhile saved its own), so a lease bounds duplicate work, not correctness.
ALTER TABLE open_loop ADD COLUMN embed_lease_until BIGINT;
