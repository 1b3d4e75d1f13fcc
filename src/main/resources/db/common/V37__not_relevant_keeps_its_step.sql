-- How much a "Not relevant" raised the person's bar: a step, or less at the cap (then nothing). Take it back lowers the
-- bar by what the click raised it; it lowered a step always, below where it was before the click at the cap. Null for
-- marks made before: a step, as every click then raised it unless the bar was at its cap.
ALTER TABLE suppression ADD COLUMN raised DOUBLE PRECISION;
