-- A @username belongs to the account that showed it most recently (SPEC §9): Telegram users who
-- are not members yet keep theirs here too, so a newer holder takes it from an older one.
ALTER TABLE telegram_users ADD COLUMN username TEXT;
CREATE INDEX telegram_users_username ON telegram_users(username COLLATE NOCASE) WHERE username IS NOT NULL;
CREATE INDEX members_username ON members(username COLLATE NOCASE) WHERE username IS NOT NULL;
