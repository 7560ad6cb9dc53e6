-- The whole schema of the campaign. Later migrations only add to it.
-- Timestamps are UTC ISO-8601 strings ("2026-11-22T10:00:00.000000+00:00"); dates are local ISO dates.
-- Points are integer tenths ("units"): 1 point = 10 units.

CREATE TABLE cities (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE
);

-- One team per district.
CREATE TABLE districts (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    city_id     INTEGER NOT NULL REFERENCES cities(id)
);
CREATE INDEX districts_city ON districts(city_id, name);

-- Everyone who ever wrote to the bot, registered or not: language and the invite they came with.
CREATE TABLE telegram_users (
    tg_id           INTEGER PRIMARY KEY,
    locale          TEXT,
    referrer_id     INTEGER REFERENCES members(id),
    first_seen_at   TEXT NOT NULL
);

-- Telegram ids of people who erased their data, kept only as keyed hashes so an
-- erased member coming back is not a "new" person for referral awards.
CREATE TABLE forgotten_users (
    tg_hash     TEXT PRIMARY KEY,
    forgotten_at TEXT NOT NULL
);

CREATE TABLE members (
    id              INTEGER PRIMARY KEY,
    tg_id           INTEGER UNIQUE,              -- NULL once the member erased their data
    username        TEXT,
    display_name    TEXT NOT NULL,
    phone           TEXT,
    locale          TEXT NOT NULL DEFAULT 'ru',
    district_id     INTEGER NOT NULL REFERENCES districts(id),
    referrer_id     INTEGER REFERENCES members(id),
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked', 'deleted')),
    card_version    INTEGER NOT NULL DEFAULT 1,
    registered_at   TEXT NOT NULL,
    deleted_at      TEXT
);
CREATE INDEX members_district ON members(district_id, status);
CREATE INDEX members_referrer ON members(referrer_id);
CREATE INDEX members_status ON members(status, id);

CREATE TABLE consents (
    id              INTEGER PRIMARY KEY,
    member_id       INTEGER NOT NULL REFERENCES members(id),
    text_version    TEXT NOT NULL,
    given_at        TEXT NOT NULL
);
CREATE INDEX consents_member ON consents(member_id);

-- Roles are held by Telegram accounts, registered or not. Admins come from ADMIN_IDS.
CREATE TABLE roles (
    id          INTEGER PRIMARY KEY,
    tg_id       INTEGER NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('coordinator', 'organiser')),
    scope_kind  TEXT NOT NULL CHECK (scope_kind IN ('all', 'city', 'district')),
    scope_id    INTEGER NOT NULL DEFAULT 0,       -- city or district id; 0 for 'all'
    granted_by  INTEGER,
    granted_at  TEXT NOT NULL,
    UNIQUE (tg_id, role, scope_kind, scope_id)
);
CREATE INDEX roles_scope ON roles(role, scope_kind, scope_id);

CREATE TABLE campaigns (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    starts_on           TEXT NOT NULL,            -- local date, inclusive
    ends_on             TEXT NOT NULL,            -- local date, inclusive
    post_units          INTEGER NOT NULL DEFAULT 10,
    meeting_units       INTEGER NOT NULL DEFAULT 200,
    referral_units      INTEGER NOT NULL DEFAULT 100,
    referral_share_pct  INTEGER NOT NULL DEFAULT 30,
    moderation          TEXT NOT NULL DEFAULT 'auto' CHECK (moderation IN ('auto', 'manual')),
    finished_at         TEXT,                     -- set when the rating is frozen
    created_at          TEXT NOT NULL,
    CHECK (starts_on <= ends_on)
);

CREATE TABLE district_moves (
    id              INTEGER PRIMARY KEY,
    member_id       INTEGER NOT NULL REFERENCES members(id),
    campaign_id     INTEGER REFERENCES campaigns(id),
    from_district   INTEGER NOT NULL REFERENCES districts(id),
    to_district     INTEGER NOT NULL REFERENCES districts(id),
    moved_by        INTEGER,                      -- tg id of whoever moved them
    self_service    INTEGER NOT NULL,             -- 1 when the member moved themselves
    moved_at        TEXT NOT NULL
);
CREATE INDEX district_moves_member ON district_moves(member_id, campaign_id, self_service);

