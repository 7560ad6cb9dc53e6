"""All time-driven work: the clock, scheduled jobs and outbox delivery."""
