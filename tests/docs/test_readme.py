"""The README's commands and code run as written, in order, on a fresh clone.

Every fenced ``sh``/``bash``/``shell`` and ``python`` block of README.md is run, the way
documentation tests do: shell blocks line by line with bash, each Python block on its own in a
fresh interpreter (as a reader would paste it), all in a copy of the repository (the "fresh
clone") with this test's ``.venv`` on PATH and no ``ZOHO_*`` variables, so that nothing can
reach live Zoho. Any non-zero exit fails the test, naming the README line.

``zoho-emulator serve --port N`` starts the emulator in the background on a free port; later
lines and blocks that talk to ``127.0.0.1:N`` (or ``localhost:N``) are pointed at it, so a
quickstart whose token does not match the serve command fails here. A block that cannot run
here (live Zoho, your own server, the whole suite) is preceded by the marker
``<!-- readme-test: skip (reason) -->``; it is reported as skipped with that reason. Blocks in
any other language (or none, e.g. a directory tree) are prose and are not run.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
SHELL = frozenset({"sh", "bash", "shell"})
PYTHON = frozenset({"python", "py"})
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)")
_MARKER = re.compile(r"^<!--\s*readme-test:\s*(?P<directive>.*?)\s*-->$")
_SKIP = re.compile(r"^skip\s*\((?P<reason>[^)]+(?:\([^)]*\)[^)]*)*)\)$")
_LOCAL = re.compile(r"\b(?:127\.0\.0\.1|localhost):(?P<port>\d+)\b")
_SERVE = re.compile(r"^(?:\w+=\S*\s+)*zoho-emulator\s+serve\b")
_SERVE_PORT = re.compile(r"--port[ =](?P<port>\d+)")
TIMEOUT = 300.0


@dataclass
class Block:
    line: int  # README line of the opening fence
    lang: str
    code: str
    skip: str | None = None  # the reason, for a block marked skip

    @property
    def runs(self) -> bool:
        return self.lang in SHELL | PYTHON and self.skip is None


class ReadmeError(ValueError):
    """A marker the test does not understand (so a typo cannot silently skip a block)."""


def parse_blocks(text: str) -> list[Block]:
    """The fenced code blocks of a Markdown text, each with its marker (if the last non-blank
    line before its fence is one)."""
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    previous = ""  # the last non-blank line outside a block
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if opening is None:
            if lines[i].strip():
                previous = lines[i].strip()
            i += 1
            continue
        fence, start = opening.group("fence"), i
        body: list[str] = []
        i += 1
        while i < len(lines) and not lines[i].startswith(fence):
            body.append(lines[i])
            i += 1
        i += 1  # the closing fence
        block = Block(start + 1, opening.group("lang").lower(), "\n".join(body) + "\n")
        marker = _MARKER.match(previous)
        if marker is not None:
            skip = _SKIP.match(marker.group("directive"))
            if skip is None:
                raise ReadmeError(
                    f"README line {start}: unknown marker {previous!r}; write "
                    "<!-- readme-test: skip (the reason) -->"
                )
            block.skip = skip.group("reason").strip()
        blocks.append(block)
        previous = ""
    return blocks


def shell_commands(code: str) -> list[tuple[int, str]]:
    """``(offset, command)`` for each command of a shell block: continuation lines joined,
    blank and comment-only lines left out."""
    out: list[tuple[int, str]] = []
    pending, first = "", 0
    for offset, line in enumerate(code.splitlines()):
        if not pending:
            first = offset
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        command = (pending + line).strip()
        pending = ""
        if command and not command.startswith("#"):
            out.append((first, command))
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Runner:
    """Runs the README's blocks in one fresh clone, keeping the emulators they start."""

    def __init__(self, clone: Path) -> None:
        self.clone = clone
        self.servers: dict[str, tuple[int, subprocess.Popen[bytes], Path]] = {}
        bin_dir = str(Path(sys.executable).parent)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ZOHO_")}
        self.env["PATH"] = bin_dir + os.pathsep + self.env.get("PATH", "")
        self.env.pop("CI", None)

    def point_at_servers(self, text: str, where: str) -> str:
        def swap(m: re.Match[str]) -> str:
            documented = m.group("port")
            if documented not in self.servers:
                pytest.fail(
                    f"{where} talks to {m.group(0)}, but no `zoho-emulator serve --port "
                    f"{documented}` runs before it in the README"
                )
            return m.group(0).replace(documented, str(self.servers[documented][0]))

        return _LOCAL.sub(swap, text)

    def serve(self, command: str, where: str) -> None:
        found = _SERVE_PORT.search(command)
        documented = found.group("port") if found else "8080"
        self.stop(documented)  # a reader stops the previous one first
        port = _free_port()
        if found:
            command = command.replace(found.group(0), f"--port {port}")
        else:
            command += f" --port {port}"
        log = self.clone / f".readme-serve-{documented}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                ["bash", "-c", f"exec {command}"],
                cwd=self.clone,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.servers[documented] = (port, proc, log)
        deadline = time.monotonic() + 30
        while b"listening on" not in log.read_bytes():
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{where}: `{command}` did not start:\n{log.read_text()}")
            time.sleep(0.05)

    def stop(self, documented: str) -> None:
        if documented in self.servers:
            _, proc, _ = self.servers.pop(documented)
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def close(self) -> None:
        for documented in list(self.servers):
            self.stop(documented)

    def check(self, result: subprocess.CompletedProcess[str], where: str, what: str) -> None:
        if result.returncode != 0:
            pytest.fail(
                f"{where}: `{what}` exited with {result.returncode}\n--- stdout\n"
                f"{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}"
            )

    def run_shell(self, block: Block) -> None:
        for offset, command in shell_commands(block.code):
            where = f"README line {block.line + 1 + offset}"
            if _SERVE.match(command):
                self.serve(command, where)
                continue
            command = self.point_at_servers(command, where)
            result = subprocess.run(
                ["bash", "-c", command],
                cwd=self.clone,
                env=self.env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
            )
            self.check(result, where, command)

    def run_python(self, block: Block) -> None:
        where = f"README line {block.line} (python block)"
        code = self.point_at_servers(block.code, where)
        script = self.clone / f".readme-block-{block.line}.py"
        script.write_text(code, encoding="utf-8")
        result = subprocess.run(
            [sys.executable, script.name],
            cwd=self.clone,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        self.check(result, where, "python")


def fresh_clone(tmp_path: Path) -> Path:
    """A copy of the repository without what a clone lacks; .venv is this test's own (its
    install stamp included, so `make` does not reinstall) and node_modules the repo's."""
    clone = tmp_path / "clone"
    shutil.copytree(
        ROOT,
        clone,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "node_modules",
            "*_cache",
            "__pycache__",
            ".hypothesis",
            "reports",
            "*.sqlite",
            "*.db",
            "demo-report.csv",
            ".codegen-*",
        ),  # fmt: skip
    )
    (clone / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    if (ROOT / "node_modules").is_dir():
        (clone / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return clone


BLOCKS = parse_blocks(README.read_text(encoding="utf-8"))


@pytest.mark.timeout(900)
def test_readme_blocks_run_as_written_in_order(tmp_path: Path) -> None:
    runnable = [b for b in BLOCKS if b.runs]
    assert any(b.lang in SHELL for b in runnable) and any(b.lang in PYTHON for b in runnable)
    runner = Runner(fresh_clone(tmp_path))
    try:
        for block in runnable:
            if block.lang in SHELL:
                runner.run_shell(block)
            else:
                runner.run_python(block)
    finally:
        runner.close()


@pytest.mark.parametrize(
    "block",
    [b for b in BLOCKS if b.skip is not None],
    ids=lambda b: f"line-{b.line}",
)
def test_readme_blocks_marked_skip_say_why(block: Block) -> None:
    pytest.skip(f"README line {block.line}: {block.skip}")


# ---- the extraction itself -----------------------------------------------------------------------
def test_blocks_languages_and_markers_are_read() -> None:
    text = (
        "Intro\n\n```sh\necho one\n```\n\n<!-- readme-test: skip (live Zoho (eu)) -->\n"
        "```python\nprint(2)\n```\n\n```\ntree/\n```\n"
    )
    one, two, three = parse_blocks(text)
    assert (one.line, one.lang, one.code, one.skip, one.runs) == (3, "sh", "echo one\n", None, True)
    assert (two.lang, two.skip, two.runs) == ("python", "live Zoho (eu)", False)
    assert (three.lang, three.runs) == ("", False)


def test_a_marker_the_test_does_not_know_is_an_error() -> None:
    with pytest.raises(ReadmeError, match="unknown marker"):
        parse_blocks("<!-- readme-test: skipp (typo) -->\n```sh\nfalse\n```\n")
    with pytest.raises(ReadmeError, match="unknown marker"):
        parse_blocks("<!-- readme-test: skip -->\n```sh\nfalse\n```\n")  # no reason


def test_a_marker_only_applies_to_the_block_right_after_it() -> None:
    text = "<!-- readme-test: skip (x) -->\nSome prose.\n\n```sh\necho\n```\n"
    (block,) = parse_blocks(text)
    assert block.skip is None


def test_shell_commands_join_continuations_and_drop_comments() -> None:
    code = "# a comment\nzoho-records update \\\n    --module Deals   # trailing\n\nls\n"
    assert shell_commands(code) == [
        (1, "zoho-records update      --module Deals   # trailing"),
        (4, "ls"),
    ]
