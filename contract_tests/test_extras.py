"""The version rules of the extras (pyproject.toml), read with packaging's specifiers.

``zoho-records[contract]`` goes into a user's own test environment, beside their pytest and
hypothesis: it takes ranges (each bound one the gate was run with) and pins only schemathesis,
whose internals the gate reads. ``[dev]`` pins the same tools exactly, so that ``make setup``
and CI install one set; pip installs what both lists admit. test_packaging.py installs both
ends: the dev pins, and the contract extra's lower bounds.
"""

from __future__ import annotations

import tomllib
from importlib.metadata import requires, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
SELF = "zoho-records"
README_SECTION = "## Contract tests against another server"


def extra_as_written(name: str) -> list[str]:
    """One extra's requirements as pyproject.toml spells them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    written: list[str] = project["optional-dependencies"][name]
    return written


def extra(name: str) -> dict[str, Requirement]:
    """The requirements of one extra by canonical name, without zoho-records' own extras."""
    requirements = [Requirement(text) for text in extra_as_written(name)]
    return {
        canonicalize_name(req.name): req
        for req in requirements
        if canonicalize_name(req.name) != SELF
    }


def exact_pin(requirement: Requirement) -> Version | None:
    """The version of a ``name==X`` requirement, else ``None``."""
    (*specifiers,) = requirement.specifier
    if len(specifiers) == 1 and specifiers[0].operator == "==" and "*" not in specifiers[0].version:
        return Version(specifiers[0].version)
    return None


def dev_pins() -> dict[str, Version]:
    """Every exact pin of the dev extra (a constraints file of them makes an install repeatable)."""
    return {
        name: pin
        for name, req in extra("dev").items()
        if req.marker is None and (pin := exact_pin(req)) is not None
    }


def lower_bounds(name: str) -> dict[str, Version]:
    """The lowest version each requirement of an extra admits (``==X`` or ``>=X``)."""
    bounds: dict[str, Version] = {}
    for package, req in extra(name).items():
        lows = [Version(s.version) for s in req.specifier if s.operator in ("==", ">=")]
        assert lows, f"[{name}] {req}: give it a lower bound (>=X), one the gate was run with"
        bounds[package] = max(lows)
    return bounds


def test_the_contract_extra_admits_a_users_older_test_tools() -> None:
    contract = extra("contract")
    # a user's pytest 8 (its last release) and a hypothesis older than our pin install beside it
    assert Version("8.4.2") in contract["pytest"].specifier, contract["pytest"]
    assert Version("6.140.0") in contract["hypothesis"].specifier, contract["hypothesis"]
    # ... and the next major release of each, untried, does not
    for package, next_major in (("pytest", "10.0"), ("hypothesis", "7.0")):
        assert Version(next_major) not in contract[package].specifier, contract[package]
    # respx checks the project's generated client, not a user's server: not the gate's
    assert "respx" not in contract and "respx" in dev_pins()


def test_schemathesis_is_pinned_exactly() -> None:
    # The gate reads schemathesis' engine events and check context: 4.32.0 runs the gate with
    # "'CheckContext' object has no attribute 'internals'" gate errors.
    assert exact_pin(extra("contract")["schemathesis"]) is not None


def test_the_dev_extra_pins_each_contract_tool_within_the_contract_range() -> None:
    pins = dev_pins()
    for package, req in extra("contract").items():
        assert package in pins, f"[dev] should pin {package} exactly (CI installs one version)"
        assert pins[package] in req.specifier, f"[dev] {package}=={pins[package]} vs {req}"


def test_the_contract_lower_bounds_are_ones_schemathesis_admits() -> None:
    contract = extra("contract")
    pinned = exact_pin(contract["schemathesis"])
    assert pinned == Version(version("schemathesis")), "make setup: .venv has another schemathesis"
    own = {
        canonicalize_name(req.name): req
        for req in map(Requirement, requires("schemathesis") or [])
        if req.marker is None
    }
    bounds = lower_bounds("contract")
    for package in ("hypothesis", "pytest"):
        assert bounds[package] in own[package].specifier, (
            f"[contract] {contract[package]}: schemathesis {pinned} needs {own[package]}"
        )


def test_the_readme_states_what_the_contract_extra_accepts() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(README_SECTION, 1)[1].split("\n## ", 1)[0]
    for text in extra_as_written("contract"):
        if canonicalize_name(Requirement(text).name) != SELF:
            assert f"`{text}`" in section, f"README ({README_SECTION[3:]}) should name `{text}`"
