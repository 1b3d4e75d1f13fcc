-- Issue 11, "a park is never lost". V4 is reserved for the delivery outbox.
--
-- 1. loop_note: the whys and sources a loop gathers after it was parked. Parking a concept one already has open adds
--    its why and source here instead of a second loop; merging a loop into another moves its why, source and notes
--    here. A separate row per entry, rather than appending to open_loop.why, keeps each entry's time and source, and
--    the loop's own why keeps its 1,000-character limit without ever dropping text to respect it.
CREATE TABLE loop_note (
    id                 INTEGER PRIMARY KEY,
    loop_id            BIGINT NOT NULL REFERENCES open_loop (id),
    owner_id           TEXT   NOT NULL,
    concept            TEXT   NOT NULL,  -- as typed for this entry ("Attention  Heads"), or the merged loop's concept
    why                TEXT,
    origin_guild_id    TEXT,
    origin_channel_id  TEXT,
    origin_message_url TEXT,
    origin_excerpt     TEXT,
    merged_from        BIGINT REFERENCES open_loop (id),  -- the loop closed as merged into this one; null for a re-park
    created_at         BIGINT NOT NULL
);

CREATE INDEX loop_note_by_loop ON loop_note (loop_id, created_at);

-- 2. The draft status is gone: nothing waits on an answer any more. The drafts still here are parks nobody answered,
--    so this version's rules apply to them. A draft of a concept its owner still has open (same key) becomes a note on
--    that loop (the newest such), and the draft row goes: no second loop, and its why, source and time are kept.
INSERT INTO loop_note (loop_id, owner_id, concept, why, origin_guild_id, origin_channel_id, origin_message_url,
                       origin_excerpt, created_at)
SELECT (SELECT o.id FROM open_loop o
         WHERE o.owner_id = d.owner_id AND o.concept_key = d.concept_key AND o.status IN ('open', 'active')
         ORDER BY o.created_at DESC, o.id DESC
         LIMIT 1),
       d.owner_id, d.concept, d.why, d.origin_guild_id, d.origin_channel_id, d.origin_message_url, d.origin_excerpt,
       d.created_at
  FROM open_loop d
 WHERE d.status = 'draft'
   AND EXISTS (SELECT 1 FROM open_loop o
                WHERE o.owner_id = d.owner_id AND o.concept_key = d.concept_key AND o.status IN ('open', 'active'));

DELETE FROM open_loop
 WHERE status = 'draft'
   AND EXISTS (SELECT 1 FROM open_loop o
                WHERE o.owner_id = open_loop.owner_id AND o.concept_key = open_loop.concept_key
                  AND o.status IN ('open', 'active'));

-- Every other draft (a near-duplicate, or a concept no longer open) is an open loop, as such a park is now.
UPDATE open_loop SET status = 'open' WHERE status = 'draft';
