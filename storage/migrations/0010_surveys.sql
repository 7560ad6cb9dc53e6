-- Surveys (SPEC §11): questions, who was asked, and each member's answers.

-- Survey points are activity points: the ledger learns the kind 'survey'. SQLite cannot
-- change a CHECK constraint in place, so the ledger is rebuilt with the same columns,
-- indexes and triggers (the old table is renamed first, so its self-references move with
-- it and the copy's point at the new table).
ALTER TABLE ledger RENAME TO ledger_before_surveys;

CREATE TABLE ledger (
    id              INTEGER PRIMARY KEY,
    campaign_id     INTEGER NOT NULL REFERENCES campaigns(id),
    member_id       INTEGER NOT NULL REFERENCES members(id),
    district_id     INTEGER NOT NULL REFERENCES districts(id),   -- the member's team at that moment
    kind            TEXT NOT NULL CHECK (kind IN ('post', 'meeting', 'referral', 'referral_share', 'survey')),
    units           INTEGER NOT NULL,
    subject         TEXT NOT NULL,                -- what it was for: 'post:17', 'checkin:5', 'member:9', 'ledger:41', 'survey:3'
    idem_key        TEXT NOT NULL UNIQUE,         -- makes a repeated act harmless
    source_id       INTEGER REFERENCES ledger(id),   -- a referral share's activity entry
    reverses_id     INTEGER UNIQUE REFERENCES ledger(id),
    reason          TEXT,
    created_by      INTEGER,                      -- tg id of the actor; NULL for the bot itself
    created_at      TEXT NOT NULL
);

INSERT INTO ledger(id, campaign_id, member_id, district_id, kind, units, subject, idem_key, source_id, reverses_id,
                   reason, created_by, created_at)
    SELECT id, campaign_id, member_id, district_id, kind, units, subject, idem_key, source_id, reverses_id,
           reason, created_by, created_at
    FROM ledger_before_surveys ORDER BY id;

DROP TABLE ledger_before_surveys;

CREATE INDEX ledger_member ON ledger(campaign_id, member_id, kind);
CREATE INDEX ledger_campaign_time ON ledger(campaign_id, created_at);
CREATE INDEX ledger_source ON ledger(source_id);

CREATE TRIGGER ledger_append_only_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_append_only_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

-- Migration 0006's guard, dropped with the old table: no new points while suspended.
CREATE TRIGGER ledger_nothing_while_suspended BEFORE INSERT ON ledger
WHEN NEW.reverses_id IS NULL AND EXISTS (SELECT 1 FROM suspensions WHERE member_id = NEW.member_id)
BEGIN SELECT RAISE(IGNORE); END;

-- Points for a complete answer to a survey that offers them: a campaign rule, 0 by default.
ALTER TABLE campaigns ADD COLUMN survey_units INTEGER NOT NULL DEFAULT 0;

-- The organiser may turn off the feedback survey attendees get after a meeting.
ALTER TABLE meetings ADD COLUMN feedback INTEGER NOT NULL DEFAULT 1;

CREATE TABLE surveys (
    id              INTEGER PRIMARY KEY,
    purpose         TEXT NOT NULL DEFAULT 'custom' CHECK (purpose IN ('custom', 'feedback', 'details')),
    title           TEXT NOT NULL,
    questions       TEXT NOT NULL,                -- JSON list: [{"k": "single", "t": "…", "o": ["…"], "r": true}]
    scope_kind      TEXT NOT NULL CHECK (scope_kind IN ('all', 'area', 'city', 'district', 'meeting')),
    scope_id        INTEGER NOT NULL DEFAULT 0,   -- city, district or meeting id; 0 for 'all' and for
                                                  -- 'area' (all of the author's cities and districts)
    anonymous       INTEGER NOT NULL,
    units           INTEGER NOT NULL DEFAULT 0,   -- points for a complete answer
    campaign_id     INTEGER REFERENCES campaigns(id),
    ends_at         TEXT NOT NULL,
    recipients      INTEGER NOT NULL DEFAULT 0,
    broadcast_id    INTEGER REFERENCES broadcasts(id),
    created_by      INTEGER NOT NULL,             -- tg id of the author; 0 for the bot (meeting feedback)
    created_at      TEXT NOT NULL
);
CREATE INDEX surveys_ends ON surveys(ends_at);
CREATE UNIQUE INDEX surveys_meeting_feedback ON surveys(scope_id) WHERE purpose = 'feedback';

-- Who was asked: only they may answer.
CREATE TABLE survey_recipients (
    survey_id       INTEGER NOT NULL REFERENCES surveys(id),
    member_id       INTEGER NOT NULL REFERENCES members(id),
    PRIMARY KEY (survey_id, member_id)
) WITHOUT ROWID;

-- One response per member and survey: the answers so far and the question they are on, so
-- a member can go back and finish later; finished_at once complete. member_id is NULL once
-- the member erased their data (their answers stay, anonymous).
CREATE TABLE survey_responses (
    id              INTEGER PRIMARY KEY,
    survey_id       INTEGER NOT NULL REFERENCES surveys(id),
    member_id       INTEGER REFERENCES members(id),
    position        INTEGER NOT NULL DEFAULT 0,
    answers         TEXT NOT NULL DEFAULT '{}',   -- JSON: {"0": 2, "1": [0, 3], "2": 5, "3": "text", "4": null}
    started_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    finished_at     TEXT,
    UNIQUE (survey_id, member_id)
);
CREATE INDEX survey_responses_finished ON survey_responses(survey_id, finished_at);
