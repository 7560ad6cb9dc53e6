# Operations: the flood limit.
flood-slow-down = You are sending messages too fast, so the bot skipped some of them. Wait a few seconds, then carry on.