-- The append-only points ledger. A revocation is a new entry with negative units and
-- reverses_id set; the kind stays that of the entry it reverses.
CREATE TABLE ledger (
    id              INTEGER PRIMARY KEY,
    campaign_id     INTEGER NOT NULL REFERENCES campaigns(id),
    member_id       INTEGER NOT NULL REFERENCES members(id),
    district_id     INTEGER NOT NULL REFERENCES districts(id),   -- the member's team at that moment
    kind            TEXT NOT NULL CHECK (kind IN ('post', 'meeting', 'referral', 'referral_share')),
    units           INTEGER NOT NULL,
    subject         TEXT NOT NULL,                -- what it was for: 'post:17', 'checkin:5', 'member:9', 'ledger:41'
    idem_key        TEXT NOT NULL UNIQUE,         -- makes a repeated act harmless
    source_id       INTEGER REFERENCES ledger(id),   -- a referral share's activity entry
    reverses_id     INTEGER UNIQUE REFERENCES ledger(id),
    reason          TEXT,
    created_by      INTEGER,                      -- tg id of the actor; NULL for the bot itself
    created_at      TEXT NOT NULL
);
CREATE INDEX ledger_member ON ledger(campaign_id, member_id, kind);
CREATE INDEX ledger_campaign_time ON ledger(campaign_id, created_at);
CREATE INDEX ledger_source ON ledger(source_id);

CREATE TRIGGER ledger_append_only_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_append_only_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

-- Totals kept in step with the ledger in the same transaction.
CREATE TABLE member_totals (
    campaign_id     INTEGER NOT NULL REFERENCES campaigns(id),
    member_id       INTEGER NOT NULL REFERENCES members(id),
    district_id     INTEGER NOT NULL REFERENCES districts(id),  -- current team, for team ranks
    units           INTEGER NOT NULL DEFAULT 0,
    reached_at      TEXT NOT NULL,                -- when the total was reached: rating tie-break
    PRIMARY KEY (campaign_id, member_id)
) WITHOUT ROWID;
CREATE INDEX member_totals_rating ON member_totals(campaign_id, units DESC, reached_at, member_id);
CREATE INDEX member_totals_team ON member_totals(campaign_id, district_id, units DESC, reached_at, member_id);

-- How many members hold each total, kept in step with member_totals by triggers, so a
-- member's rank among a million is a sum over a few thousand rows instead of a count over
-- the index: rank = members with more points (rating_units) + members with as many points
-- who reached them in an earlier hour (rating_slots) + a count within that one hour.
-- A slot is the hour of reached_at: its first 13 characters, "2026-12-10T09".
CREATE TABLE rating_units (
    campaign_id     INTEGER NOT NULL,
    units           INTEGER NOT NULL,
    members         INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, units)
) WITHOUT ROWID;

CREATE TABLE rating_slots (
    campaign_id     INTEGER NOT NULL,
    units           INTEGER NOT NULL,
    slot            TEXT NOT NULL,
    members         INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, units, slot)
) WITHOUT ROWID;

-- The same per team: a member's place in their team.
CREATE TABLE rating_team_units (
    campaign_id     INTEGER NOT NULL,
    district_id     INTEGER NOT NULL,
    units           INTEGER NOT NULL,
    members         INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, district_id, units)
) WITHOUT ROWID;

CREATE TABLE rating_team_slots (
    campaign_id     INTEGER NOT NULL,
    district_id     INTEGER NOT NULL,
    units           INTEGER NOT NULL,
    slot            TEXT NOT NULL,
    members         INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, district_id, units, slot)
) WITHOUT ROWID;

-- Active members per team, for "points per member" without counting a million rows.
CREATE TABLE team_members (
    district_id     INTEGER PRIMARY KEY,
    active          INTEGER NOT NULL
);

CREATE TRIGGER team_members_joined AFTER INSERT ON members WHEN NEW.status = 'active'
BEGIN
    INSERT INTO team_members(district_id, active) VALUES (NEW.district_id, 1)
        ON CONFLICT DO UPDATE SET active = active + 1;
END;

CREATE TRIGGER team_members_changed AFTER UPDATE OF status, district_id ON members
WHEN (OLD.status = 'active') != (NEW.status = 'active') OR OLD.district_id != NEW.district_id
BEGIN
    UPDATE team_members SET active = active - 1 WHERE district_id = OLD.district_id AND OLD.status = 'active';
    INSERT INTO team_members(district_id, active) SELECT NEW.district_id, 1 WHERE NEW.status = 'active'
        ON CONFLICT DO UPDATE SET active = active + 1;
END;

CREATE TRIGGER member_totals_counted AFTER INSERT ON member_totals
BEGIN
    INSERT INTO rating_units(campaign_id, units, members) VALUES (NEW.campaign_id, NEW.units, 1)
        ON CONFLICT DO UPDATE SET members = members + 1;
    INSERT INTO rating_slots(campaign_id, units, slot, members)
        VALUES (NEW.campaign_id, NEW.units, substr(NEW.reached_at, 1, 13), 1)
        ON CONFLICT DO UPDATE SET members = members + 1;
    INSERT INTO rating_team_units(campaign_id, district_id, units, members)
        VALUES (NEW.campaign_id, NEW.district_id, NEW.units, 1)
        ON CONFLICT DO UPDATE SET members = members + 1;
    INSERT INTO rating_team_slots(campaign_id, district_id, units, slot, members)
        VALUES (NEW.campaign_id, NEW.district_id, NEW.units, substr(NEW.reached_at, 1, 13), 1)
        ON CONFLICT DO UPDATE SET members = members + 1;
