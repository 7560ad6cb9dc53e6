"""Moved to tests/support/outbox (this name stays only while other branches still import it)."""

import sys

from tests.support import outbox

sys.modules[__name__] = outbox
