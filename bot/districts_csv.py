"""Parsing the districts file (`code,name,city`) with every bad row reported by line."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from enum import StrEnum

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FIELD = 120
COLUMNS = ("code", "name", "city")


class RowProblem(StrEnum):
    NOT_UTF8 = "not_utf8"
    EMPTY_FILE = "empty_file"
    TOO_LARGE = "too_large"
    BAD_HEADER = "bad_header"
    WRONG_COLUMNS = "wrong_columns"
    EMPTY_FIELD = "empty_field"
    FIELD_TOO_LONG = "field_too_long"
    BAD_CODE = "bad_code"
    DUPLICATE_CODE = "duplicate_code"
    OUTSIDE_SCOPE = "outside_scope"


@dataclass(frozen=True, slots=True)
class RowError:
    line: int          # 1-based line in the file; 0 for the file as a whole
    problem: RowProblem
    detail: str = ""


@dataclass(frozen=True, slots=True)
class DistrictRow:
    code: str
    name: str
    city: str
    line: int = 0


def parse_districts(data: bytes) -> tuple[list[DistrictRow], list[RowError]]:
    """Rows of a districts CSV, or the errors that make the whole file unacceptable.

    UTF-8 with or without BOM; comma or semicolon (Excel's choice in Russian locales);
    a header row naming code, name and city in any order; blank lines are skipped.
    """
    if len(data) > MAX_FILE_BYTES:
        return [], [RowError(0, RowProblem.TOO_LARGE, f"{len(data)}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [], [RowError(line, RowProblem.NOT_UTF8)]
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        return [], [RowError(0, RowProblem.EMPTY_FILE)]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[DistrictRow] = []
    errors: list[RowError] = []
    order: tuple[int, int, int] | None = None
    seen: dict[str, int] = {}
    try:
        for record in reader:
            line = reader.line_num
            cells = [cell.strip() for cell in record]
            if not any(cells):
                continue
            if order is None:
                header = [cell.lower() for cell in cells]
                if sorted(header) != sorted(COLUMNS):
                    return [], [RowError(line, RowProblem.BAD_HEADER, delimiter.join(cells)[:MAX_FIELD])]
                order = (header.index("code"), header.index("name"), header.index("city"))
                continue
            if len(cells) != len(COLUMNS):
                errors.append(RowError(line, RowProblem.WRONG_COLUMNS, str(len(cells))))
                continue
            code, name, city = (cells[i] for i in order)
            problem = _check(code, name, city)
            if problem is not None:
                errors.append(RowError(line, *problem))
                continue
            if code in seen:
                errors.append(RowError(line, RowProblem.DUPLICATE_CODE, f"{code} (line {seen[code]})"))
                continue
            seen[code] = line
            rows.append(DistrictRow(code, name, city, line))
    except csv.Error as exc:
        errors.append(RowError(reader.line_num, RowProblem.WRONG_COLUMNS, str(exc)))
    if order is None:
        return [], [RowError(0, RowProblem.EMPTY_FILE)]
    if errors:
        return [], errors
    if not rows:
        return [], [RowError(0, RowProblem.EMPTY_FILE)]
    return rows, []


def _check(code: str, name: str, city: str) -> tuple[RowProblem, str] | None:
    for column, value in zip(COLUMNS, (code, name, city), strict=True):
        if not value:
            return RowProblem.EMPTY_FIELD, column
        if len(value) > MAX_FIELD:
            return RowProblem.FIELD_TOO_LONG, column
        if any(ord(ch) < 32 for ch in value):
            return RowProblem.EMPTY_FIELD, column
    if len(code) > 32 or not all(ch.isalnum() or ch in "-_." for ch in code):
        return RowProblem.BAD_CODE, code[:MAX_FIELD]
    return None
