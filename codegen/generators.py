"""The two code generators, run as subprocesses of the current interpreter.

Each job turns one bundled spec (``<product>.openapi.json``) into one package under a work
directory's ``generated/``:

* ``zoho_<product>_client``: openapi-python-client (httpx client, one module per operation);
* ``zoho_<product>_models``: datamodel-code-generator (pydantic v2 models, one module).

Both are invoked as ``sys.executable -m <tool>`` so the pinned versions of the running venv are
used, with the venv's ``bin`` first on ``PATH`` (openapi-python-client's ruff post-hooks) and a
fixed ``PYTHONHASHSEED`` (no set-order drift between runs).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

CODEGEN_DIR = Path(__file__).resolve().parent
CONFIG_DIR = CODEGEN_DIR / "config"
TEMPLATES_DIR = CODEGEN_DIR / "templates"
RUFF_CONFIG = CODEGEN_DIR / "ruff.toml"

PRODUCTS = ("crm", "bigin")

# datamodel-code-generator==0.89.0 options (see codegen/README.md for the why of each).
DATAMODEL_CODEGEN_OPTIONS: tuple[str, ...] = (
    "--input-file-type", "openapi",
    "--openapi-scopes", "schemas",
    "--output-model-type", "pydantic_v2.BaseModel",
    "--target-python-version", "3.11",
    "--target-pydantic-version", "2",
    "--use-annotated",
    "--use-double-quotes",
    "--use-type-alias",
    "--enum-field-as-literal", "all",
    "--allow-population-by-field-name",
    "--remove-special-field-name-prefix",
    "--naming-strategy", "full-path",
    "--use-schema-description",
    "--use-field-description",
    "--disable-timestamp",
    "--formatters", "ruff-check", "ruff-format",
    "--ignore-pyproject",
    "--no-allow-remote-refs",
    "--strict-refs",
)  # fmt: skip


def client_package(product: str) -> str:
    return f"zoho_{product}_client"


def models_package(product: str) -> str:
    return f"zoho_{product}_models"


def all_packages() -> list[str]:
    return [name for p in PRODUCTS for name in (client_package(p), models_package(p))]


class GeneratorError(Exception):
    """A generator exited non-zero (or warned, for openapi-python-client)."""


@dataclass(frozen=True)
class Job:
    name: str
    argv: list[str]
    cwd: Path


def _env() -> dict[str, str]:
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    env["PYTHONHASHSEED"] = "0"
    env["RUFF_NO_CACHE"] = "true"
    env.pop("PYTHONPATH", None)
    return env


def _null_consts_typed(node: object) -> object:
    """A copy of a spec where every ``const: null`` also says ``type: 'null'``.

    The published bundles write a null-only value (``_delete``) as ``const: null``, which every
    generator we test compiles; openapi-python-client types it ``Any`` unless ``type: 'null'`` is
    beside it (then ``None``), and openapi-generator cannot take ``type: 'null'`` at all. So the
    client generator alone gets this copy (codegen/README.md).
    """
    if isinstance(node, dict):
        copy = {key: _null_consts_typed(value) for key, value in node.items()}
        if "const" in copy and copy["const"] is None and "type" not in copy:
            copy["type"] = "null"
        return copy
    if isinstance(node, list):
        return [_null_consts_typed(item) for item in node]
    return node


def client_input(spec_json: Path) -> Path:
    """Write the client generator's copy of ``spec_json`` beside its directory; return its path."""
    target = spec_json.parent.parent / "client-input" / spec_json.name
    target.parent.mkdir(exist_ok=True)
    spec = json.loads(spec_json.read_text(encoding="utf-8"))
    target.write_text(json.dumps(_null_consts_typed(spec), indent=2), encoding="utf-8")
    return target


def jobs_for(product: str, spec_json: Path, out_dir: Path) -> list[Job]:
    """The generator invocations for one product; ``spec_json`` and ``out_dir`` share a root."""
    client_dir = out_dir / client_package(product)
    models_file = out_dir / models_package(product) / "__init__.py"
    client_argv = [
        sys.executable, "-m", "openapi_python_client", "generate",
        "--path", str(client_input(spec_json)),
        "--config", str(CONFIG_DIR / f"{client_package(product)}.yaml"),
        "--meta", "none",
        "--output-path", str(client_dir),
        "--fail-on-warning",
    ]  # fmt: skip
    if any(TEMPLATES_DIR.glob("*.jinja")):
        client_argv += ["--custom-template-path", str(TEMPLATES_DIR)]
    # Relative input path: datamodel-codegen writes it into the file header.
    models_argv = [
        sys.executable, "-m", "datamodel_code_generator",
        "--input", spec_json.name,
        "--output", str(models_file),
        *DATAMODEL_CODEGEN_OPTIONS,
    ]  # fmt: skip
    return [
        Job(client_package(product), client_argv, spec_json.parent),
        Job(models_package(product), models_argv, spec_json.parent),
    ]


def _run(job: Job) -> tuple[Job, subprocess.CompletedProcess[str]]:
    proc = subprocess.run(
        job.argv, cwd=job.cwd, env=_env(), capture_output=True, text=True, check=False
    )
    return job, proc


def run_jobs(jobs: list[Job]) -> None:
    """Run every job in parallel; raise GeneratorError naming each one that failed."""
    for job in jobs:
        if job.name.endswith("_models"):
            (Path(job.argv[job.argv.index("--output") + 1])).parent.mkdir(parents=True)
    failures: list[str] = []
    with ThreadPoolExecutor(max_workers=len(jobs) or 1) as pool:
        for job, proc in pool.map(_run, jobs):
            output = (proc.stdout + proc.stderr).strip()
            if proc.returncode != 0:
                failures.append(f"{job.name}: exit {proc.returncode}\n{output}")
            elif "warning" in output.lower() and job.name.endswith("_client"):
                failures.append(f"{job.name}: generator warnings\n{output}")
    if failures:
        raise GeneratorError("\n\n".join(failures))


def finish_package(package_dir: Path) -> None:
    """What the generators leave out: the PEP 561 marker; and what they leave behind."""
    (package_dir / "py.typed").write_text("", encoding="utf-8")
    for junk in list(package_dir.rglob("__pycache__")) + list(package_dir.rglob(".ruff_cache")):
        _rmtree(junk)


def _rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)
