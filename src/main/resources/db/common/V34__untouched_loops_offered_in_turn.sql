-- When a weekly nudge last offered this loop to let go (its week_to), so the "untouched for a while" list offers the
-- loops offered least recently first. Nothing recorded what a nudge offered (the list is read afresh from the loops
-- each time it is shown), so someone who let the nudge be saw the same five loops every week and never the others.
-- Null for a loop never offered, and for every loop before. Bookkeeping: not exported, not a change to the loop.
ALTER TABLE open_loop ADD COLUMN offered_at BIGINT;
