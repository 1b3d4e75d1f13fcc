-- A loop that is open but not opened has no phase. Reopening a closed loop used to leave the phase it had when it
-- closed (the loop read as "in instantiation already" and /progress skipped its question). Its history stays in
-- loop_phase; only the current phase of such loops is cleared.
UPDATE open_loop SET phase = NULL, phase_since = NULL WHERE status = 'open' AND phase IS NOT NULL;
