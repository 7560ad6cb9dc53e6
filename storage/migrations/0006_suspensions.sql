-- Suspended members (SPEC §10): no new points, out of the rating and the reserve while here.
CREATE TABLE suspensions (
    member_id       INTEGER PRIMARY KEY REFERENCES members(id),
    reason          TEXT NOT NULL,
    suspended_by    INTEGER,                      -- tg id of the coordinator or admin
    suspended_at    TEXT NOT NULL
);

-- No new points, whichever act awards them: the entry is silently not written (the act sees
-- "nothing awarded"). Reversals still go through, so a coordinator can revoke meanwhile.
CREATE TRIGGER ledger_nothing_while_suspended BEFORE INSERT ON ledger
WHEN NEW.reverses_id IS NULL AND EXISTS (SELECT 1 FROM suspensions WHERE member_id = NEW.member_id)
BEGIN SELECT RAISE(IGNORE); END;

-- Out of the rating: a suspended member's totals of running campaigns are taken out on
-- suspension and never come back in until it is lifted (then they are rebuilt from the ledger).
CREATE TRIGGER member_totals_none_while_suspended BEFORE INSERT ON member_totals
WHEN EXISTS (SELECT 1 FROM suspensions WHERE member_id = NEW.member_id)
BEGIN SELECT RAISE(IGNORE); END;
