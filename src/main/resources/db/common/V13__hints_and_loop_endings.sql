-- Everyday use (issue 18). A reopened loop keeps how it ended before as part of its history: the note a reopen
-- writes holds the earlier outcome, takeaway and close date (a loop's other notes leave them null).
ALTER TABLE loop_note ADD COLUMN outcome TEXT;
ALTER TABLE loop_note ADD COLUMN takeaway TEXT;
ALTER TABLE loop_note ADD COLUMN closed_at BIGINT;

-- One-time hints a person has been shown (such as how Loopkeeper works, under their first park): each once.
CREATE TABLE person_hint (
    owner_id TEXT   NOT NULL,
    hint     TEXT   NOT NULL,
    shown_at BIGINT NOT NULL,
    PRIMARY KEY (owner_id, hint)
);
