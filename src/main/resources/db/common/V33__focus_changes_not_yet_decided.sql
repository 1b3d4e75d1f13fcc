-- A focus change is decided (its open loops ranked, a reminder made or not) just after its row commits. A process
-- killed in between left that focus undecided for good: a loop that fitted it never came back. The row now says when
-- it was set (or set again) until its decision is done; a start decides again the rows a stop left so. Null for every
-- focus decided, and for every focus saved before.
ALTER TABLE focus ADD COLUMN undecided_since BIGINT;
-- The start reads only these: a handful, out of every focus ever set.
CREATE INDEX focus_undecided ON focus (undecided_since) WHERE undecided_since IS NOT NULL;