END;

CREATE TRIGGER member_totals_recounted AFTER UPDATE OF units, reached_at, district_id ON member_totals
BEGIN
    UPDATE rating_units SET members = members - 1 WHERE campaign_id = OLD.campaign_id AND units = OLD.units;
    UPDATE rating_slots SET members = members - 1
        WHERE campaign_id = OLD.campaign_id AND units = OLD.units AND slot = substr(OLD.reached_at, 1, 13);
    UPDATE rating_team_units SET members = members - 1
        WHERE campaign_id = OLD.campaign_id AND district_id = OLD.district_id AND units = OLD.units;
    UPDATE rating_team_slots SET members = members - 1
        WHERE campaign_id = OLD.campaign_id AND district_id = OLD.district_id AND units = OLD.units
          AND slot = substr(OLD.reached_at, 1, 13);
    INSERT INTO rating_units(campaign_id, units, members) VALUES (NEW.campaign_id, NEW.units, 1)
        ON CONFLICT DO UPDATE SET members = members + 1;
    INSERT INTO rating_slots(campaign_id, units, slot, members)
        VALUES (NEW.campaign_id, NEW.units, substr(NEW.reached_at, 1, 13), 1)
        ON CONFLICT DO UPDATE SET members = members + 1;
    INSERT INTO rating_team_units(campaign_id, district_id, units, members)
        VALUES (NEW.campaign_id, NEW.district_id, NEW.units, 1)
        ON CONFLICT DO UPDATE SET members = members + 1;
    INSERT INTO rating_team_slots(campaign_id, district_id, units, slot, members)
        VALUES (NEW.campaign_id, NEW.district_id, NEW.units, substr(NEW.reached_at, 1, 13), 1)
        ON CONFLICT DO UPDATE SET members = members + 1;
END;

CREATE TRIGGER member_totals_uncounted AFTER DELETE ON member_totals
BEGIN
    UPDATE rating_units SET members = members - 1 WHERE campaign_id = OLD.campaign_id AND units = OLD.units;
    UPDATE rating_slots SET members = members - 1
        WHERE campaign_id = OLD.campaign_id AND units = OLD.units AND slot = substr(OLD.reached_at, 1, 13);
    UPDATE rating_team_units SET members = members - 1
        WHERE campaign_id = OLD.campaign_id AND district_id = OLD.district_id AND units = OLD.units;
    UPDATE rating_team_slots SET members = members - 1
        WHERE campaign_id = OLD.campaign_id AND district_id = OLD.district_id AND units = OLD.units
          AND slot = substr(OLD.reached_at, 1, 13);
END;

CREATE TABLE team_totals (
    campaign_id     INTEGER NOT NULL REFERENCES campaigns(id),
    district_id     INTEGER NOT NULL REFERENCES districts(id),
    units           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, district_id)
) WITHOUT ROWID;

