"""A first line that is no header: Excel's separator hint (``sep=,``, which some tools write so
that Excel splits the columns) was told as "no 'id' column", "column 'sep=' is not a field" and
"a header cell is empty", none of which says to delete the line; a UTF-16 file without a byte
order mark (read as UTF-8: a NUL between letters) was told of columns 'i\\x00d\\x00'. Each is
now one line saying what the file is and what to do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from zoho_records.cli import main
from zoho_records.cli.reading import header_problems

from .conftest import deal_ids, request_log

pytestmark = pytest.mark.timeout(120)

SEP = (
    "line 1, 'sep=,', is a separator hint for Excel, not a header: delete that line, so that "
    "the file starts with its header"
)
NUL = (
    "the header holds NUL characters: the file looks like UTF-16 without a byte order mark; "
    "save it as UTF-8 (Excel: 'CSV UTF-8'), or convert it, e.g. iconv -f utf-16le -t utf-8"
)


def problems(columns: list[str]) -> list[str]:
    return header_problems(columns, {"Stage": "picklist"}, require_id=True, module="Deals")


@pytest.mark.parametrize("columns", [["sep=", ""], ["SEP=;"], ["sep=\t"]])
def test_excels_separator_hint_is_named(columns: list[str]) -> None:
    assert problems(columns) == [SEP.replace("'sep=,'", repr(",".join(columns)))]


def test_a_header_with_nul_characters_is_told_as_utf16_without_a_mark() -> None:
    assert problems(["i\x00d\x00", "\x00S\x00t\x00a\x00g\x00e\x00"]) == [NUL]


def test_an_ordinary_header_is_told_as_before() -> None:
    assert problems(["id", "Stage"]) == []
    assert problems(["id", "separator"]) == [
        "column 'separator' is not a field of Deals (use field API names; `zoho-records fields "
        "--module Deals` lists them)"
    ]


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"sep=,\nid,Stage\n{rid},Closed Won\n", SEP),
        ("id,Stage\n{rid},Closed Won\n".encode("utf-16-le"), NUL),
    ],
)
def test_the_run_stops_with_one_line_and_sends_nothing(
    env: Any, tmp_path: Path, capsys: Any, content: bytes, said: str
) -> None:
    rid = deal_ids(1)[0]
    src = tmp_path / "d.csv"
    encoding = "utf-16-le" if b"\x00" in content else "utf-8"
    src.write_bytes(content.decode(encoding).format(rid=rid).encode(encoding))
    argv = ["update", "--module", "Deals", "--file", str(src)]
    assert main([*argv, "--base-url", env.base_url, "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err == f"zoho-records: error: {src}: {said}\n"
    assert not [r for r in request_log(env) if r["op"] == "update"]
