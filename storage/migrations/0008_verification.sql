-- Post verification (SPEC §10): a durable queue of submissions the verifier checks on the networks.
CREATE TABLE verifications (
    post_id         INTEGER PRIMARY KEY REFERENCES posts(id),
    network         TEXT NOT NULL,                -- which checker: 'vk', 'telegram', or 'web'
    status          TEXT NOT NULL DEFAULT 'waiting'
                    CHECK (status IN ('waiting', 'verified', 'refused', 'handed_over')),
    attempts        INTEGER NOT NULL DEFAULT 0,   -- checks the network did not answer
    not_before      TEXT NOT NULL,                -- UTC time of the next check
    enqueued_at     TEXT NOT NULL,
    last_error      TEXT,
    outcome         TEXT,                         -- why it ended: 'ok', 'not_found', 'no_material', 'outage', ...
    decided_at      TEXT
);
CREATE INDEX verifications_due ON verifications(network, not_before) WHERE status = 'waiting';

-- Materials as actions: steps to follow and an optional hashtag a post must carry; `link` is
-- the original post members repost.
ALTER TABLE materials ADD COLUMN steps TEXT NOT NULL DEFAULT '';
ALTER TABLE materials ADD COLUMN hashtag TEXT;
