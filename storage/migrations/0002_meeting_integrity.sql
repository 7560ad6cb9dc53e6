-- Integrity of meeting points (issue 11, SPEC §9).
-- Per campaign, meetings either pay at check-in ('auto') or wait for a coordinator to
-- confirm from the organiser's report that the meeting took place ('confirmed').
ALTER TABLE campaigns ADD COLUMN meetings TEXT NOT NULL DEFAULT 'auto' CHECK (meetings IN ('auto', 'confirmed'));

-- A meeting's confirmation: 'auto' (pays at check-in), 'awaiting' (no report yet),
-- 'reported' (report sent, a coordinator decides), 'confirmed', 'refused'.
ALTER TABLE meetings ADD COLUMN confirmation TEXT NOT NULL DEFAULT 'auto'
    CHECK (confirmation IN ('auto', 'awaiting', 'reported', 'confirmed', 'refused'));
ALTER TABLE meetings ADD COLUMN report_photo TEXT;       -- Telegram file id of the organiser's photo
ALTER TABLE meetings ADD COLUMN report_text TEXT;
ALTER TABLE meetings ADD COLUMN reported_at TEXT;
ALTER TABLE meetings ADD COLUMN decided_by INTEGER;      -- tg id of the coordinator who confirmed or refused
ALTER TABLE meetings ADD COLUMN decided_at TEXT;
CREATE INDEX meetings_organiser ON meetings(created_by, starts_at);

-- An attendance either counts (points awarded), waits for the meeting's confirmation, or
-- was dropped when the meeting was refused. A dropped one no longer blocks an overlapping one.
ALTER TABLE checkins ADD COLUMN status TEXT NOT NULL DEFAULT 'counted'
    CHECK (status IN ('counted', 'pending', 'dropped'));
CREATE INDEX checkins_member ON checkins(member_id, status);
