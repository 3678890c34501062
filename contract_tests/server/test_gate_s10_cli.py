"""``zoho-contract`` from a new-user audit: a bad ``--junit-xml`` path or ``--max-examples`` is
refused before anything runs (exit 2); an error of the gate's own machinery is no verdict on the
target; an id answered as a JSON number is named as such; the replay command gives the token the
way the user did; hypothesis writes nothing in the working directory; the header comes first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests
from schemathesis.engine import events
from schemathesis.engine.run import PhaseName

from contract_tests import cli
from contract_tests.server.broken import broken
from contract_tests.server.runner import ContractReport, _EventReader, run_contract
from contract_tests.server.target import DEFAULT_TOKEN, Target, target_from_options
from contract_tests.settings import PROFILES, resolve_settings

pytestmark = pytest.mark.timeout(300)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_zoho_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test sets the variables it is about; none comes from the shell running the suite."""
    for name in [name for name in os.environ if name.startswith("ZOHO_")]:
        monkeypatch.delenv(name)


@pytest.fixture
def nothing_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The gate must stop before it starts a target: starting the emulator fails the test."""

    def start(stack: Any) -> Any:
        raise AssertionError("the run started")

    monkeypatch.setattr(cli, "_start_emulator", start)


# -- 1. --junit-xml ---------------------------------------------------------------------------


def test_a_junit_path_that_is_a_directory_is_exit_2_before_the_run(nothing_runs, tmp_path, capsys):
    assert cli.main(["--junit-xml", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"--junit-xml {tmp_path} is a directory" in err
    assert str(tmp_path / "contract.xml") in err  # what to give instead
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_junit_path_that_cannot_be_created_is_exit_2_before_the_run(nothing_runs, capsys):
    assert cli.main(["--junit-xml", "/proc/nope/r.xml"]) == 2
    err = capsys.readouterr().err
    assert "--junit-xml /proc/nope/r.xml: cannot create its directory /proc/nope" in err
    assert "a directory you can write" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_junit_path_in_missing_directories_is_accepted_and_leaves_no_file(tmp_path):
    path = tmp_path / "reports" / "nightly" / "contract.xml"
    assert cli.check_report_path(path) is None
    assert path.parent.is_dir() and not path.exists()
    path.write_text("old report")
    assert cli.check_report_path(path) is None
    assert path.read_text() == "old report"  # an existing report is kept until the run ends


# -- 2. --max-examples and gate errors --------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--max-examples", "0"], "0: examples per operation and phase must be 1 or more"),
        (["--max-examples", "-3"], "-3: examples per operation and phase must be 1 or more"),
        (["--max-examples", "many"], "'many' is not a whole number"),
        (["--details", "-1"], "-1: the number of failures shown in full must be 0 or more"),
    ],
)
def test_a_count_that_is_not_positive_is_refused_by_the_parser(nothing_runs, capsys, argv, said):
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {argv[0]}: {said}" in err, err


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("ZOHO_CONTRACT_MAX_EXAMPLES", "0", "ZOHO_CONTRACT_MAX_EXAMPLES=0: 0 is not a positive"),
        ("ZOHO_CONTRACT_MAX_EXAMPLES", "ten", "ZOHO_CONTRACT_MAX_EXAMPLES=ten: 'ten' is not a"),
        ("ZOHO_CONTRACT_SEED", "abc", "ZOHO_CONTRACT_SEED=abc: 'abc' is not a whole number"),
    ],
)
def test_a_bad_size_in_the_environment_is_exit_2_naming_the_variable(
    nothing_runs, monkeypatch, capsys, name, value, said
):
    monkeypatch.setenv(name, value)
    assert cli.main([]) == 2
    err = capsys.readouterr().err
    assert said in err and "unset it" in err and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1


def test_resolve_settings_refuses_a_max_examples_below_one():
    """The pytest option --contract-max-examples goes through here."""
    with pytest.raises(ValueError, match="give a positive number"):
        resolve_settings(max_examples=0)


def _reader(report: ContractReport) -> _EventReader:
    target = Target(name="t", token=DEFAULT_TOKEN, base_url="http://127.0.0.1:1")
    return _EventReader(report, {}, target, None, None, None, 0.0)


def _error(exc: Exception) -> events.NonFatalError:
    return events.NonFatalError(
        error=exc, phase=PhaseName.FUZZING, label="GET /crm/v8/x", related_to_operation=True
    )


def test_an_error_of_the_gates_machinery_is_a_gate_error_not_an_error_of_the_target():
    report = ContractReport(product="crm", target="t", seed=1)
    reader = _reader(report)
    reader.read(_error(KeyError("a bug in a check")))
    assert report.errors == [] and not report.ok
    assert report.gate_errors[0].startswith("GET /crm/v8/x: KeyError: 'a bug in a check'\n")
    assert "gate error: GET /crm/v8/x: KeyError" in report.summary()
    reader.read(_error(requests.ConnectionError(ConnectionResetError(104, "reset by peer"))))
    assert len(report.errors) == 1 and len(report.gate_errors) == 1


def test_an_exception_inside_an_in_process_target_is_an_error_of_the_target():
    """A target served in-process (ASGI): what it raises is the target's, like a 500."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            raise RuntimeError("the server crashed")

    settings = PROFILES["ci"].with_overrides(max_examples=1, phases=("examples",))
    report = run_contract(
        "bigin", Target(name="crashes", token=DEFAULT_TOKEN, app=app), settings,
        operations=("getFields",),
    )  # fmt: skip
    assert report.gate_errors == [], report.gate_errors
    assert any("the server crashed" in error for error in report.errors), report.summary()


