"""The input's rows counted while the field metadata is read.

Before anything is sent the command reads the whole input once (``Run.prescan``: how many
rows, whether the file is usable). That is work for the CPU, while the field metadata read
before it is a wait for Zoho (a round trip); ``EarlyCount`` does the first during the second,
in a thread. Its result is used only where it is the same as the prescan's: no report to
resume from (whose rows the prescan checks against the file) and no web-export column mapping
(which the metadata decides); otherwise the prescan reads the file itself, as before. An error
it met (``InputFileError``) is raised where the prescan would have raised it, after the
metadata, header and ``--set`` checks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .reading import read_rows
from .rows import Row

YIELD_EVERY = 32  # rows counted in a thread between two yields of the interpreter


@dataclass(frozen=True, slots=True)
class RowCount:
    rows: int  # rows
    fields: bool  # whether some row names a field other than id
    last_row: int  # the number of the last row


class Cancelled(Exception):
    """The count was no longer needed (an earlier step failed)."""


def count_rows(
    path: Path,
    columns: dict[str, str | None] | None = None,
    cancelled: threading.Event | None = None,
    each: Callable[[Row], None] | None = None,
) -> RowCount:
    """Read ``path`` whole: its rows, whether one names a field, the last row's number;
    ``each`` sees every row (the prescan's checks against a report resumed from)."""
    count, fields, last_row = 0, False, 0
    for row in read_rows(path, require_id=False, columns=columns):
        if each is not None:
            each(row)
        if cancelled is not None:
            if cancelled.is_set():
                raise Cancelled
            if not count % YIELD_EVERY:
                # in a thread beside the metadata read: let it have the interpreter (else
                # each of its steps waits up to the switch interval, 5 ms, for this loop,
                # and the request went out only once the count was done)
                time.sleep(0)
        count += 1
        last_row = row.number
        fields = fields or any(k != "id" for k in row.record)
    return RowCount(count, fields, last_row)


class EarlyCount:
    """``count_rows(path)`` in a daemon thread, started at once."""

    def __init__(self, path: Path) -> None:
        self._cancelled = threading.Event()
        self._result: RowCount | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(path,), name="zoho-records-count", daemon=True
        )
        self._thread.start()

    def _run(self, path: Path) -> None:
        try:
            self._result = count_rows(path, None, self._cancelled)
        except BaseException as exc:  # raised in the main thread by ``result``
            self._error = exc

    def result(self) -> RowCount:
        """Wait for the count; raise what it raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result

    def cancel(self) -> None:
        """Not needed after all: stop reading (at the next row) and wait for the thread."""
        self._cancelled.set()
        self._thread.join()
