"""``zoho-emulator serve`` with bad input (one error line, exit 2) and encoded slashes in paths."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import zoho_emulator
from zoho_emulator.cli import build_parser, main
from zoho_emulator.exceptions import ZohoError
from zoho_emulator.urls import resolve

from .conftest import Api

DEAL = "554023000000497007"
INVALID_URL_PATTERN = {
    "code": "INVALID_URL_PATTERN",
    "details": {},
    "message": "Please check if the URL trying to access is a correct one",
    "status": "error",
}


# ---- the command line ---------------------------------------------------------------------------


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port on 127.0.0.1 that something else is listening on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    src = str(Path(zoho_emulator.__file__).resolve().parents[1])
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zoho_emulator", "serve", *args],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )


def _one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("zoho-emulator: error: "), err
    assert "Traceback" not in err and "listening" not in err
    return lines[0]


def test_port_in_use(busy_port: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", str(busy_port)]) == 2
    cap = capsys.readouterr()
    line = _one_error_line(cap.err)
    assert f"port {busy_port}" in line and "already in use" in line and "--port 0" in line
    assert cap.out == ""


def test_port_in_use_subprocess(busy_port: int, tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    r = _run_cli("--port", str(busy_port), "--db", str(db))
    assert r.returncode == 2, r.stderr
    assert f"port {busy_port}" in _one_error_line(r.stderr)
    assert not db.exists()  # nothing was written before the port was known to be usable


def test_port_out_of_range(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["serve", "--port", "70000"])
    assert exc.value.code == 2
    assert "invalid port '70000'" in capsys.readouterr().err


BAD_DATASETS = {
    "invalid.yaml": ("crm:\n  org: [1\n", "is not valid YAML"),
    "invalid.json": ('{"crm": ', "is not valid JSON"),
    "list.json": ("[1, 2]", "does not have the expected shape"),
    "product.json": ('{"crm": 5}', "does not have the expected shape"),
    "fields.yaml": ("crm:\n  modules:\n    Leads:\n      fields: 3\n", "expected shape"),
    "binary.yaml": (b"\xff\xfe\x00", "is not UTF-8 text"),
}


@pytest.mark.parametrize("name", sorted(BAD_DATASETS))
def test_bad_dataset_file(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, expected = BAD_DATASETS[name]
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    assert main(["serve", "--port", "0", "--data", str(path)]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert str(path) in line and expected in line


def test_missing_dataset_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    r = _run_cli("--port", "0", "--data", str(path))
    assert r.returncode == 2, r.stderr
    line = _one_error_line(r.stderr)
    assert str(path) in line and "No such file" in line and "--data" in line


@pytest.mark.parametrize("kind", ["missing-dir", "directory", "not-sqlite"])
def test_unusable_db(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if kind == "missing-dir":
        path = tmp_path / "no-such-dir" / "x.sqlite"
    elif kind == "directory":
        path = tmp_path
    else:
        path = tmp_path / "x.sqlite"
        path.write_text("not a database, but long enough to have a header " * 4)
    assert main(["serve", "--port", "0", "--db", str(path)]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert str(path) in line and "--db" in line


def test_unusable_db_subprocess(tmp_path: Path) -> None:
    path = tmp_path / "no-such-dir" / "x.sqlite"
    r = _run_cli("--port", "0", "--db", str(path))
    assert r.returncode == 2, r.stderr
    assert str(path) in _one_error_line(r.stderr)


def test_serve_port_0_announces_the_port_it_listens_on(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "zoho_emulator",
            "serve",
            "--port",
            "0",
            "--db",
            str(tmp_path / "s.db"),
        ],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()  # printed once the server accepts connections
        assert line.startswith("zoho-emulator listening on http://127.0.0.1:"), line
        base = line.split()[-1]
        assert int(base.rsplit(":", 1)[1]) > 0
        r = httpx.get(f"{base}/_emulator/health", timeout=10)
        assert r.status_code == 200 and r.json()["status"] == "ok"
        form = {
            "grant_type": "refresh_token",
            "refresh_token": "emulator-refresh-token",
            "client_id": "emulator-client-id",
            "client_secret": "emulator-client-secret",
        }
        r = httpx.post(f"{base}/oauth/v2/token", data=form, timeout=10)
        assert r.json()["api_domain"] == base  # the port really used, not 0
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl-C: a clean stop
        try:
            proc.wait(timeout=10)
        finally:
            proc.kill()
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.returncode == 0 and "Traceback" not in err


# ---- encoded slashes in paths -------------------------------------------------------------------


def test_resolve_keeps_an_encoded_slash_in_its_segment() -> None:
    assert resolve("PUT", f"/crm/v8/Deals/{DEAL}")[0] == "update_record"
    for raw in (f"/crm/v8/Deals%2F{DEAL}", f"/crm/v8/Deals%2f{DEAL}"):
        with pytest.raises(ZohoError) as exc:
            resolve("PUT", f"/crm/v8/Deals/{DEAL}", raw_path=raw.encode())
        assert exc.value.to_wire() == INVALID_URL_PATTERN and exc.value.status == 404
    # other escapes decode as before, and a %2F in the query string is no part of the path
    assert resolve("GET", f"/crm/v8/Deals/{DEAL}", raw_path=f"/crm/v8/%44eals/{DEAL}".encode())
    assert resolve(
        "GET", f"/crm/v8/Deals/{DEAL}", raw_path=f"/crm/v8/Deals/{DEAL}?x=a%2Fb".encode()
    )


@pytest.mark.parametrize("escape", ["%2F", "%2f"])
def test_encoded_slash_is_not_a_separator(api: Api, escape: str) -> None:
    before = api.record("crm", "Deals", DEAL)
    unknown = api.put("/crm/v8/Deals/a/b/c", {"data": [{"Deal_Name": "Hijacked"}]})
    r = api.put(f"/crm/v8/Deals{escape}{DEAL}", {"data": [{"Deal_Name": "Hijacked"}]})
    assert r.status_code == 404 == unknown.status_code
    assert r.json() == INVALID_URL_PATTERN == unknown.json()
    assert r.headers["content-type"] == unknown.headers["content-type"]
    assert api.record("crm", "Deals", DEAL) == before
    r = api.get(f"/crm/v8/Deals{escape}{DEAL}")
    assert r.status_code == 404 and r.json() == INVALID_URL_PATTERN
    r = api.get(f"/bigin/v2/Pipelines{escape}2034020000000489124/Products")
    assert r.status_code == 404 and r.json() == INVALID_URL_PATTERN
    r = api.get(f"/_emulator{escape}health", token=None)
    assert r.status_code == 404 and r.json() == INVALID_URL_PATTERN


def test_other_escapes_and_query_strings_still_work(api: Api) -> None:
    assert api.get(f"/crm/v8/%44eals/{DEAL}").status_code == 200
    r = api.get("/crm/v8/settings/fields", params={"module": "Deals", "x": "a/b"})
    assert r.status_code == 200, r.text
    r = api.get(f"/crm/v8/Deals/{DEAL}?x=a%2Fb")
    assert r.status_code == 200, r.text
