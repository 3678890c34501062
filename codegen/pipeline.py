"""Spec -> bundles -> generated packages, all-or-nothing.

Order of work for ``python -m codegen``:

1. bundle and validate every spec (a :class:`SpecError` stops here: nothing written anywhere);
2. in a fresh work directory next to ``generated/``: write the bundles, run the four generator
   jobs in parallel, add ``py.typed``;
3. only when all of that succeeded, swap each package into ``generated/`` (one directory
   rename each) and replace the files of ``openapi/dist/``.

``--check`` does 1 and 2 in a system temp dir and compares file by file instead of 3.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import filecmp
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from codegen import generators, wire_facts
from codegen.bundle import build_bundles, write_bundles

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Layout:
    """Where sources are read and outputs written, relative to one root."""

    root: Path

    @property
    def openapi_dir(self) -> Path:
        return self.root / "openapi"

    @property
    def dist_dir(self) -> Path:
        return self.openapi_dir / "dist"

    @property
    def generated_dir(self) -> Path:
        return self.root / "generated"


@dataclass(frozen=True)
class Drift:
    """How a committed tree differs from what the specs produce (paths relative to root)."""

    differ: list[str]
    missing: list[str]
    extra: list[str]

    def __bool__(self) -> bool:
        return bool(self.differ or self.missing or self.extra)

    def lines(self) -> list[str]:
        return (
            [f"differs: {p}" for p in self.differ]
            + [f"missing: {p}" for p in self.missing]
            + [f"extra:   {p}" for p in self.extra]
        )


@contextmanager
def _workdir(parent: Path | None) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=".codegen-", dir=parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _render_dist(layout: Layout, work: Path) -> Path:
    """Bundle + validate (may raise SpecError) and write the bundles under ``work/dist``, and
    the wire facts read from them under ``work/facts`` (may raise SpecError too)."""
    bundles = build_bundles(layout.openapi_dir)
    dist = work / "dist"
    write_bundles(bundles, dist)
    wire_facts.write_package(bundles, work / "facts")
    return dist


def _packages() -> list[str]:
    """Every package under ``generated/``: the generators' four and the wire facts."""
    return [*generators.all_packages(), wire_facts.PACKAGE]


def _render_all(layout: Layout, work: Path) -> tuple[Path, Path]:
    """Everything the specs produce, under ``work``; returns (dist dir, generated dir)."""
    dist = _render_dist(layout, work)
    # Both generators' ruff runs look upwards from their cwd for a config: this is the one.
    shutil.copyfile(generators.RUFF_CONFIG, work / "ruff.toml")
    out = work / "generated"
    out.mkdir()
    jobs = [
        job
        for product in generators.PRODUCTS
        for job in generators.jobs_for(product, dist / f"{product}.openapi.json", out)
    ]
    generators.run_jobs(jobs)
    for name in generators.all_packages():
        generators.finish_package(out / name)
    os.rename(work / "facts" / wire_facts.PACKAGE, out / wire_facts.PACKAGE)
    return dist, out


def _files(base: Path) -> set[str]:
    if not base.is_dir():
        return set()
    return {
        p.relative_to(base).as_posix()
        for p in base.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def _compare(expected: Path, actual: Path, label: str) -> Drift:
    want, have = _files(expected), _files(actual)
    differ = sorted(
        f"{label}/{f}"
        for f in want & have
        if not filecmp.cmp(expected / f, actual / f, shallow=False)
    )
    return Drift(
        differ=differ,
        missing=sorted(f"{label}/{f}" for f in want - have),
        extra=sorted(f"{label}/{f}" for f in have - want),
    )


def _merge(drifts: list[Drift]) -> Drift:
    return Drift(
        differ=[p for d in drifts for p in d.differ],
        missing=[p for d in drifts for p in d.missing],
        extra=[p for d in drifts for p in d.extra],
    )


def check(layout: Layout, *, bundles_only: bool = False) -> Drift:
    """Regenerate into a temp dir and compare with the committed dist/ and generated/."""
    with _workdir(None) as work:
        if bundles_only:
            dist = _render_dist(layout, work)
            return _compare(dist, layout.dist_dir, "openapi/dist")
        dist, out = _render_all(layout, work)
        drifts = [_compare(dist, layout.dist_dir, "openapi/dist")]
        for name in _packages():
            drifts.append(_compare(out / name, layout.generated_dir / name, f"generated/{name}"))
        return _merge(drifts)


def bundle(layout: Layout) -> list[Path]:
    """Only (re)write ``openapi/dist``."""
    with _workdir(layout.root) as work:
        dist = _render_dist(layout, work)
        return _install_dist(dist, layout.dist_dir)


def generate(layout: Layout) -> list[Path]:
    """Rewrite ``openapi/dist`` and the four ``generated/`` packages; returns what changed."""
    # The work dir sits beside generated/ so that the final renames stay on one file system.
    with _workdir(layout.root) as work:
        dist, out = _render_all(layout, work)
        layout.generated_dir.mkdir(parents=True, exist_ok=True)
        changed: list[Path] = []
        for name in _packages():
            target = layout.generated_dir / name
            if not _compare(out / name, target, name):
                continue
            _swap_in(out / name, target, work / "old")
            changed.append(target)
        changed += _install_dist(dist, layout.dist_dir)
        return changed


def _install_dist(dist: Path, target_dir: Path) -> list[Path]:
    target_dir.mkdir(parents=True, exist_ok=True)
    changed = []
    for src in sorted(dist.iterdir()):
        dest = target_dir / src.name
        if dest.is_file() and filecmp.cmp(src, dest, shallow=False):
            continue
        os.replace(src, dest)
        changed.append(dest)
    return changed


def _swap_in(new: Path, target: Path, graveyard: Path) -> None:
    """Put ``new`` at ``target`` in one step; the old tree (if any) ends in ``graveyard``."""
    if not target.exists():
        os.rename(new, target)
        return
    if _rename_exchange(new, target):
        return
    # No renameat2 (not Linux): two renames, undone if the second fails.
    graveyard.mkdir(exist_ok=True)
    old = graveyard / target.name
    os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)
        raise


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _rename_exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two directory entries (Linux renameat2); False when unsupported."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    renameat2.restype = ctypes.c_int
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0