def test_hypothesis_refusing_the_settings_is_a_gate_error():
    """max_examples=0 (no longer accepted by the command line, the environment or
    resolve_settings) made hypothesis raise in every operation: 12 errors counted against a
    correct server, exit 1."""
    from zoho_emulator import EmulatorConfig, create_app

    settings = PROFILES["ci"].with_overrides(max_examples=0, phases=("fuzzing",))
    target = Target(name="emulator", token=DEFAULT_TOKEN, app=create_app(EmulatorConfig()))
    report = run_contract("bigin", target, settings, operations=("getFields", "getRecord"))
    assert report.errors == [] and report.failures == [], report.summary()
    assert len(report.gate_errors) == 2
    assert all(
        "InvalidArgument: max_examples=0 must be at least one" in e for e in report.gate_errors
    )


def _verdict_of(report: ContractReport, capsys: Any) -> tuple[int, str, str]:
    args = cli._parser().parse_args(["--base-url", "http://127.0.0.1:8000"])
    target = target_from_options(args.base_url, None, False)
    report.record_writes = 1
    status = cli._verdict(args, target, PROFILES["local"], [report], [], 1.0, None)
    out, err = capsys.readouterr()
    return status, out, err


def test_a_run_with_gate_errors_only_is_exit_2_naming_the_error(capsys):
    report = ContractReport(product="crm", target="t", seed=1)
    report.gate_errors.append("getFields: InvalidArgument: max_examples=0\nRuntime Error\n...")
    status, out, err = _verdict_of(report, capsys)
    assert status == 2
    assert "the gate itself failed 1 time(s), first: getFields: InvalidArgument" in err
    assert "not a verdict on the target" in err
    assert "gate error: getFields: InvalidArgument: max_examples=0" in out


def test_failures_beside_gate_errors_are_still_exit_1(capsys):
    from contract_tests.server.runner import CheckFailure

    report = ContractReport(product="crm", target="t", seed=1)
    report.gate_errors.append("getFields: KeyError: 'x'")
    report.failures.append(CheckFailure("c", "getFields", "fuzzing", 500, "t", "m", "curl"))
    status, _, err = _verdict_of(report, capsys)
    assert status == 1 and "the failures above stand, but the run is incomplete" in err


# -- 3. an id as a JSON number ----------------------------------------------------------------


def test_an_id_answered_as_a_json_number_is_named_as_such():
    from zoho_emulator import EmulatorConfig, create_app

    app = broken(create_app(EmulatorConfig()), "numeric_record_ids", token=DEFAULT_TOKEN)
    settings = PROFILES["ci"].with_overrides(max_examples=3, phases=("examples",))
    report = run_contract(
        "bigin", Target(name="numeric", token=DEFAULT_TOKEN, app=app), settings,
        operations=("updateRecords",),
    )  # fmt: skip
    messages = [f.message for f in report.failures if f.check == "zoho_one_result_per_record"]
    assert messages, report.summary()
    for failure in report.failures:
        if failure.check != "zoho_one_result_per_record":
            continue
        # the summary's line for it says it all (a headline is cut at 160 characters)
        assert "`details.id` is the JSON number " in failure.headline, failure.headline
        assert "Zoho sends ids as strings" in failure.headline
        assert "lose precision as numbers in JavaScript)" in failure.headline
        assert "but input record" not in failure.message  # read as a contradiction


# -- 4. the replay command --------------------------------------------------------------------


def _replay(argv: list[str]) -> tuple[str, str | None]:
    args = cli._parser().parse_args(argv)
    target = target_from_options(args.base_url, args.token, args.allow_writes)
    settings = resolve_settings(profile=args.profile, max_examples=args.max_examples)
    return cli.replay_command(args, "crm", 7, target, settings), cli.token_note(args, target)


