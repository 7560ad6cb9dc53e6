"""Ordered schema migrations, keyed by `PRAGMA user_version`.

Each file `NNNN_name.sql` is migration number NNNN; numbers are contiguous from 1.
"""

from __future__ import annotations

import re
from importlib import resources

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def _load() -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for entry in resources.files(__name__).iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [number for number, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..N without gaps, found {numbers}")
    return found


MIGRATIONS: list[tuple[int, str]] = _load()
