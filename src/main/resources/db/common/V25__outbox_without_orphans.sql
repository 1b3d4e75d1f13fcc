-- Mail about a server's polls and digests outlived them when a server's data was deleted after it removed the bot.
-- On SQLite the next poll or digest could get a deleted one's id, fail on the outbox's unique (kind, ref_id), and stop
-- every server's digest. ServerData now deletes that mail with them; this removes what earlier deletions left.
DELETE FROM outbox WHERE kind = 'digest' AND ref_id NOT IN (SELECT id FROM server_digest);
DELETE FROM outbox WHERE kind = 'poll_result' AND ref_id NOT IN (SELECT id FROM triage_poll);
