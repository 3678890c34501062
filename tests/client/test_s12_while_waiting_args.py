"""``while_waiting(fh.flush())`` (flush called, its None handed over, a one-character slip)
was taken: the stream then never called anything, and the report was not flushed while the
run waited, with nothing said; ``while_waiting(5)`` failed only once a stream waited, with
"'int' object is not callable" out of the stream. Both are refused when the block opens."""

from __future__ import annotations

import io
from typing import Any

import pytest

import zoho_records


@pytest.mark.parametrize("callback", [None, 5, "flush"])
def test_a_callback_that_cannot_be_called_is_refused_at_once(callback: Any) -> None:
    with pytest.raises(TypeError) as caught:
        with zoho_records.while_waiting(callback):
            pytest.fail("the block must not run")
    assert str(caught.value).startswith(
        "while_waiting takes a function to call, e.g. fh.flush (not fh.flush()), got "
        f"{type(callback).__name__} {callback!r}"
    )


def test_a_bound_method_is_taken() -> None:
    fh = io.StringIO()
    with zoho_records.while_waiting(fh.flush):
        pass
