"""Input files in UTF-16 or UTF-32 (a byte order mark says so; Excel's "Unicode Text" export is
UTF-16 and tab-separated) are read as they are: it used to say "byte 0xff is not UTF-8 ...
iconv -f latin1 -t utf-8", advice that garbles such a file."""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

import pytest

from zoho_records.cli import main

from .conftest import deal_ids, emulator_records, request_log

pytestmark = pytest.mark.timeout(180)


def target(emulator: Any) -> list[str]:
    return ["--base-url", emulator.base_url, "--no-progress", "--max-retries", "0"]


def rows_text(sep: str = ",", end: str = "\n") -> tuple[str, list[str]]:
    ids = deal_ids(2)
    text = f"id{sep}Next_Step{sep}Amount{end}{ids[0]}{sep}Rendez-vous à Zürich{sep}12{end}"
    text += f"{ids[1]}{sep}日本語のメモ{sep}13{end}"
    return text, ids


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf-16-le", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le")),
        ("utf-16-be", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be")),
        ("utf-32-le", lambda t: codecs.BOM_UTF32_LE + t.encode("utf-32-le")),
        ("utf-32-be", lambda t: codecs.BOM_UTF32_BE + t.encode("utf-32-be")),
    ],
)
def test_a_csv_file_with_a_utf16_or_utf32_byte_order_mark_is_read_as_it_is(
    env, tmp_path: Path, capsys, name: str, encode: Any
) -> None:
    text, ids = rows_text()
    src = tmp_path / "d.csv"
    src.write_bytes(encode(text))
    code = main(["update", "--module", "Deals", "--file", str(src), *target(env)])
    assert code == 0, capsys.readouterr().err
    records = emulator_records(env, "crm", "Deals")
    assert records[ids[0]]["Next_Step"] == "Rendez-vous à Zürich"
    assert records[ids[0]]["Amount"] == 12
    assert records[ids[1]]["Next_Step"] == "日本語のメモ"


def test_excels_unicode_text_export_is_read(env, tmp_path: Path, capsys) -> None:
    """Excel's "Unicode Text": UTF-16 little-endian with its mark, tabs, CRLF, a .txt name."""
    text, ids = rows_text("\t", "\r\n")
    src = tmp_path / "deals.txt"
    src.write_bytes(text.encode("utf-16"))  # the mark, in this machine's byte order
    code = main(["update", "--module", "Deals", "--file", str(src), *target(env)])
    assert code == 0, capsys.readouterr().err
    records = emulator_records(env, "crm", "Deals")
    assert records[ids[0]]["Next_Step"] == "Rendez-vous à Zürich"
    assert records[ids[1]]["Amount"] == 13


def test_a_utf16_file_names_the_lines_of_its_rows(env, tmp_path: Path, capsys) -> None:
    ids = deal_ids(2)
    src = tmp_path / "d.csv"
    src.write_bytes(f"id,Amount\r\n{ids[0]},12\r\n\r\n{ids[1]},lots\r\n".encode("utf-16"))
    code = main(["update", "--module", "Deals", "--file", str(src), "--dry-run", *target(env)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "row 3 (line 4), column Amount: 'lots' is not a number" in err


def test_json_lines_in_utf16_are_read(env, tmp_path: Path, capsys) -> None:
    rid = deal_ids(1)[0]
    src = tmp_path / "d.jsonl"
    src.write_bytes((json.dumps({"id": rid, "Next_Step": "Überprüfen"}) + "\n").encode("utf-16"))
    code = main(["update", "--module", "Deals", "--file", str(src), *target(env)])
    assert code == 0, capsys.readouterr().err
    assert emulator_records(env, "crm", "Deals")[rid]["Next_Step"] == "Überprüfen"


def test_a_broken_utf16_file_says_where_and_how_to_convert_it(env, tmp_path: Path, capsys) -> None:
    ids = deal_ids(2)
    good = f"id,Next_Step\n{ids[0]},a\n".encode("utf-16-le")
    broken = f"{ids[1]},".encode("utf-16-le") + b"\x00\xd8" + "b\n".encode("utf-16-le")
    src = tmp_path / "d.csv"
    src.write_bytes(codecs.BOM_UTF16_LE + good + broken)  # a lone surrogate on line 3
    code = main(["update", "--module", "Deals", "--file", str(src), *target(env)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"{src}, line 3: not UTF-16 text" in err
    assert "e.g. iconv -f utf-16 -t utf-8" in err and "latin1" not in err
    assert not [r for r in request_log(env) if r["op"] == "update"]


def test_a_file_that_is_not_utf8_without_a_mark_still_gets_the_latin1_advice(
    env, tmp_path: Path, capsys
) -> None:
    src = tmp_path / "d.csv"
    src.write_bytes(f"id,Next_Step\n{deal_ids(1)[0]},Z\xfcrich\n".encode("latin-1"))
    assert main(["update", "--module", "Deals", "--file", str(src), *target(env)]) == 2
    assert "is not UTF-8 text" in capsys.readouterr().err


def test_a_txt_file_with_commas_stays_comma_separated(env, tmp_path: Path, capsys) -> None:
    rid = deal_ids(1)[0]
    src = tmp_path / "d.txt"
    src.write_text(f"id,Next_Step\n{rid},tab\there\n")
    code = main(["update", "--module", "Deals", "--file", str(src), *target(env)])
    assert code == 0, capsys.readouterr().err
    assert emulator_records(env, "crm", "Deals")[rid]["Next_Step"] == "tab\there"
