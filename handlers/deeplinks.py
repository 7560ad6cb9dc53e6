"""QR deep links (cards and meetings), tried before everything else so organisers need not be members."""

from __future__ import annotations

from aiogram import Router

router = Router(name=__name__)
