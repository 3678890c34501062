"""What the other-language tests share: the bundles, the pinned node tools, and how a missing
system tool is met (skipped locally, a failure under CI)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "openapi" / "dist"
BIN = ROOT / "node_modules" / ".bin"


def need(tool: str, install: str) -> str:
    """The path of a system tool (java, node); without it the test skips, or fails under CI."""
    path = shutil.which(tool)
    if path is None:
        reason = f"{tool} is not installed: {install}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def node_tool(name: str) -> Path:
    """A tool of package.json's (tsc, openapi-typescript) in node_modules/.bin."""
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make setup` (npm ci installs it from package.json)")
    return path
