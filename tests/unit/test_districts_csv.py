from bot.districts_csv import RowProblem, parse_districts


def test_comma_file_with_bom_parses_every_row() -> None:
    data = "\ufeffcode,name,city\nNSK-1,Округ №1,Новосибирск\nNSK-2,Округ №2,Новосибирск\n".encode()
    rows, errors = parse_districts(data)
    assert errors == []
    assert [(r.code, r.name, r.city) for r in rows] == [
        ("NSK-1", "Округ №1", "Новосибирск"),
        ("NSK-2", "Округ №2", "Новосибирск"),
    ]


def test_excel_semicolon_file_with_columns_in_another_order() -> None:
    data = "city;code;name\r\nОмск;OMS-1;Центральный\r\n\r\n".encode()
    rows, errors = parse_districts(data)
    assert errors == []
    assert rows[0].code == "OMS-1" and rows[0].city == "Омск" and rows[0].name == "Центральный"


def test_every_bad_row_is_reported_with_its_line_number() -> None:
    data = (
        "code,name,city\n"
        "A1,Первый,Томск\n"
        "A2,,Томск\n"          # line 3: empty name
        "A1,Дубль,Томск\n"     # line 4: duplicate code
        "A3,Третий\n"          # line 5: two columns
        "bad code!,Четвёртый,Томск\n"  # line 6
    ).encode()
    rows, errors = parse_districts(data)
    assert rows == []
    assert [(e.line, e.problem) for e in errors] == [
        (3, RowProblem.EMPTY_FIELD),
        (4, RowProblem.DUPLICATE_CODE),
        (5, RowProblem.WRONG_COLUMNS),
        (6, RowProblem.BAD_CODE),
    ]


def test_missing_header_is_refused() -> None:
    rows, errors = parse_districts("A1,Первый,Томск\n".encode())
    assert rows == [] and errors[0].problem == RowProblem.BAD_HEADER and errors[0].line == 1


def test_not_utf8_is_refused_with_the_line() -> None:
    data = "code,name,city\nA1,Первый,Томск\n".encode("cp1251")
    rows, errors = parse_districts(data)
    assert rows == [] and errors[0].problem == RowProblem.NOT_UTF8 and errors[0].line == 2


def test_empty_and_header_only_files_are_refused() -> None:
    assert parse_districts(b"")[1][0].problem == RowProblem.EMPTY_FILE
    assert parse_districts(b"code,name,city\n")[1][0].problem == RowProblem.EMPTY_FILE
