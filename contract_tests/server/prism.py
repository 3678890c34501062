"""Stoplight Prism (pinned in package.json): a third-party server for the contract tests.

``PrismServer`` starts ``prism mock BUNDLE`` or ``prism proxy BUNDLE UPSTREAM --errors`` on a
free port of 127.0.0.1, waits for Prism to say it is listening, and stops it (its whole process
group) on exit. Prism's log goes to a file (``log_path``), never to a pipe that could fill up.

One thing stands between Prism and our bundles, handled here in one place:

- ``HEADER_FIX``: Prism 5.14.2 dies on a request whose violations name a character beyond
  Latin-1 (see ``prism/sl_violations_header_fix.js``). ``fix_violations_header=False`` runs
  Prism as it is.

(Prism used to need a copy of the bundle without the ``zohoOAuth2`` requirement, which it read
as a second, ``Bearer`` credential; since spec 2.1.0 the header scheme is the only requirement
and the scopes are in ``x-zoho-oauth-scopes``, so Prism serves the published bundle as it is.)
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

from contract_tests.server.bundle import REPO_ROOT, Product, load_bundle

PRISM = REPO_ROOT / "node_modules" / ".bin" / "prism"
HEADER_FIX = Path(__file__).resolve().parent / "prism" / "sl_violations_header_fix.js"
READY = "Prism is listening on"
START_TIMEOUT = 90.0


def prism_available() -> bool:
    return PRISM.is_file() and shutil.which("node") is not None


def served_bundle(product: Product, directory: Path) -> Path:
    """The published bundle of ``product`` as Prism is given it: unchanged (a JSON copy)."""
    path = directory / f"{product}.prism.json"
    path.write_text(json.dumps(load_bundle(product)), encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PrismServer:
    """``with PrismServer("mock", bundle, log_path) as prism: prism.base_url``."""

    def __init__(
        self,
        mode: str,
        bundle: Path,
        log_path: Path,
        *,
        upstream: str | None = None,
        fix_violations_header: bool = True,
    ) -> None:
        self.mode = mode
        self.bundle = bundle
        self.log_path = log_path
        self.upstream = upstream
        self.fix_violations_header = fix_violations_header
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def __enter__(self) -> PrismServer:
        for _attempt in range(3):  # a free port can be taken between the probe and Prism
            self.port = free_port()
            if self._start():
                return self
        raise RuntimeError(f"Prism did not start; its log:\n{self.log()[-3000:]}")

    def _start(self) -> bool:
        command = [str(PRISM), self.mode, str(self.bundle)]
        if self.upstream is not None:
            command.append(self.upstream)
        command += ["-p", str(self.port), "-h", "127.0.0.1"]
        if self.mode == "proxy":
            command.append("--errors")
        env = dict(os.environ)
        if self.fix_violations_header:
            env["NODE_OPTIONS"] = f"--require {HEADER_FIX}"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=REPO_ROOT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if READY in self.log():
                return True
            if self.process.poll() is not None:
                return False
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Prism did not start in {START_TIMEOUT:.0f}s:\n{self.log()[-3000:]}")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            except ProcessLookupError:
                pass
        else:
            try:  # Prism exited; anything it left in its group goes too
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
