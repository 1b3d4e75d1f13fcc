-- The person's own feedback, learned from per person: what they did with a loop while some work was in focus.
-- sign +1: "Open it now" on a reminder, or the loop closed as learned or applied while that work was in focus;
-- sign -1: "Not relevant" or "Let it go" on a reminder. Both vectors are framed embeddings of model_id: the work's
-- text and the loop's concept (copied, so the event still teaches after the loop is closed).
CREATE TABLE loop_feedback (
    id          INTEGER PRIMARY KEY,
    owner_id    TEXT    NOT NULL,
    loop_id     BIGINT  NOT NULL REFERENCES open_loop (id),
    sign        INTEGER NOT NULL CHECK (sign IN (-1, 1)),
    source      TEXT    NOT NULL,  -- open, not_relevant, let_go, learned, applied
    work_text   TEXT    NOT NULL,
    work_vector BLOB    NOT NULL,
    loop_vector BLOB    NOT NULL,
    model_id    TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);

CREATE INDEX loop_feedback_by_owner ON loop_feedback (owner_id, id);

-- New feedback changes what the next decision must see: move the person's loop version, which the relevance index
-- compares before every decision (V4), whichever process recorded it.
CREATE TRIGGER loop_feedback_inserted AFTER INSERT ON loop_feedback
BEGIN
    INSERT INTO loop_version (owner_id, version) VALUES (NEW.owner_id, 1)
        ON CONFLICT (owner_id) DO UPDATE SET version = version + 1;
END;
