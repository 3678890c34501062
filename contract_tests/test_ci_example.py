"""The GitHub Actions example (examples/github-actions/contract-gate.yml) is a valid workflow
(GitHub's workflow schema, shipped inside check-jsonschema: no network), installs the contract
extra, and runs zoho-contract with options it has, JUnit output included."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from contract_tests.cli import _parser

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / "examples" / "github-actions" / "contract-gate.yml"


def _check_jsonschema() -> list[str]:
    found = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("check-jsonschema is not installed: pip install -e '.[dev]' (make setup)")
    return [found]


def test_the_workflow_matches_githubs_workflow_schema():
    result = subprocess.run(
        [*_check_jsonschema(), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_can_fail(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  contract:\n    steps: []\n", encoding="utf-8"
    )  # no runs-on
    result = subprocess.run(
        [*_check_jsonschema(), "--builtin-schema", "vendor.github-workflows", str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr


def test_the_workflow_installs_the_gate_and_runs_it_with_junit_output():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    commands = [step["run"] for step in steps if "run" in step]
    # (from where the user keeps it: zoho-records is not on PyPI yet)
    assert any(
        'pip install "zoho-records[contract] @ $ZOHO_RECORDS_SOURCE"' in command
        for command in commands
    )
    assert workflow["jobs"]["contract"]["env"]["ZOHO_RECORDS_SOURCE"].startswith("git+https://")
    gates = [c for c in commands if c.strip().startswith("zoho-contract")]
    assert len(gates) == 1
    args = shlex.split(gates[0])[1:]
    parsed = _parser().parse_args(args)  # exits 2 on an option zoho-contract does not have
    assert parsed.junit_xml == Path("reports/zoho-contract.xml")
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["path"] == "reports/zoho-contract.xml"
    assert uploads[0]["if"] == "always()"