-- «Поддержи онлайн!»: materials to share and members' post submissions.
CREATE TABLE materials (
    id              INTEGER PRIMARY KEY,
    campaign_id     INTEGER NOT NULL REFERENCES campaigns(id),
    scope_kind      TEXT NOT NULL CHECK (scope_kind IN ('all', 'city', 'district')),
    scope_id        INTEGER NOT NULL DEFAULT 0,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    link            TEXT,
    photo_file_id   TEXT,
    active          INTEGER NOT NULL DEFAULT 1,
    created_by      INTEGER NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX materials_current ON materials(campaign_id, active, id);

CREATE TABLE posts (
    id              INTEGER PRIMARY KEY,
    campaign_id     INTEGER NOT NULL REFERENCES campaigns(id),
    member_id       INTEGER NOT NULL REFERENCES members(id),
    material_id     INTEGER REFERENCES materials(id),
    url             TEXT NOT NULL,                -- normalised
    network         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    local_day       TEXT NOT NULL,                -- for the daily cap
    reject_reason   TEXT,
    moderated_by    INTEGER,
    moderated_at    TEXT,
    submitted_at    TEXT NOT NULL,
    UNIQUE (campaign_id, url)
);
CREATE INDEX posts_member_day ON posts(member_id, local_day, status);
CREATE INDEX posts_material ON posts(material_id);
CREATE INDEX posts_status ON posts(campaign_id, status, id);

-- «Офлайн-встречи».
CREATE TABLE meetings (
    id              INTEGER PRIMARY KEY,
    campaign_id     INTEGER REFERENCES campaigns(id),
    district_id     INTEGER NOT NULL REFERENCES districts(id),
    title           TEXT NOT NULL,
    place           TEXT NOT NULL,
    starts_at       TEXT NOT NULL,
    ends_at         TEXT NOT NULL,
    latitude        REAL,
    longitude       REAL,
    radius_m        INTEGER,
    qr_version      INTEGER NOT NULL DEFAULT 1,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_by      INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    reminded_at     TEXT,
    CHECK (starts_at < ends_at)
);
CREATE INDEX meetings_district ON meetings(district_id, starts_at);

CREATE TABLE meeting_rsvps (
    meeting_id      INTEGER NOT NULL REFERENCES meetings(id),
    member_id       INTEGER NOT NULL REFERENCES members(id),
    created_at      TEXT NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
) WITHOUT ROWID;

CREATE TABLE checkins (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES meetings(id),
    member_id       INTEGER NOT NULL REFERENCES members(id),
    method          TEXT NOT NULL CHECK (method IN ('card_scan', 'meeting_qr')),
    confirmed_by    INTEGER,                      -- organiser's tg id for a card scan
    created_at      TEXT NOT NULL,
    UNIQUE (meeting_id, member_id)
);

-- Which meeting an organiser is checking people in to right now.
CREATE TABLE checkin_sessions (
    organiser_tg_id INTEGER NOT NULL,
    meeting_id      INTEGER NOT NULL REFERENCES meetings(id),
    started_at      TEXT NOT NULL,
    PRIMARY KEY (organiser_tg_id, meeting_id)
) WITHOUT ROWID;

-- Durable outbox for mass sending. A broadcast and all its outbox rows are written in one
-- transaction before anything is sent; the sender streams queued rows in id order.
CREATE TABLE broadcasts (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,                -- 'rating', 'final', 'announcement', 'digest', 'reserve', 'report'
    run_key         TEXT UNIQUE,                  -- e.g. 'rating:2026-11-22': at most one run
    initiator_tg_id INTEGER,                      -- who gets the delivery report; NULL for none
    payload         TEXT NOT NULL DEFAULT '{}',   -- JSON shared by every row: method and common arguments
    status          TEXT NOT NULL DEFAULT 'sending' CHECK (status IN ('filling', 'sending', 'done')),
    total           INTEGER NOT NULL DEFAULT 0,
    delivered       INTEGER NOT NULL DEFAULT 0,
    blocked         INTEGER NOT NULL DEFAULT 0,
    failed          INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    started_at      TEXT,
    finished_at     TEXT,
    reported_at     TEXT
);
CREATE INDEX broadcasts_status ON broadcasts(status);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    broadcast_id    INTEGER NOT NULL REFERENCES broadcasts(id),
    chat_id         INTEGER NOT NULL,
    member_id       INTEGER REFERENCES members(id),
    payload         TEXT,                         -- JSON merged over the broadcast's payload; NULL: none
    status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'delivered', 'blocked', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,   -- failed attempts (a 429 is not one: it is retried as is)
    not_before      TEXT,                         -- UTC time of the next retry after a failure
    last_error      TEXT,
    updated_at      TEXT
);
CREATE INDEX outbox_queue ON outbox(status, id);
CREATE INDEX outbox_broadcast ON outbox(broadcast_id, status);

-- Daily snapshots of totals for "change since yesterday": the rating run writes today's
-- (non-zero totals only) and keeps just the previous one.
CREATE TABLE daily_totals (
    campaign_id     INTEGER NOT NULL REFERENCES campaigns(id),
    day             TEXT NOT NULL,
    member_id       INTEGER NOT NULL REFERENCES members(id),
    units           INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, day, member_id)
) WITHOUT ROWID;

-- Scheduled work that must run at most once per key, across restarts.
CREATE TABLE job_runs (
    job_key         TEXT PRIMARY KEY,             -- 'rating:2026-11-22', 'digest:2026-11-22', 'final:3'
    started_at      TEXT NOT NULL,
    finished_at     TEXT
);

-- Key-value settings the bot keeps for itself (the generated QR secret, ...).
CREATE TABLE bot_settings (
    key             TEXT PRIMARY KEY,
    value           TEXT NOT NULL
);

-- aiogram FSM state and data per (bot, chat, user, thread, destiny).
CREATE TABLE fsm (
    key             TEXT PRIMARY KEY,
    state           TEXT,
    data            TEXT
);

-- Webhook inbox: an update is stored here before Telegram gets its 200, then handled by a
-- worker; the key makes a redelivered update harmless. Handled rows stay a while for that.
CREATE TABLE inbox (
    update_id       INTEGER PRIMARY KEY,
    body            TEXT NOT NULL,                -- the update as Telegram sent it (JSON)
    received_at     TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,   -- times handling started
    handled_at      TEXT
);
CREATE INDEX inbox_pending ON inbox(update_id) WHERE handled_at IS NULL;
CREATE INDEX inbox_handled ON inbox(handled_at) WHERE handled_at IS NOT NULL;
