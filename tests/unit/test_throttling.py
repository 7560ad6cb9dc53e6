"""The flood limit's rule: a burst, then a steady rate; one warning per flood; bounded memory."""

from __future__ import annotations

from bot.runtime.throttling import FloodLimiter, Verdict


def test_a_burst_passes_then_one_warning_then_silence() -> None:
    limiter = FloodLimiter(rate=3, burst=20)
    verdicts = [limiter.check(7, now=100.0) for _ in range(50)]
    assert verdicts[:20] == [Verdict.PASS] * 20
    assert verdicts[20] is Verdict.WARN
    assert verdicts[21:] == [Verdict.DROP] * 29


def test_the_bucket_refills_at_the_rate_and_the_warning_rearms_only_after_a_full_rest() -> None:
    limiter = FloodLimiter(rate=2, burst=4)
    for _ in range(4):
        assert limiter.check(7, now=0.0) is Verdict.PASS
    assert limiter.check(7, now=0.0) is Verdict.WARN
    assert limiter.check(7, now=0.5) is Verdict.PASS  # one token back after half a second
    assert limiter.check(7, now=0.5) is Verdict.DROP  # still flooding: no second warning
    assert limiter.check(7, now=10.0) is Verdict.PASS  # rested: bucket full again
    for _ in range(3):
        assert limiter.check(7, now=10.0) is Verdict.PASS
    assert limiter.check(7, now=10.0) is Verdict.WARN


def test_one_senders_flood_never_touches_another_sender() -> None:
    limiter = FloodLimiter(rate=1, burst=2)
    for _ in range(1000):
        limiter.check(1, now=5.0)
    assert limiter.check(2, now=5.0) is Verdict.PASS
    assert limiter.check(2, now=5.0) is Verdict.PASS


def test_memory_stays_bounded_with_a_million_senders() -> None:
    limiter = FloodLimiter(rate=3, burst=20, max_senders=1000)
    for sender in range(1_000_000):
        limiter.check(sender, now=sender / 1000)
    assert len(limiter) == 1000
    # The ones still remembered are the most recent; a flooder among them is still held back.
    for _ in range(25):
        last = limiter.check(999_999, now=1000.0)
    assert last is Verdict.DROP
