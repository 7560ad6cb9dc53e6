"""The personnel reserve: the top of the final rating as CSV (UTF-8 with BOM, for Excel) and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from bot.i18n import Translator
from bot.scoring import format_points
from bot.spreadsheets import cell_text
from storage.placings import Leader

COLUMNS = ("place", "name", "district", "city", "points", "username", "phone")


def _header(t: Translator) -> list[str]:
    return [t(f"reserve-col-{column}") for column in COLUMNS]


def _cells(t: Translator, leader: Leader) -> list[object]:
    return [
        leader.place, cell_text(leader.name), cell_text(leader.district), cell_text(leader.city),
        format_points(leader.units),
        f"@{leader.username}" if leader.username else "", leader.phone or "",
    ]


def to_csv(t: Translator, leaders: Sequence[Leader]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_header(t))
    for leader in leaders:
        writer.writerow(_cells(t, leader))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(t: Translator, leaders: Sequence[Leader], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31] or "reserve"
    sheet.append(_header(t))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for leader in leaders:
        cells = _cells(t, leader)
        # Points as a number so the sheet can sort and sum them.
        cells[4] = leader.units / 10
        sheet.append(cells)
    for letter, width in zip("ABCDEFG", (7, 30, 24, 18, 9, 18, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
