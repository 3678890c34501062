"""The progress line and the report files."""

from __future__ import annotations

import io
from pathlib import Path

from zoho_records.cli.progress import Progress
from zoho_records.cli.report import ReportWriter, read_done_rows


def test_progress_line_without_a_terminal() -> None:
    out = io.StringIO()
    progress = Progress(200, label="update Deals", stream=out, interval=0)
    progress.advance(100, errors=3)
    progress.advance(50, skipped=50)
    progress.finish()
    lines = out.getvalue().splitlines()
    assert lines[-1].startswith("update Deals: 150/200 rows (75%) | 3 errors | 50 skipped | ")
    assert "rows/s" in lines[-1] and "\r" not in out.getvalue()


def test_disabled_progress_prints_nothing() -> None:
    out = io.StringIO()
    progress = Progress(10, stream=out, enabled=False)
    progress.advance(10)
    progress.finish()
    assert out.getvalue() == ""


def test_report_round_trip_csv_and_jsonl(tmp_path: Path) -> None:
    for name in ("r.csv", "r.jsonl"):
        path = tmp_path / name
        with ReportWriter(path) as report:
            report.write(1, "success", "SUCCESS", "record updated", "1")
            report.write(2, "error", "INVALID_DATA", "the id given, seems to be invalid", "2")
            report.write(3, "skipped", "ALREADY_DONE", "done in an earlier run", None)
        with ReportWriter(path, append=True) as report:
            report.write(2, "success", "SUCCESS", "record updated", "2")
        assert read_done_rows(path) == {1, 2, 3}
        if name.endswith(".csv"):
            assert path.read_text().count("row,outcome") == 1  # no second header on append


def test_a_line_cut_short_by_a_crash_is_run_again(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(
        '{"row": 1, "outcome": "success", "code": "SUCCESS", "message": "", "record_id": "1"}\n{"row": 2, "outc'
    )
    assert read_done_rows(path) == {1}
