"""The SDK environments' cache: reused when finished, rebuilt when not, never half-built."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import sdk_envs


def test_a_finished_environment_is_reused(tmp_path: Path) -> None:
    calls: list[Path] = []
    target = tmp_path / "env"
    for _ in range(2):
        sdk_envs._build_atomically(target, "pins", lambda tmp: (calls.append(tmp), tmp.mkdir()))
    assert len(calls) == 1 and (target / ".complete").read_text() == "pins"


def test_an_unfinished_or_differently_pinned_environment_is_rebuilt(tmp_path: Path) -> None:
    target = tmp_path / "env"
    target.mkdir()
    (target / "leftover").write_text("from an interrupted build")

    def build(tmp: Path) -> None:
        tmp.mkdir()
        (tmp / "new").write_text("x")

    sdk_envs._build_atomically(target, "pins 1", build)
    assert sorted(p.name for p in target.iterdir()) == [".complete", "new"]
    (target / "new").unlink()
    sdk_envs._build_atomically(target, "pins 2", build)
    assert (target / "new").exists() and (target / ".complete").read_text() == "pins 2"


def test_a_failed_build_leaves_nothing_behind(tmp_path: Path) -> None:
    def build(tmp: Path) -> None:
        tmp.mkdir()
        raise sdk_envs.SdkEnvError("pip failed")

    with pytest.raises(sdk_envs.SdkEnvError, match="pip failed"):
        sdk_envs._build_atomically(tmp_path / "env", "pins", build)
    assert list(tmp_path.iterdir()) == []


def test_stale_environments_of_this_python_are_pruned(tmp_path: Path) -> None:
    py = sdk_envs._PY
    keep = [sdk_envs._venv_dir(tmp_path, sdk) for sdk in sdk_envs.SDKS.values()]
    stale = [
        tmp_path / f"zohocrmsdk8-0-1.0.0-{py}",
        tmp_path / f"deps-{py}-0000",
        tmp_path / "a.building-9",
    ]
    other_python = tmp_path / "zohocrmsdk8-0-1.0.0-py399"
    for d in [*keep, *stale, other_python]:
        d.mkdir()
    sdk_envs._prune(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [d.name for d in keep] + [other_python.name]
    )


def test_every_sdk_is_pinned_exactly_and_has_a_driver() -> None:
    for sdk in sdk_envs.SDKS.values():
        assert sdk.version.count(".") == 2 and (sdk_envs.DRIVERS / sdk.driver).is_file()
    assert all("==" in pin for pin in sdk_envs.SHARED_DEPENDENCIES)
