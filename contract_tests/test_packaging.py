"""Packaging by use, proven on the built wheel in a fresh virtual environment.

The wheel is built once per session. One environment (no system site-packages) takes the
extras one after another, as a user would: the plain install first (the SDK and the client
alone: ``import starlette`` fails, and each server command names the extra it needs in one line,
exit 2), then ``[emulator]`` (``zoho-emulator serve --port 0`` starts), then ``[contract]`` (a
short ``zoho-contract`` run against the emulator passes). pip resolves every dependency, from
its cache when it can, under a constraints file of the dev extra's pins: the contract extra's
ranges install the versions CI uses. A second environment installs ``[contract]`` at the lowest
versions it admits (a user's older pytest and hypothesis), and the gate runs there too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.version import Version

from contract_tests.test_extras import dev_pins, extra, lower_bounds

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(600)]


def run(
    command: list[str], *, cwd: Path, timeout: float = 300, check: bool = True
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(command)} exited {result.returncode}\n{result.stdout[-3000:]}\n"
            f"{result.stderr[-3000:]}"
        )
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        cwd=out,
    )
    (built,) = out.glob("zoho_records-*.whl")
    return built


def test_the_wheel_ships_the_gate_and_not_its_tests(wheel: Path) -> None:
    # an installed `contract_tests` with test files in it would be collected by a user's pytest
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    shipped = {n for n in names if n.startswith("contract_tests/")}
    assert "contract_tests/server/runner.py" in shipped and "contract_tests/cli.py" in shipped
    tests = [
        n for n in shipped if Path(n).name.startswith("test_") or Path(n).name == "conftest.py"
    ]
    assert tests == []


class Env:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.bin = path / "bin"

    def pip_install(self, requirement: str, constraints: Path) -> None:
        run(
            [str(self.bin / "python"), "-m", "pip", "install", "--quiet"]
            + ["--constraint", str(constraints), requirement],
            cwd=self.path,
        )

    def versions(self, packages: list[str]) -> dict[str, Version]:
        code = "import sys, importlib.metadata as m; print(*(m.version(p) for p in sys.argv[1:]))"
        out = run([str(self.bin / "python"), "-c", code, *packages], cwd=self.path).stdout
        return dict(zip(packages, map(Version, out.split()), strict=True))

    def python(self, code: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return run([str(self.bin / "python"), "-c", code], cwd=self.path, check=check)

    def command(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return run(
            [str(self.bin / args[0]), *args[1:]], cwd=self.path, timeout=timeout, check=False
        )


def constraints_file(directory: Path, versions: dict[str, Version]) -> Path:
    path = directory / "constraints.txt"
    path.write_text("".join(f"{name}=={v}\n" for name, v in versions.items()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def dev_constraints(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return constraints_file(tmp_path_factory.mktemp("constraints"), dev_pins())


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    path = tmp_path_factory.mktemp("venv")
    venv.create(path, with_pip=True, system_site_packages=False)
    yield Env(path)


def one_line_naming(result: subprocess.CompletedProcess[str], extra: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"zoho-records[{extra}]" in lines[0], lines[0]
    assert "Traceback" not in result.stderr


def test_each_extra_installs_and_its_commands_run(
    wheel: Path, env: Env, dev_constraints: Path
) -> None:
    # the plain install: the SDK and the client alone
    env.pip_install(str(wheel), dev_constraints)
    env.python("import zoho_records, zoho_crm_client, zoho_bigin_models; zoho_records.ZohoClient")
    for server_module in ("starlette", "uvicorn", "schemathesis", "orjson", "yaml"):
        missing = env.python(f"import {server_module}", check=False)
        assert missing.returncode != 0 and "ModuleNotFoundError" in missing.stderr, server_module
    one_line_naming(env.command("zoho-emulator", "serve", "--port", "0"), "emulator")
    one_line_naming(env.command("zoho-contract"), "contract")
    csv = env.path / "deals.csv"
    csv.write_text("id,Stage\n3652397000003852095,Closed Won\n", encoding="utf-8")
    records = env.command("zoho-records", "update", "--module", "Deals", "--file", str(csv))
    assert records.returncode == 2 and "zoho-records[emulator]" in records.stderr, records.stderr
    assert "Traceback" not in records.stderr

    # [emulator]: the emulator and its server stack
    env.pip_install(f"{wheel}[emulator]", dev_constraints)
    env.python("import starlette, uvicorn, zoho_emulator; zoho_emulator.create_app")
    assert env.python("import schemathesis", check=False).returncode != 0
    serve = subprocess.Popen(
        [str(env.bin / "zoho-emulator"), "serve", "--port", "0"],
        cwd=env.path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert serve.stderr is not None
        line = serve.stderr.readline()
        assert "listening on http://127.0.0.1:" in line, line + serve.stderr.read()
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    one_line_naming(env.command("zoho-contract"), "contract")
    assert (
        env.command("zoho-records", "update", "--module", "Deals", "--file", str(csv)).returncode
        == 0
    )

    # [contract]: the gate, with the emulator as its default target
    env.pip_install(f"{wheel}[contract]", dev_constraints)
    tools = sorted(extra("contract"))
    pins = dev_pins()
    assert env.versions(tools) == {name: pins[name] for name in tools}
    gate = env.command("zoho-contract", "--product", "crm", "--max-examples", "2", timeout=400)
    assert gate.returncode == 0, gate.stdout + gate.stderr
    assert "crm against emulator" in gate.stdout and "seed 20240115" in gate.stdout


def test_the_contract_extra_runs_at_its_lowest_versions(
    wheel: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A user's environment with the oldest test tools the extra admits (pytest 8.4, ...)."""
    lowest = lower_bounds("contract")
    path = tmp_path_factory.mktemp("venv-lowest")
    venv.create(path, with_pip=True, system_site_packages=False)
    env = Env(path)
    env.pip_install(f"{wheel}[contract]", constraints_file(path, lowest))
    assert env.versions(sorted(lowest)) == lowest
    work = path / "work"
    work.mkdir()
    gate = run(
        [str(env.bin / "zoho-contract"), "--product", "crm", "--max-examples", "2"],
        cwd=work,
        timeout=400,
        check=False,
    )
    assert gate.returncode == 0, gate.stdout + gate.stderr
    assert "crm against emulator" in gate.stdout and "0 failures" in gate.stdout, gate.stdout
    assert list(work.iterdir()) == []  # hypothesis' files went to a temporary directory
