"""The per-sender flood limit: a token bucket per Telegram user, in bounded memory.

Keyed by the id of the user who sent the update (Telegram vouches for it), so one
person's flood can never slow down anyone else.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from enum import StrEnum

MAX_SENDERS = 50_000


class Verdict(StrEnum):
    PASS = "pass"
    WARN = "warn"  # the first update dropped in a flood: tell the sender, once
    DROP = "drop"


@dataclass(slots=True)
class _Bucket:
    tokens: float
    seen: float
    warned: bool = False


class FloodLimiter:
    """Lets each sender through at `rate` updates a second on average, `burst` at once.

    A sender who overflows is warned once; the warning re-arms only after they have
    been quiet long enough for their bucket to fill up again. Memory holds at most
    `max_senders` buckets: the least recently seen is forgotten first, and a bucket
    not touched for `burst / rate` seconds is full, so forgetting it changes nothing.
    """

    def __init__(self, rate: float, burst: int, max_senders: int = MAX_SENDERS) -> None:
        if rate <= 0 or burst < 1 or max_senders < 1:
            raise ValueError("rate must be positive, burst and max_senders at least 1")
        self.rate = rate
        self.burst = burst
        self.max_senders = max_senders
        self._buckets: OrderedDict[int, _Bucket] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def check(self, sender_id: int, now: float) -> Verdict:
        """Take one update from this sender at time `now` (seconds, monotonic)."""
        bucket = self._buckets.get(sender_id)
        if bucket is None:
            while len(self._buckets) >= self.max_senders:
                self._buckets.popitem(last=False)
            bucket = self._buckets[sender_id] = _Bucket(tokens=float(self.burst), seen=now)
        else:
            self._buckets.move_to_end(sender_id)
            elapsed = max(0.0, now - bucket.seen)
            bucket.tokens = min(float(self.burst), bucket.tokens + elapsed * self.rate)
            bucket.seen = now
            if bucket.tokens >= self.burst:
                bucket.warned = False
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return Verdict.PASS
        if bucket.warned:
            return Verdict.DROP
        bucket.warned = True
        return Verdict.WARN
