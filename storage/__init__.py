"""All SQL of Vverh lives in this package."""

from storage.db import Database

__all__ = ["Database"]
