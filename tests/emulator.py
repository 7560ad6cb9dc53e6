"""Moved to tests/support/emulator (this name stays only while other branches still import it)."""

import sys

from tests.support import emulator

sys.modules[__name__] = emulator
