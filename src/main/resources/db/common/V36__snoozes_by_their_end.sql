-- The delivery job asks every 15 seconds which snoozes until a moment (a week, the weekly review) have run out, to
-- bring their loops back under a focus still active. open_loop_snoozed (V3) is keyed by owner for the matcher's
-- question, so asked of everyone it read every snoozed row and its table row each time; keyed by the snooze's end, the
-- question reads only the snoozes that ran out.
CREATE INDEX open_loop_snooze_ends ON open_loop (snoozed_until) WHERE snoozed_until IS NOT NULL;
