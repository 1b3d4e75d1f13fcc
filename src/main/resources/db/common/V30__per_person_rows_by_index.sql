-- /forget-me, /export and /reopen of a merged loop read whole tables that grow with everyone's use to find one
-- person's rows. Each index below turns such a read into a lookup; each was a SCAN in EXPLAIN QUERY PLAN
-- (DataQueryPlanTest, LoopQueryPlanTest). Figures: DataOwnershipAtScaleBenchmark, docs/BENCHMARKS.md.
--
-- Deleting a loop makes the database look, in every table with a foreign key to open_loop, for a row still naming it
-- (loop_phase's rows go with it, ON DELETE CASCADE). Without an index that starts with that column, each look reads
-- the whole table, once per loop deleted: forgetting a person with 100 loops read loop_phase, reflection,
-- nudge_prompt, loop_feedback and loop_note (merged_from) 100 times each, 2.8-3.0 s beside 200,000 phase changes of
-- others and the like; a server's lot, when the bot has left, the same per loop. Deleting a focus item likewise read
-- every reminder (67-81 ms for ten items at 200,000). PostgreSQL's checks are the same lookups. These tables' other
-- indexes start with owner_id.
CREATE INDEX loop_phase_by_loop_id ON loop_phase (loop_id);
CREATE INDEX reflection_by_loop ON reflection (loop_id);
CREATE INDEX nudge_prompt_by_loop ON nudge_prompt (loop_id);
CREATE INDEX loop_feedback_by_loop ON loop_feedback (loop_id);
CREATE INDEX reminder_by_focus ON reminder (focus_id);
-- A merge's note names the merged loop: the same look when that loop is deleted, and /reopen of a loop closed as
-- merged asks which loop it went into (5 ms at 100,000 notes). Notes that are no merge's stay out of the index.
CREATE INDEX loop_note_by_merged ON loop_note (merged_from) WHERE merged_from IS NOT NULL;
-- A person's "Me too" marks, exported and deleted (8-9 ms at 200,000 marks): the table's key is (loop_id, user_id).
CREATE INDEX loop_interest_by_user ON loop_interest (user_id);
-- What a forgotten person did in servers stays, without their id: the polls they started (4-6 ms at 50,000 polls),
-- and the loops they parked in a server's shared lot (21-29 ms at 200,000 loops; personal loops, most of the table,
-- stay out of that index).
CREATE INDEX triage_poll_by_starter ON triage_poll (started_by);
CREATE INDEX open_loop_by_server_author ON open_loop (author_id) WHERE scope = 'server';
