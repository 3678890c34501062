"""Bad input is an error message, never a traceback: values nested too deep (the issue's
100,000-deep list) in every reader, and the readers fuzzed with hypothesis."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zoho_records.cli import main
from zoho_records.cli.reading import read_header, read_rows
from zoho_records.cli.rows import MAX_NESTING, InputFileError

DEEP = "[" * 100_000 + "]" * 100_000
ID = "554023000000235011"


def run(emulator: Any, *args: str) -> int:
    return main([*args, "--base-url", emulator.base_url, "--no-progress"])


@pytest.mark.parametrize("dry_run", [False, True])
@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        (
            "d.jsonl",
            f'{{"id": "{ID}", "Stage": "x"}}\n\n{{"id": "{ID}", "Tags": {DEEP}}}\n',
            "line 3",
        ),
        ("d.json", f'[{{"id": "{ID}", "Tags": {DEEP}}}]', "d.json"),
        ("d.json", f'{{"id": "{ID}", "Tags": {DEEP}}}', "d.json"),
        ("d.csv", f'id,Description\n{ID},x\n{ID},"{DEEP}"\n', "line 3, column Description"),
        ("d.jsonl", f'{{"id": "{ID}", "Tags": {"[" * 150 + "]" * 150}}}\n', "line 1"),
    ],
    ids=["jsonl", "json-array", "json-object", "csv-cell", "jsonl-150-levels"],
)
def test_a_value_nested_too_deep_is_an_error_naming_where(
    env,
    tmp_path: Path,
    capsys,
    name: str,
    content: str,
    where: str,
    dry_run: bool,
) -> None:
    src = tmp_path / name
    src.write_text(content)
    args = ["update", "--module", "Deals", "--file", str(src)] + (["--dry-run"] if dry_run else [])
    assert run(env, *args) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert where in err and f"more than {MAX_NESTING} levels deep" in err, err
    assert not any(r.get("op") == "update" for r in env.emulator.backend.request_log)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("d.jsonl", f'{{"id": "{ID}", "Amount": {"7" * 5000}}}\n'),
        ("d.csv", f'id,Tags\n{ID},"[{"7" * 5000}]"\n'),
        ("d.csv", f"id,Amount\n{ID},{'7' * 5000}\n"),
    ],
    ids=["jsonl", "csv-json-cell", "csv-number"],
)
def test_a_number_beyond_pythons_digit_limit_is_a_row_problem(
    env, tmp_path: Path, capsys, name: str, content: str
) -> None:
    """Python reads at most 4,300 digits of an integer (sys.int_info): a longer number in a
    file is a problem of its row, never a ValueError traceback (hypothesis found it)."""
    src = tmp_path / name
    src.write_text(content)
    status = run(env, "update", "--module", "Deals", "--file", str(src), "--dry-run")
    err = capsys.readouterr().err
    assert status in (1, 2), err
    assert "Traceback" not in err, err
    assert "row 1" in err or "line 1" in err, err


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    value: Any = "leaf"
    for _ in range(MAX_NESTING - 2):  # the record and its field make two levels
        value = [value]
    src = tmp_path / "d.jsonl"
    src.write_text(json.dumps({"id": ID, "Tags": value}) + "\n")
    [row] = list(read_rows(src))
    assert not row.problems and row.record["Tags"] == value


def test_a_deep_set_value_is_a_usage_error(env, tmp_path: Path, capsys) -> None:
    src = tmp_path / "ids.csv"
    src.write_text(f"id\n{ID}\n")
    args = ["mass-update", "--module", "Deals", "--file", str(src), "--set", f"Tags={DEEP}"]
    assert run(env, *args, "--no-metadata") == 2
    assert f"--set Tags: a value nests lists or objects more than {MAX_NESTING}" in (
        capsys.readouterr().err
    )


# -- fuzzing -------------------------------------------------------------------------------
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
_pieces = st.sampled_from(
    [
        "[" * 2000,
        "]" * 2000,
        "{" * 1500,
        '"',
        '""',
        ",",
        "\t",
        "\n",
        "\r\n",
        "\x00",
        "\ufeff",
        "NaN",
        "Infinity",
        "9" * 5000,
        "1e999",
        f'{{"id": "{ID}"}}',
        f"id,Stage\n{ID},x\n",
        '{"id": ',
        "\\",
        "\udcff",
    ]
)
_text = st.lists(
    st.one_of(st.text(max_size=30), _pieces, _json_values.map(json.dumps)), max_size=12
).map("".join)
_bytes = st.one_of(
    _text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.binary(max_size=200),
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=_bytes, suffix=st.sampled_from([".csv", ".tsv", ".jsonl", ".json"]))
def test_the_readers_raise_nothing_but_input_file_errors(
    tmp_path: Path, content: bytes, suffix: str
) -> None:
    src = tmp_path / f"fuzz{suffix}"
    src.write_bytes(content)
    types = {"Stage": "picklist", "Amount": "currency", "Tags": "multiselectpicklist"}
    for kwargs in ({}, {"field_types": types, "known_fields": types, "require_id": False}):
        try:
            read_header(src)
            for row in read_rows(src, **kwargs):  # type: ignore[arg-type]
                json.dumps(row.record, default=str)
                [str(p) for p in row.problems]
        except InputFileError as exc:
            assert str(exc)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=_bytes, suffix=st.sampled_from([".csv", ".jsonl", ".json"]))
def test_the_command_line_never_ends_in_a_traceback(
    env,
    tmp_path: Path,
    capsys,
    content: bytes,
    suffix: str,
) -> None:
    src = tmp_path / f"fuzz{suffix}"
    src.write_bytes(content)
    code = run(env, "update", "--module", "Deals", "--file", str(src), "--dry-run")
    assert code in (0, 1, 2)
    assert "Traceback" not in capsys.readouterr().err
