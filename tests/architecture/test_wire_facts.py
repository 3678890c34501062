"""Wire facts are stated once: in the spec, read out by ``python -m codegen`` into
``generated/zoho_wire_facts``, imported by every layer. These tests fail when two places disagree:
the committed module and the bundles, a layer's constant and the module, or a hand copy of a fact
reappearing in source."""

from __future__ import annotations

import ast
import copy
import json
from pathlib import Path
from typing import Any

import pytest
import zoho_wire_facts as wire

from codegen import wire_facts
from codegen.bundle import SpecError

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "openapi" / "dist"
HAND_WRITTEN = [ROOT / "src", ROOT / "contract_tests", ROOT / "codegen", ROOT / "bench"]


def _bundles() -> dict[str, dict[str, Any]]:
    return {
        product: json.loads((DIST / f"{product}.openapi.json").read_text(encoding="utf-8"))
        for product in ("crm", "bigin")
    }


def test_the_committed_module_is_what_the_bundles_say() -> None:
    rendered = wire_facts.render(wire_facts.collect(_bundles()))
    committed = (ROOT / "generated" / "zoho_wire_facts" / "__init__.py").read_text("utf-8")
    assert committed == rendered, "generated/zoho_wire_facts is stale: run python -m codegen"


def test_the_facts_match_the_documented_values() -> None:
    """What the docs say (and ARCHITECTURE.md repeats): a change to the spec shows up here."""
    assert wire.CRM_VERSIONS == ("v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8")
    assert wire.BIGIN_VERSIONS == ("v2",)
    assert wire.RECORDS_PER_REQUEST == 100
    assert wire.MASS_UPDATE_IDS_PER_REQUEST == 500
    assert wire.MASS_UPDATE_RECORDS_PER_JOB == 50_000
    assert wire.MASS_UPDATE_FIELDS_PER_CALL == {"Deals": 3, "default": 1}
    assert {"id", "duplicate_check_fields", "$append_values", "$approved"} <= wire.NON_FIELD_KEYS


def test_every_layer_uses_the_facts() -> None:
    from contract_tests.server import zoho_checks
    from zoho_emulator import config, models, schema, urls
    from zoho_records import _constants
    from zoho_records.cli import cells as _rows

    assert _constants.CRM_VERSIONS == wire.CRM_VERSIONS
    assert _constants.BIGIN_VERSION in wire.BIGIN_VERSIONS
    assert _constants.RECORDS_PER_REQUEST == wire.RECORDS_PER_REQUEST
    assert _constants.MASS_UPDATE_IDS_PER_REQUEST == wire.MASS_UPDATE_IDS_PER_REQUEST
    assert _rows.NON_FIELD_KEYS == wire.NON_FIELD_KEYS
    assert zoho_checks.NON_FIELD_KEYS == wire.NON_FIELD_KEYS
    assert urls.CRM_VERSIONS == set(wire.CRM_VERSIONS)
    assert urls.BIGIN_VERSIONS == set(wire.BIGIN_VERSIONS)
    assert models.RECORD_OPTION_KEYS == wire.NON_FIELD_KEYS
    defaults = config.EmulatorConfig()
    assert defaults.max_records_per_call == wire.RECORDS_PER_REQUEST
    assert defaults.mass_update_max_ids == wire.MASS_UPDATE_IDS_PER_REQUEST
    assert defaults.mass_update_max_records == wire.MASS_UPDATE_RECORDS_PER_JOB
    compiled = schema.compile_schema({"Deals": {}, "Accounts": {}}, "crm")
    assert compiled["Deals"].mass_update_max_fields == wire.MASS_UPDATE_FIELDS_PER_CALL["Deals"]
    assert (
        compiled["Accounts"].mass_update_max_fields == wire.MASS_UPDATE_FIELDS_PER_CALL["default"]
    )


def _literal_strings(node: ast.AST) -> set[str] | None:
    if isinstance(node, ast.Call) and node.args and getattr(node.func, "id", "") == "frozenset":
        node = node.args[0]
    if isinstance(node, (ast.Set, ast.Tuple, ast.List)) and node.elts:
        if all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            return {e.value for e in node.elts}  # type: ignore[attr-defined]
    return None


def test_no_hand_copy_of_a_fact_in_source() -> None:
    """A literal list of the CRM versions or of the non-field keys outside the generated module
    is a second statement of a fact: import it from zoho_wire_facts instead."""
    versions = set(wire.CRM_VERSIONS)
    copies = []
    for base in HAND_WRITTEN:
        for path in sorted(base.rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                found = _literal_strings(node)
                if found is None:
                    continue
                if found == versions or (
                    {"id", "duplicate_check_fields"} <= found and found <= wire.NON_FIELD_KEYS
                ):
                    copies.append(f"{path.relative_to(ROOT)}:{node.lineno}")  # type: ignore[attr-defined]
    assert not copies, f"hand copies of wire facts: {copies}"


def test_the_emitter_refuses_bundles_that_disagree() -> None:
    bundles = _bundles()
    broken = copy.deepcopy(bundles)
    body = broken["bigin"]["components"]["schemas"]["BiginUpdateRecordsRequest"]
    body["properties"]["data"]["maxItems"] = 200
    with pytest.raises(SpecError, match="maxItems of data"):
        wire_facts.collect(broken)
    no_enum = copy.deepcopy(bundles)
    del no_enum["crm"]["components"]["schemas"]["ApiVersion"]["enum"]
    with pytest.raises(SpecError, match="ApiVersion"):
        wire_facts.collect(no_enum)
