-- One definition of an active member (storage/members.py: ACTIVE_MEMBER): reachable
-- (status 'active': neither blocked nor erased) and not suspended. The team counter behind
-- "points per active member" left suspended members in; now it follows the definition.

DROP TRIGGER team_members_changed;

CREATE TRIGGER team_members_changed AFTER UPDATE OF status, district_id ON members
WHEN (OLD.status = 'active') != (NEW.status = 'active') OR OLD.district_id != NEW.district_id
BEGIN
    UPDATE team_members SET active = active - 1 WHERE district_id = OLD.district_id AND OLD.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM suspensions WHERE member_id = OLD.id);
    INSERT INTO team_members(district_id, active) SELECT NEW.district_id, 1 WHERE NEW.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM suspensions WHERE member_id = NEW.id)
        ON CONFLICT DO UPDATE SET active = active + 1;
END;

CREATE TRIGGER team_members_suspended AFTER INSERT ON suspensions
BEGIN
    UPDATE team_members SET active = active - 1
        WHERE district_id = (SELECT district_id FROM members WHERE id = NEW.member_id AND status = 'active');
END;

CREATE TRIGGER team_members_unsuspended AFTER DELETE ON suspensions
BEGIN
    INSERT INTO team_members(district_id, active)
        SELECT district_id, 1 FROM members WHERE id = OLD.member_id AND status = 'active'
        ON CONFLICT DO UPDATE SET active = active + 1;
END;

DELETE FROM team_members;
INSERT INTO team_members(district_id, active)
    SELECT m.district_id, COUNT(*) FROM members m
    WHERE m.status = 'active' AND NOT EXISTS (SELECT 1 FROM suspensions s WHERE s.member_id = m.id)
    GROUP BY m.district_id;
