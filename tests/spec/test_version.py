"""The published spec's version: ``info.version`` of both bundles is CHANGELOG.md's newest entry.

The rules (README, "The published spec"): semver of the specification; the CHANGELOG says, per
version, what broke, what was added and what was only documented.
"""

from __future__ import annotations

import re

from .conftest import PRODUCTS, ROOT, load_bundle

HEADING = re.compile(r"^## (\d+)\.(\d+)\.(\d+) \((\d{4}-\d{2}-\d{2})\)$", re.M)


def _entries() -> list[tuple[tuple[int, int, int], str]]:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return [((int(a), int(b), int(c)), date) for a, b, c, date in HEADING.findall(text)]


def test_bundles_carry_the_newest_changelog_version() -> None:
    entries = _entries()
    assert entries, "CHANGELOG.md has no '## X.Y.Z (YYYY-MM-DD)' entry"
    newest = ".".join(map(str, entries[0][0]))
    for product in PRODUCTS:
        assert load_bundle(product)["info"]["version"] == newest, (
            f"{product} bundle's info.version is not {newest}, CHANGELOG.md's newest entry: "
            "bump openapi/<product>.yaml's info.version (or add the CHANGELOG entry)"
        )


def test_changelog_versions_descend_and_dates_do_not_rise() -> None:
    entries = _entries()
    versions = [v for v, _ in entries]
    dates = [d for _, d in entries]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
    assert dates == sorted(dates, reverse=True)


def test_license_is_the_mit_licence_pyproject_declares() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "the zoho-records authors" in text
    assert 'license = { text = "MIT" }' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for product in PRODUCTS:
        assert load_bundle(product)["info"]["license"]["identifier"] == "MIT"
