"""Text people typed, made safe for the spreadsheets coordinators and organisers open.

Excel and LibreOffice run a cell that starts with `=`, `+`, `-` or `@` as a formula, in a
CSV file as in an XLSX one (openpyxl stores such a string as a formula). A member who
names themselves `=HYPERLINK(...)` must not get a formula run on a coordinator's machine,
so such a text gets a leading apostrophe, as OWASP's advice on CSV injection has it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.formats import moment_text

if TYPE_CHECKING:
    from bot.i18n import Translator
    from storage.meetings import Attendee

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: str) -> str:
    """A text cell that no spreadsheet will run: one starting like a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


ATTENDEE_COLUMNS = ("number", "name", "username", "district", "method", "organiser", "time")


def attendees_csv(people: Sequence[Attendee], tz: ZoneInfo, t: Translator) -> bytes:
    """A meeting's attendees as CSV with a BOM (Excel shows Cyrillic), headers and values in the reader's language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([t(f"attendees-col-{column}") for column in ATTENDEE_COLUMNS])
    for number, person in enumerate(people, start=1):
        organiser = person.confirmed_by_name or (str(person.confirmed_by) if person.confirmed_by else "")
        writer.writerow([
            number, cell_text(person.display_name), f"@{person.username}" if person.username else "",
            cell_text(person.district_name), t(f"mm-method-{person.method}"), cell_text(organiser),
            moment_text(person.checked_in_at, tz),
        ])
    return buffer.getvalue().encode("utf-8-sig")
