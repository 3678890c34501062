"""``python -m codegen``: up to date, reproducible, all-or-nothing, type-checked output.

Every test runs the real command as a subprocess (the pinned generators of this venv); the ones
that write do so in a copy of ``openapi/`` under ``tmp_path`` (``--root``), never in the tree.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "zoho_crm_client",
    "zoho_bigin_client",
    "zoho_crm_models",
    "zoho_bigin_models",
    "zoho_wire_facts",
)

pytestmark = pytest.mark.timeout(300)


def codegen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "codegen", *args],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=240,
    )  # fmt: skip


def snapshot(root: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under generated/ and openapi/dist/."""
    files = {}
    for base in (root / "generated", root / "openapi" / "dist"):
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    files[path.relative_to(root).as_posix()] = hashlib.sha256(
                        path.read_bytes()
                    ).hexdigest()
    return files


def copy_tree(dest: Path, *, with_generated: bool = False) -> Path:
    shutil.copytree(ROOT / "openapi", dest / "openapi")
    if with_generated:
        shutil.copytree(
            ROOT / "generated", dest / "generated",
            ignore=shutil.ignore_patterns("__pycache__", ".mypy_cache"),
        )  # fmt: skip
    return dest


def test_check_passes_on_committed_tree() -> None:
    result = codegen("--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_names_each_drifted_file(tmp_path: Path) -> None:
    root = copy_tree(tmp_path, with_generated=True)
    (root / "generated/zoho_crm_models/__init__.py").write_text("# edited by hand\n")
    (root / "generated/zoho_bigin_client/py.typed").unlink()
    (root / "generated/zoho_crm_client/stray.py").write_text("")
    (root / "openapi/dist/bigin.openapi.json").write_text("{}\n")
    result = codegen("--check", "--root", str(root))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "differs: generated/zoho_crm_models/__init__.py" in result.stderr
    assert "missing: generated/zoho_bigin_client/py.typed" in result.stderr
    assert "extra:   generated/zoho_crm_client/stray.py" in result.stderr
    assert "differs: openapi/dist/bigin.openapi.json" in result.stderr
    # --check writes nothing.
    assert (root / "generated/zoho_crm_client/stray.py").exists()


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    # Two different roots: output must not embed where it was generated.
    first = copy_tree(tmp_path / "a")
    second = copy_tree(tmp_path / "b")
    for root in (first, second, first):
        result = codegen("--root", str(root))
        assert result.returncode == 0, result.stdout + result.stderr
    assert "0 changed" in result.stdout
    assert snapshot(first) == snapshot(second)
    assert snapshot(first) == snapshot(ROOT)
    assert sorted(p.name for p in (first / "generated").iterdir()) == sorted(PACKAGES)
    for package in PACKAGES:
        assert (first / "generated" / package / "py.typed").is_file()


def _corrupt_root(root: Path, edit: object) -> None:
    spec = root / "openapi/crm.yaml"
    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    edit(doc)  # type: ignore[operator]
    spec.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize(
    ("case", "pointer"),
    [
        ("bad-type", "#/info"),
        ("missing-ref", "#/paths"),
    ],
)
def test_invalid_spec_fails_with_file_and_pointer_and_writes_nothing(
    tmp_path: Path, case: str, pointer: str
) -> None:
    root = copy_tree(tmp_path, with_generated=True)
    shutil.copytree(ROOT / "openapi" / "dist", root / "openapi" / "dist", dirs_exist_ok=True)
    before = snapshot(root)

    def edit(doc: dict) -> None:  # type: ignore[type-arg]
        if case == "bad-type":
            doc["info"] = {"title": 42}
        else:
            first_path = next(iter(doc["paths"]))
            doc["paths"][first_path] = {"$ref": "paths/does-not-exist.yaml"}

    _corrupt_root(root, edit)
    result = codegen("--root", str(root))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "openapi/crm.yaml" in result.stderr
    assert pointer in result.stderr, result.stderr
    assert snapshot(root) == before
    assert not list(root.glob(".codegen-*")), "work directory left behind"


def test_generator_failure_leaves_generated_untouched(tmp_path: Path) -> None:
    """A valid spec that a generator rejects (an array without items in a union) fails the
    run before anything is swapped in."""
    root = copy_tree(tmp_path, with_generated=True)
    shutil.copytree(ROOT / "openapi" / "dist", root / "openapi" / "dist", dirs_exist_ok=True)
    before = snapshot(root)

    def edit(doc: dict) -> None:  # type: ignore[type-arg]
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        schemas["BrokenForTheGenerator"] = {"anyOf": [{"type": "array"}, {"type": "string"}]}

    _corrupt_root(root, edit)
    result = codegen("--root", str(root))
    assert result.returncode == 3, result.stdout + result.stderr
    assert "zoho_crm_client" in result.stderr
    assert snapshot(root) == before
    assert not list(root.glob(".codegen-*")), "work directory left behind"


def test_bundle_only_writes_dist(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    shutil.rmtree(root / "openapi" / "dist", ignore_errors=True)
    result = codegen("bundle", "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (root / "generated").exists()
    names = sorted(p.name for p in (root / "openapi" / "dist").iterdir())
    assert names == [
        "bigin.openapi.json", "bigin.openapi.yaml", "crm.openapi.json", "crm.openapi.yaml",
    ]  # fmt: skip
    for name in names:
        assert (root / "openapi/dist" / name).read_bytes() == (
            ROOT / "openapi/dist" / name
        ).read_bytes()


def test_generated_packages_pass_mypy_strict(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable, "-m", "mypy", "--strict", "--no-incremental",
            "--cache-dir", str(tmp_path / "mypy-cache"),
            *(f"generated/{p}" for p in PACKAGES),
        ],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=280,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
