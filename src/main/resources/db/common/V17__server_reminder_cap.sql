-- Issue 15, "Servers": a server's own reminder cap.
--
-- 1. The most reminders a member gets a day from work they do in this server (a /focus set run here, or a message in
--    one of its work-log channels); null: no server cap, the bot-wide LOOPKEEPER_REMINDER_DAILY_CAP alone applies.
--    Deleted with the rest of guild_settings when the bot has left the server (ServerData).
ALTER TABLE guild_settings ADD COLUMN reminder_daily_cap INTEGER;

-- 2. The server whose work made a reminder (its focus's server; null for a focus set in a DM or the console), so a
--    server's cap counts only its own reminders. The reminder row is its owner's (PersonalData: reminder).
ALTER TABLE reminder ADD COLUMN guild_id TEXT;
