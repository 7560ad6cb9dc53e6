"""Moved to tests/support/session (this name stays only while other branches still import it)."""

import sys

from tests.support import session

sys.modules[__name__] = session
