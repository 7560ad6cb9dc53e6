"""Text people typed, made safe for the spreadsheets coordinators and organisers open.

Excel and LibreOffice run a cell that starts with `=`, `+`, `-` or `@` as a formula, in a
CSV file as in an XLSX one (openpyxl stores such a string as a formula). A member who
names themselves `=HYPERLINK(...)` must not get a formula run on a coordinator's machine,
so such a text gets a leading apostrophe, as OWASP's advice on CSV injection has it.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: str) -> str:
    """A text cell that no spreadsheet will run: one starting like a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
