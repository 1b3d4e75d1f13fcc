-- The delivery job asks every 15 seconds which reminders wait for a focus whose time ran out, to free their loops for
-- the person's other work. Asked from the outbox it read every reminder scheduled ahead (at night, one for everyone in
-- quiet hours); asked from the focus items that ran out in the last day, it reads only those.
CREATE INDEX focus_by_expiry ON focus (expires_at) WHERE expires_at IS NOT NULL;
