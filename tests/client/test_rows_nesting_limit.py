"""The row model's limits and names: JSON input nests at most ``MAX_NESTING`` (100) levels,
whichever brackets it uses, and the check costs nothing for shallow values however wide; a
number JSON cannot hold is a decode error at the start; a row is named with its line; a
row's digest is 8 bytes of BLAKE2b (reports store it, so it must never change)."""

from __future__ import annotations

import hashlib
import json

import pytest

from zoho_records.cli.rows import MAX_NESTING, NestingError, Row, digest, loads


def nested(depth: int, brackets: str = "[{") -> str:
    """A value ``depth`` levels deep, alternating the given kinds of brackets."""
    text = "1"
    for level in range(depth):
        kind = brackets[level % len(brackets)]
        text = f"[{text}]" if kind == "[" else f'{{"a": {text}}}'
    return text


def test_the_limit_is_100_levels() -> None:
    assert MAX_NESTING == 100


@pytest.mark.parametrize("brackets", ["[", "{", "[{"], ids=["lists", "objects", "both"])
def test_100_levels_are_read_and_101_refused(brackets: str) -> None:
    assert loads(nested(100, brackets)) == json.loads(nested(100, brackets))
    with pytest.raises(NestingError, match="more than 100 levels deep"):
        loads(nested(101, brackets))


def test_a_wide_shallow_value_with_many_brackets_is_fine() -> None:
    text = json.dumps([[{} for _ in range(3)] for _ in range(200)])
    assert loads(text) == json.loads(text)


def test_a_number_json_cannot_hold_is_a_decode_error_at_the_start() -> None:
    with pytest.raises(json.JSONDecodeError) as caught:
        loads("1" * 5000)
    assert caught.value.pos == 0
    assert "a value JSON cannot be read here" in caught.value.msg


def test_a_row_is_named_with_its_line_when_known() -> None:
    assert Row(3, {}, line=7).name == "row 3 (line 7)"
    assert Row(3, {}).name == "row 3"


def test_the_digest_is_8_bytes_of_blake2b() -> None:
    assert digest("id\x1f1") == hashlib.blake2b(b"id\x1f1", digest_size=8).hexdigest()
    assert len(digest("")) == 16


def test_depth_is_measured_exactly_when_the_brackets_are_many() -> None:
    # more than 100 brackets (so the value is walked) but exactly 100 levels: read
    text = f"[{nested(99)}, []]"
    assert loads(text) == json.loads(text)
    with pytest.raises(NestingError):
        loads(f"[{nested(100)}, []]")
