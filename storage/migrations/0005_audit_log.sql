-- The audit log: every staff act is one append-only row (who, what, whom, when, why).
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,                -- when (UTC)
    actor_tg_id     INTEGER,                      -- who: the staff member's tg id; NULL for the bot itself
    action          TEXT NOT NULL,                -- what: 'grant_role', 'approve_post', 'suspend', ...
    member_id       INTEGER REFERENCES members(id),  -- whom, when it is a member
    target_tg_id    INTEGER,                      -- whom, when it is an account without a member row
    subject         TEXT,                         -- what exactly: 'post:17', 'ledger:41', 'role:organiser@city:2'
    reason          TEXT,                         -- why, as the staff member put it
    details         TEXT NOT NULL DEFAULT '{}'    -- JSON with the act's particulars
);
CREATE INDEX audit_log_at ON audit_log(at, id);
CREATE INDEX audit_log_member ON audit_log(member_id, id);

CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
