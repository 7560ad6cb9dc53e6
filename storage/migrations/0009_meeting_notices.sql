-- Which notifications a member wants (/settings). No row: everything on.
CREATE TABLE notification_settings (
    member_id       INTEGER PRIMARY KEY REFERENCES members(id),
    new_meetings    INTEGER NOT NULL DEFAULT 1,
    new_materials   INTEGER NOT NULL DEFAULT 1,
    daily_rating    INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;

-- The reminder a day before, next to the one two hours before (reminded_at).
ALTER TABLE meetings ADD COLUMN reminded_day_before_at TEXT;
