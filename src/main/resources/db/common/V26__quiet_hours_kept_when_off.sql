-- /focus quiet state:off keeps the hours, so state:on brings them back: the hours stay in quiet_from and quiet_to,
-- and quiet_off says they are not in force. Before, off wrote both as NULL and the person had to type them again.
ALTER TABLE person_settings ADD COLUMN quiet_off INTEGER NOT NULL DEFAULT 0;
