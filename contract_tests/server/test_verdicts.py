"""``zoho-contract``'s verdicts on targets we did not write: a target that stops answering, one
that cannot be reached, one that serves one product only; grouped failures; no upstream tips;
exit status 0/1/2."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from contract_tests import cli
from contract_tests.server.runner import CheckFailure, ContractReport, without_upstream_tips
from contract_tests.server.target import DEFAULT_TOKEN

pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def emulator_process() -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``zoho-emulator serve --port 0`` in its own process (so a test can kill it)."""
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from zoho_emulator.cli import main; sys.exit(main())"]
        + ["serve", "--port", "0", "--log-level", "error"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    assert "listening on" in line, line
    try:
        yield process, line.rsplit(" ", 1)[1].strip()
    finally:
        process.kill()
        process.wait(timeout=10)


def test_a_target_killed_mid_run_ends_the_run_with_one_verdict(emulator_process, capsys):
    process, url = emulator_process
    killed: list[float] = []

    def kill() -> None:
        killed.append(time.monotonic())
        process.kill()

    timer = threading.Timer(4.0, kill)
    timer.start()
    try:
        status = cli.main(["--base-url", url, "--token", DEFAULT_TOKEN, "--max-examples", "5"])
    finally:
        timer.cancel()
    ended = time.monotonic()
    out, err = capsys.readouterr()
    assert killed, "the run ended before the target was killed: make the run longer"
    assert status == 2
    assert "the target stopped answering" in err and "not a contract verdict" in err
    assert "curl -X" in err  # the last case sent, as a command
    assert "bigin against" not in out, "the run went on to the next product"
    # (curl lines left out: a fuzzed body may hold any text, even "--report")
    said = "\n".join(line for line in (out + err).splitlines() if "curl -X" not in line)
    assert "Network Error" not in said and "--report" not in said, out + err
    print(f"stopped {ended - killed[0]:.1f}s after the target was killed")


def test_an_unreachable_target_is_exit_2_before_anything_runs(capsys):
    from contract_tests.server.prism import free_port

    status = cli.main(["--base-url", f"http://127.0.0.1:{free_port()}"])
    err = capsys.readouterr().err
    assert status == 2 and "cannot reach" in err and "--base-url" in err


def test_bad_arguments_are_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--product", "erp"])
    assert exit_.value.code == 2


def test_the_probe_tells_a_served_product_from_an_unserved_one():
    from zoho_emulator.testing import EmulatorServer

    with EmulatorServer() as server:
        assert cli.probe(server.base_url, server.token, "crm")[0] is True
        served, what = cli.probe(server.base_url + "/elsewhere", server.token, "bigin")
        assert served is False and "404" in what


def test_the_missing_extra_is_named(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "schemathesis" else real(name, *a),
    )
    message = cli.missing_extra(need_emulator=True)
    assert message is not None and "zoho-records[contract]" in message
    assert "\n" not in message
    assert cli.main([]) == 2


def test_identical_failures_are_grouped_with_a_count():
    report = ContractReport(product="crm", target="t", seed=1)
    failure = CheckFailure("c", "getRecord", "fuzzing", 500, "Server error", "boom", "curl x")
    report.failures = [failure] * 40 + [
        CheckFailure("c", "getFields", "fuzzing", 500, "Server error", "boom", "curl y")
    ]
    summary = report.summary()
    assert len(summary.splitlines()) == 3
    assert "getRecord -> 500: Server error (x40)" in summary
    assert report.details(limit=5).count("curl x") == 1
    report.failures = [
        CheckFailure("c", f"op{i}", "fuzzing", 500, f"title {i}", "m", "curl") for i in range(45)
    ]
    summary = report.summary().splitlines()
    assert len(summary) == 22 and summary[-1] == (
        "  ... and 25 more distinct failures (--details 45 shows them all)"
    )


def test_upstream_tips_are_not_printed():
    text = (
        "http://x stopped responding.\n\n    curl -X GET http://x/\n\n"
        "Tip: If the server crashed, the request that caused it may be older than these.\n"
        "Record every request sent with `--report=har`."
    )
    cleaned = without_upstream_tips(text)
    assert "--report" not in cleaned and "Tip" not in cleaned and "curl -X GET" in cleaned


def test_the_replay_command_names_the_seed_and_never_the_token():
    args = cli._parser().parse_args(["--base-url", "http://h:1", "--token", "secret"])
    command = cli.replay_command(args, "crm", 42)
    assert (
        command == "zoho-contract --base-url http://h:1 --token YOUR_TOKEN --product crm --seed 42"
    )
    options = {part for part in command.split() if part.startswith("--")}
    known = {opt for action in cli._parser()._actions for opt in action.option_strings}
    assert options <= known


def test_a_target_that_stops_answering_requests_is_stopped_after_a_few_timeouts():
    """Connections are accepted but, after a few answers, never answered: timeouts in a row."""
    import dataclasses
    import json
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from contract_tests.server.runner import run_contract
    from contract_tests.server.target import Target
    from contract_tests.settings import resolve_settings

    answered = []
    release = threading.Event()

    class Hangs(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def _answer(self) -> None:
            if len(answered) >= 5:
                release.wait(30)  # holds the request until the test ends
                return
            answered.append(self.path)
            body = json.dumps(
                {"code": "INVALID_URL_PATTERN", "details": {}, "message": "x", "status": "error"}
            ).encode()
            self.send_response(404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = do_TRACE = _answer  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hangs)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings = dataclasses.replace(
            resolve_settings(profile="local", max_examples=3), request_timeout=0.5
        )
        target = Target(
            name="hangs", token=DEFAULT_TOKEN, base_url=f"http://127.0.0.1:{server.server_port}"
        )
        report = run_contract("crm", target, settings)
    finally:
        release.set()
        server.shutdown()
    assert report.stopped is not None, report.summary()
    assert "did not answer 3 operations in a row" in report.stopped
    assert "curl -X" in report.stopped  # the last request sent
    said = "\n".join(line for line in report.stopped.splitlines() if "curl -X" not in line)
    assert "Network Error" not in said and "--" not in said
    assert not [error for error in report.errors if "Timeout" in error or "timed out" in error]
