-- Linked profiles, fraud signals and the campaign's owner rule (SPEC §10).

-- Moderation gains `verified`. SQLite cannot alter a CHECK constraint in place, and rebuilding
-- `campaigns` would mean rebuilding every table that references it; SQLite's documented
-- procedure for loosening a constraint is to edit the stored CREATE TABLE text. RESET makes
-- this connection read the new schema; the CREATE TABLE below bumps the schema version for
-- any other connection.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (moderation IN (''auto'', ''manual''))',
                                       'CHECK (moderation IN (''auto'', ''manual'', ''verified''))')
WHERE type = 'table' AND name = 'campaigns';
PRAGMA writable_schema = RESET;

-- A campaign may require a post's owner to be one of the member's linked profiles, where the
-- post's link names its owner.
ALTER TABLE campaigns ADD COLUMN owner_must_be_linked INTEGER NOT NULL DEFAULT 0;

-- A profile belongs to one member: (network, key) is unique.
CREATE TABLE linked_profiles (
    id              INTEGER PRIMARY KEY,
    member_id       INTEGER NOT NULL REFERENCES members(id),
    network         TEXT NOT NULL CHECK (network IN ('vk', 'ok', 'telegram', 'dzen')),
    key             TEXT NOT NULL,                -- the network's id, normalised (bot.profiles)
    linked_at       TEXT NOT NULL,
    UNIQUE (network, key)
);
CREATE INDEX linked_profiles_member ON linked_profiles(member_id);

-- An erased member keeps no profiles, and the evidence of signals keeps no name of theirs.
CREATE TRIGGER linked_profiles_erased AFTER UPDATE OF status ON members
WHEN NEW.status = 'deleted' AND OLD.status != 'deleted'
BEGIN
    DELETE FROM linked_profiles WHERE member_id = NEW.id;
    UPDATE signals SET evidence = replace(evidence, json_quote(OLD.display_name), json_quote('#' || OLD.id))
    WHERE instr(evidence, json_quote(OLD.display_name)) > 0;
END;

-- Fraud signals: evidence for coordinators, never a verdict. One row per finding (its key);
-- the daily pass and /flags add what they find, a coordinator closes them.
CREATE TABLE signals (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,                -- 'referral_burst', 'profile_claimed_twice', ...
    key             TEXT NOT NULL UNIQUE,         -- the finding: 'referral_burst:17:2026-12-10'
    member_id       INTEGER REFERENCES members(id),   -- whom it is about
    district_id     INTEGER REFERENCES districts(id), -- the coordinators' scope it belongs to
    evidence        TEXT NOT NULL DEFAULT '{}',   -- JSON: figures and the members involved
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'acted')),
    found_at        TEXT NOT NULL,
    closed_by       INTEGER,
    closed_at       TEXT
);
CREATE INDEX signals_open ON signals(status, id);
CREATE INDEX signals_member ON signals(member_id);
