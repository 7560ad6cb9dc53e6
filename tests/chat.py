"""Moved to tests/support/chat (this name stays only while other branches still import it)."""

import sys

from tests.support import chat

sys.modules[__name__] = chat
