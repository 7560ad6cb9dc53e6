-- The web side (SPEC §12): the public rating's privacy choice and name search, the
-- dashboard's one-time sign-in links and sessions.

-- A member may hide their name in the public rating: shown as a member of their team.
ALTER TABLE members ADD COLUMN name_hidden INTEGER NOT NULL DEFAULT 0;

-- "Find my place" looks names up by prefix.
CREATE INDEX members_display_name ON members(display_name);

-- One-time sign-in links sent by /web. Only a hash of the link's secret is kept, so the
-- database alone cannot sign anyone in; used_at makes a link good once.
CREATE TABLE web_signin_links (
    secret_hash     TEXT PRIMARY KEY,
    tg_id           INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    used_at         TEXT
);

-- Dashboard sessions: the cookie holds a random id, the database its hash.
CREATE TABLE web_sessions (
    id_hash         TEXT PRIMARY KEY,
    tg_id           INTEGER NOT NULL,
    csrf_token      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions(expires_at);
