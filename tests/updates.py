"""Moved to tests/support/updates (this name stays only while other branches still import it)."""

import sys

from tests.support import updates

sys.modules[__name__] = updates