def test_a_token_given_with_the_option_is_replayed_as_a_placeholder(monkeypatch):
    monkeypatch.delenv("ZOHO_ACCESS_TOKEN", raising=False)
    command, note = _replay(["--base-url", "http://127.0.0.1:8000", "--token", "s3cret"])
    assert command == (
        "zoho-contract --base-url http://127.0.0.1:8000 --token YOUR_TOKEN --product crm --seed 7"
    )
    assert note is not None and "YOUR_TOKEN" in note and "--token" in note
    assert "s3cret" not in command + note


def test_a_token_and_sizes_from_the_environment_are_replayed_from_the_environment(monkeypatch):
    monkeypatch.setenv("ZOHO_ACCESS_TOKEN", "s3cret")
    monkeypatch.setenv("ZOHO_BASE_URL", "http://127.0.0.1:8000/")
    monkeypatch.setenv("ZOHO_CONTRACT_PROFILE", "long")
    monkeypatch.setenv("ZOHO_CONTRACT_MAX_EXAMPLES", "40")
    command, note = _replay([])
    assert command == (
        'zoho-contract --base-url http://127.0.0.1:8000 --token "$ZOHO_ACCESS_TOKEN" '
        "--profile long --max-examples 40 --product crm --seed 7"
    )
    assert note is None and "s3cret" not in command


def test_the_emulator_run_is_replayed_without_a_token(monkeypatch):
    monkeypatch.delenv("ZOHO_BASE_URL", raising=False)
    monkeypatch.setenv("ZOHO_ACCESS_TOKEN", "s3cret")
    args = cli._parser().parse_args(["--max-examples", "5"])
    target = Target(name=cli.EMULATOR, token=DEFAULT_TOKEN, base_url="http://127.0.0.1:5")
    command = cli.replay_command(args, "bigin", 3, target, resolve_settings(max_examples=5))
    assert command == "zoho-contract --max-examples 5 --product bigin --seed 3"
    assert cli.token_note(args, target) is None


# -- 5 and 7. a run: the header first, progress, nothing left in the working directory ---------


def test_a_run_says_what_it_does_first_and_leaves_nothing_in_the_working_directory(tmp_path):
    """In its own process: hypothesis picks its home directory once per process."""
    cwd = tmp_path / "project"
    cwd.mkdir()
    report = tmp_path / "out" / "contract.xml"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ZOHO_", "HYPOTHESIS_")) and key != "CI"
    }
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "src")])
    gate = subprocess.run(
        [sys.executable, "-m", "contract_tests.cli", "--product", "bigin"]
        + ["--max-examples", "1", "--junit-xml", str(report)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert gate.returncode == 0, gate.stdout + gate.stderr
    lines = gate.stderr.splitlines()
    assert lines[0].startswith("zoho-contract: target the emulator, started on http://127.0.0.1:")
    assert "(no --base-url given)" in lines[0] and "explicit" not in gate.stderr
    assert "phases examples, coverage, fuzzing, stateful with 1 examples" in lines[0]
    assert "seed 20240115" in lines[0]
    assert lines[1] == "zoho-contract: running bigin"
    notes = [line.strip() for line in lines[2:]]
    for phase in ("examples", "coverage", "fuzzing", "stateful"):
        assert any(note.startswith(f"bigin: {phase} phase (") for note in notes), gate.stderr
    assert notes[-1].startswith("bigin: record lifecycle"), gate.stderr
    assert report.is_file() and "<testsuites" in report.read_text()
    assert list(cwd.iterdir()) == [], "the run wrote into the working directory"


@pytest.mark.parametrize(
    ("argv", "env", "said"),
    [
        (
            ["--base-url", "http://127.0.0.1:8000"],
            None,
            "http://127.0.0.1:8000 (given by --base-url)",
        ),
        ([], "http://127.0.0.1:9000", "http://127.0.0.1:9000 (from ZOHO_BASE_URL)"),
    ],
)
def test_the_header_says_where_the_target_came_from(monkeypatch, argv, env, said):
    if env is None:
        monkeypatch.delenv("ZOHO_BASE_URL", raising=False)
    else:
        monkeypatch.setenv("ZOHO_BASE_URL", env)
    args = cli._parser().parse_args([*argv, "--product", "crm"])
    target = target_from_options(args.base_url, args.token, args.allow_writes)
    assert target is not None
    line = cli.header(args, target, resolve_settings(profile="ci", max_examples=3))
    assert line.startswith(f"zoho-contract: target {said}; crm: phases examples, coverage")
    assert "with 3 examples per operation and phase" in line and "explicit" not in line
    assert line.endswith("profile ci, seed 20240115")


def test_a_token_given_for_the_emulator_is_said_to_be_unused():
    args = cli._parser().parse_args(["--token", "T"])
    target = Target(name=cli.EMULATOR, token=DEFAULT_TOKEN, base_url="http://127.0.0.1:5")
    assert "(no --base-url given, so --token is not used)" in cli.header(
        args, target, resolve_settings(profile="ci")
    )
