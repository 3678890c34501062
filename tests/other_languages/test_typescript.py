"""The published bundles generate TypeScript clients that compile.

openapi-generator (the PyPI ``openapi-generator-cli`` jar, pinned in pyproject.toml; it needs
java) writes ``typescript-fetch`` and ``typescript-axios`` clients of both bundles, and
openapi-typescript (pinned in package.json) their types; ``tsc --noEmit --strict`` (pinned
TypeScript) compiles all of them with a small program per client that builds a request the
way a user would (a record update with a string value, a null that clears a field and a
``_delete`` marker). Everything is generated once per session into a temporary directory:
one JVM run (``batch``) for the four openapi-generator clients, one tsc run for everything.

A lone ``type: 'null'`` in the specs made typescript-fetch import a ``./Null`` module it never
writes (and typescript-axios name a ``Null`` type it never declares): these tests caught that.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from . import DIST, ROOT, need, node_tool

PRODUCTS = ("crm", "bigin")
GENERATORS = ("typescript-fetch", "typescript-axios")

pytestmark = pytest.mark.timeout(300)

# What a user writes against each client (compiled, never run).
USAGE = {
    "typescript-fetch": """
import { Configuration, RecordsApi } from "./index";
import type { FieldValue, LinkItem, RecordUpdate } from "./index";
const api = new RecordsApi(new Configuration({ basePath: "http://127.0.0.1:8080",
  headers: { Authorization: "Zoho-oauthtoken t" } }));
const unlink: LinkItem = { id: "554023000000527003", _delete: null };
const record: RecordUpdate = { id: "554023000000527003", Stage: "Closed Won", Next_Step: null,
  Interested_Listings: [unlink] };
export const sent = api.updateRecords;
export const body = { data: [record], trigger: [] as string[] };
// Field values of every kind but null and string arrays (which openapi-generator cannot type).
export const values: FieldValue[] = ["Closed Won", 1200, true, { id: "554023000000527003" },
  [{ id: "554023000000527003", _delete: null }]];
""",
    "typescript-axios": """
import { Configuration, RecordsApi } from "./index";
import type { FieldValue, LinkItem, RecordUpdate } from "./index";
const api = new RecordsApi(new Configuration({ basePath: "http://127.0.0.1:8080",
  baseOptions: { headers: { Authorization: "Zoho-oauthtoken t" } } }));
const unlink: LinkItem = { id: "554023000000527003", _delete: null };
const record: RecordUpdate = { id: "554023000000527003", Stage: "Closed Won", Next_Step: null,
  Interested_Listings: [unlink] };
export const sent = api.updateRecords;
export const body = { data: [record], trigger: [] as string[] };
// Field values of every kind but null and string arrays (which openapi-generator cannot type).
export const values: FieldValue[] = ["Closed Won", 1200, true, { id: "554023000000527003" },
  [{ id: "554023000000527003", _delete: null }]];
""",
    "openapi-typescript": """
import type { components } from "./schema";
type RecordUpdate = components["schemas"]["RecordUpdate"];
type LinkItem = components["schemas"]["LinkItem"];
const unlink: LinkItem = { id: "554023000000527003", _delete: null };
export const record: RecordUpdate = { id: "554023000000527003", Stage: "Closed Won",
  Next_Step: null, Interested_Listings: [unlink] };
export const values: components["schemas"]["FieldValue"][] = ["Closed Won", 1200, true, null,
  { id: "554023000000527003" }, ["Red", "Blue"], [unlink]];
""",
}


@dataclass
class Build:
    root: Path
    errors: str  # tsc's output (empty when everything compiled)
    generator_output: str


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    need(
        "java",
        "openapi-generator's jar needs it: `make setup` as root installs "
        "default-jre-headless, or run `apt-get install default-jre-headless`",
    )
    tsc, openapi_ts = node_tool("tsc"), node_tool("openapi-typescript")
    root = tmp_path_factory.mktemp("typescript")
    configs = []
    for product in PRODUCTS:
        for generator in GENERATORS:
            out = root / product / generator
            config = root / f"{product}-{generator}.json"
            config.write_text(json.dumps({
                "generatorName": generator,
                "inputSpec": str(DIST / f"{product}.openapi.yaml"),
                "outputDir": str(out),
            }), encoding="utf-8")  # fmt: skip
            configs.append(str(config))
    # openapi-typescript (node) runs while the JVM generates the four clients.
    typescript_runs = {}
    for product in PRODUCTS:
        out = root / product / "openapi-typescript"
        out.mkdir(parents=True)
        typescript_runs[product] = subprocess.Popen(
            [str(openapi_ts), str(DIST / f"{product}.openapi.yaml"), "-o", str(out / "schema.ts")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
    gen = subprocess.run(
        [str(Path(sys.executable).parent / "openapi-generator-cli"), "batch", "--fail-fast", *configs],
        capture_output=True, text=True, check=False, timeout=240,
    )  # fmt: skip
    output = gen.stdout + gen.stderr
    for product, proc in typescript_runs.items():
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, f"openapi-typescript failed on {product}:\n{err[-3000:]}"
    assert gen.returncode == 0, f"openapi-generator batch failed:\n{output[-4000:]}"
    for product in PRODUCTS:
        for generator, usage in USAGE.items():
            (root / product / generator / "usage.ts").write_text(usage, encoding="utf-8")
    (root / "node_modules").symlink_to(ROOT / "node_modules")  # axios's types for the axios client
    (root / "tsconfig.json").write_text(json.dumps({
        "compilerOptions": {
            "target": "ES2020", "module": "ES2020", "moduleResolution": "bundler",
            "lib": ["ES2020", "DOM"], "strict": true_(), "noEmit": true_(),
            "skipLibCheck": true_(), "types": [],
        },
        "include": ["crm/**/*.ts", "bigin/**/*.ts"],
    }), encoding="utf-8")  # fmt: skip
    compiled = subprocess.run(
        [str(tsc), "-p", str(root / "tsconfig.json"), "--pretty", "false"],
        capture_output=True, text=True, check=False, timeout=240, cwd=root,
    )  # fmt: skip
    return Build(root, compiled.stdout + compiled.stderr, output)


def true_() -> bool:
    return True


CASES = [(p, g) for p in PRODUCTS for g in (*GENERATORS, "openapi-typescript")]


@pytest.mark.parametrize(("product", "generator"), CASES, ids=[f"{p}-{g}" for p, g in CASES])
def test_generated_typescript_compiles(build: Build, product: str, generator: str) -> None:
    out = build.root / product / generator
    assert (out / "usage.ts").exists()
    assert list(out.rglob("*.ts")), f"{generator} wrote nothing for {product}"
    prefix = f"{product}/{generator}/"
    mine = [line for line in build.errors.splitlines() if line.startswith(prefix)]
    assert not mine, f"tsc errors in the {generator} output of {product}:\n" + "\n".join(mine)


def test_tsc_reported_nothing_else(build: Build) -> None:
    # An error outside the per-generator folders (a bad tsconfig, a missing module) fails here.
    assert not build.errors.strip(), build.errors


@pytest.mark.parametrize("product", PRODUCTS)
def test_no_null_model_is_generated(build: Build, product: str) -> None:
    for generator in GENERATORS:
        text = "\n".join(
            p.read_text(encoding="utf-8") for p in (build.root / product / generator).rglob("*.ts")
        )
        assert not re.search(r"\bNull\b(?!able)", text.replace("| null", "")), (
            f"{generator} ({product}) refers to a Null type: a lone type: 'null' is back in the spec"
        )
