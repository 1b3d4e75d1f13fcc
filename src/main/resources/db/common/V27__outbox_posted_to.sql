-- The servers whose part of a mail is posted already (comma-separated ids): a reminder held for a person whose DMs
-- are closed shows them only what no server channel showed, and a retried post skips the servers that took it.
ALTER TABLE outbox ADD COLUMN posted_to TEXT;
