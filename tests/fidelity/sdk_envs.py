"""One virtual environment per Zoho Python SDK, built by the test suite and reused.

Zoho publishes one Python SDK per CRM API version. They cannot share an environment: 2-0 and
2-1 both install the package ``zcrmsdk``, 5-0 … 8-0 all install ``zohocrmsdk``. Each SDK gets
its own venv (made ``--without-pip``: the suite's own pip installs into it), and all of them
share one directory of their common dependencies through a ``.pth`` file, so the big one
(``mysql-connector-python``, imported by every SDK's token-store package) is installed once.

Everything is pinned exactly and installed with ``--no-compile``. The environments live under
``ZOHO_SDK_ENVS`` if set, else ``<the running venv>/zoho-sdk-envs`` (``.venv`` for
``make test``; it survives between runs and goes with ``make clean``), else a directory in the
system temp dir. A finished environment has a ``.complete`` stamp naming what it holds; one
without it (an interrupted build) is rebuilt. Builds take a lock, so parallel test processes
wait for each other instead of racing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Sdk:
    name: str  # the PyPI name
    version: str  # pinned exactly (the newest on PyPI when this was written)
    api_version: str  # the CRM API version it speaks
    driver: str  # the script in drivers/ that runs the scenario with it


SDKS = {
    sdk.name: sdk
    for sdk in (
        Sdk("zohocrmsdk2-0", "6.0.0", "v2", "sdk2_0.py"),
        Sdk("zohocrmsdk2-1", "3.0.0", "v2.1", "sdk2_1.py"),
        Sdk("zohocrmsdk5-0", "2.0.0", "v5", "sdk5_0.py"),
        Sdk("zohocrmsdk6-0", "8.0.0", "v6", "sdk6_0.py"),
        Sdk("zohocrmsdk7-0", "6.0.0", "v7", "sdk7_0.py"),
        Sdk("zohocrmsdk8-0", "7.0.0", "v8", "sdk8_0.py"),
    )
}

#: What the SDKs import (their metadata also asks for setuptools, which none imports), pinned
#: with everything those pull in.
SHARED_DEPENDENCIES = (
    "requests==2.34.2",
    "urllib3==2.8.0",
    "certifi==2026.10.19.post1",
    "charset-normalizer==3.5.3",
    "idna==3.20",
    "python-dateutil==4.0.0",
    "tzdata==2026.6",
    "mysql-connector-python==26.10.0",
)

DRIVERS = Path(__file__).resolve().parent / "drivers"
_PY = f"py{sys.version_info.major}{sys.version_info.minor}"


class SdkEnvError(RuntimeError):
    """An SDK environment could not be built (the message says which step and why)."""


def envs_root() -> Path:
    configured = os.environ.get("ZOHO_SDK_ENVS")
    if configured:
        return Path(configured)
    candidate = Path(sys.prefix) / "zoho-sdk-envs"
    if sys.prefix != sys.base_prefix and os.access(sys.prefix, os.W_OK):
        return candidate
    return Path(tempfile.gettempdir()) / f"zoho-records-sdk-envs-{os.getuid()}"


def _pip(*args: str) -> None:
    cmd = [sys.executable, "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    cmd += ["--no-compile", "--no-input", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SdkEnvError(f"`{' '.join(cmd)}` failed ({proc.returncode}):\n{proc.stderr[-3000:]}")


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as fh:
        if fcntl is not None:
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(fh, fcntl.LOCK_UN)


def _complete(path: Path, stamp: str) -> bool:
    marker = path / ".complete"
    return marker.is_file() and marker.read_text() == stamp


def _build_atomically(path: Path, stamp: str, build: object) -> Path:
    """Run ``build(tmpdir)`` and move the result to ``path``, replacing an unfinished one."""
    if _complete(path, stamp):
        return path
    tmp = path.with_name(f"{path.name}.building-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        build(tmp)  # type: ignore[operator]
        (tmp / ".complete").write_text(stamp)
        shutil.rmtree(path, ignore_errors=True)
        tmp.rename(path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return path


def _deps_dir(root: Path) -> Path:
    digest = hashlib.sha256(f"{_PY}\n{chr(10).join(SHARED_DEPENDENCIES)}".encode()).hexdigest()
    return root / f"deps-{_PY}-{digest[:12]}"


def _venv_dir(root: Path, sdk: Sdk) -> Path:
    return root / f"{sdk.name}-{sdk.version}-{_PY}"


def _prune(root: Path) -> None:
    """Drop what older pins (or interrupted builds) of this Python left behind."""
    keep = {_deps_dir(root).name, *(_venv_dir(root, sdk).name for sdk in SDKS.values())}
    for entry in root.iterdir():
        name = entry.name
        stale = name not in keep and (
            ".building-" in name
            or name.startswith(f"deps-{_PY}-")
            or (name.startswith("zohocrmsdk") and name.endswith(f"-{_PY}"))
        )
        if stale and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)


def _shared_deps(root: Path) -> Path:
    return _build_atomically(
        _deps_dir(root),
        "\n".join(SHARED_DEPENDENCIES),
        lambda tmp: _pip("--no-deps", "--target", str(tmp), *SHARED_DEPENDENCIES),
    )


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _purelib(venv: Path) -> Path:
    scheme_vars = {"base": str(venv), "platbase": str(venv)}
    return Path(sysconfig.get_path("purelib", "venv", vars=scheme_vars))


def sdk_python(name: str) -> Path:
    """The interpreter of the SDK's environment, building the environment when needed."""
    sdk = SDKS[name]
    root = envs_root()
    with _locked(root):
        _prune(root)
        deps = _shared_deps(root)

        def build(tmp: Path) -> None:
            subprocess.run(
                [sys.executable, "-m", "venv", "--without-pip", str(tmp)],
                check=True,
                capture_output=True,
            )
            site = _purelib(tmp)
            if not site.is_dir():
                raise SdkEnvError(f"the new venv has no {site}")
            _pip("--no-deps", "--target", str(site), f"{sdk.name}=={sdk.version}")
            (site / "zoho_sdk_shared_deps.pth").write_text(str(deps) + "\n")

        venv = _venv_dir(root, sdk)
        _build_atomically(venv, f"{sdk.name}=={sdk.version}\n{deps.name}", build)
        python = _venv_python(venv)
        if not python.exists():
            raise SdkEnvError(f"{venv} has no interpreter; delete it to rebuild")
        return python


def sdk_models(name: str) -> dict[str, dict[str, Any]]:
    """The SDK's own description of the JSON it parses (``src/json_details.json``)."""
    python = sdk_python(name)
    root = "zcrmsdk" if name in ("zohocrmsdk2-0", "zohocrmsdk2-1") else "zohocrmsdk"
    path = _purelib(python.parent.parent) / root / "src" / "json_details.json"
    models: dict[str, dict[str, Any]] = json.loads(path.read_text())
    return models
