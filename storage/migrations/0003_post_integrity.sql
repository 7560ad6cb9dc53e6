-- Integrity of posts (SPEC §9, issue 11).

-- A post counts once, ever: its identity (bot.links PostLink.key: the network, the post's own id,
-- the owner only where the network needs it) is unique across all campaigns. Posts recorded
-- before keep their link as their identity; the first of each link holds it, later copies of
-- the same link (in later campaigns) hold none.
ALTER TABLE posts ADD COLUMN post_key TEXT;
UPDATE posts SET post_key = url WHERE id IN (SELECT MIN(id) FROM posts GROUP BY url);
CREATE UNIQUE INDEX posts_once_ever ON posts(post_key);
CREATE INDEX posts_member_time ON posts(member_id, submitted_at);

-- The published originals: a material's own post is never a member's post.
CREATE TABLE material_posts (
    post_key        TEXT PRIMARY KEY,
    material_id     INTEGER NOT NULL REFERENCES materials(id)
);
INSERT OR IGNORE INTO material_posts(post_key, material_id) SELECT link, id FROM materials WHERE link IS NOT NULL;

-- Members a coordinator trusts: under manual moderation their posts skip the queue.
CREATE TABLE trusted_members (
    member_id       INTEGER PRIMARY KEY REFERENCES members(id),
    marked_by       INTEGER NOT NULL,             -- tg id of the coordinator
    marked_at       TEXT NOT NULL
);
