"""The generated pydantic models round-trip every documented example.

Each request and response example of both bundles is validated with the model of its schema
(``zoho_<product>_models``) and dumped back by alias with ``exclude_unset``: the JSON must equal
the example, so aliases (``$append_values``, ``_delete``), arbitrary field API names and explicit
nulls all survive.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from pydantic import TypeAdapter

from contract_tests.client import spec_walk
from contract_tests.client.normalize import normalize
from contract_tests.client.spec_walk import Operation


def model_name(op: Operation, schema: dict[str, Any], kind: str) -> str:
    """Class (or type alias) name datamodel-code-generator gives a body schema."""
    name = spec_walk.ref_name(schema)
    if name is not None:
        return spec_walk.pascal(name)
    # Inline body schemas are named after the operation (--use-operation-id-as-name).
    return f"{spec_walk.pascal(op.operation_id)}{kind}"


def _cases() -> list[Any]:
    cases = []
    for op in spec_walk.all_operations():
        for ex in op.request_examples:
            assert op.request_schema is not None
            cases.append(pytest.param(op, op.request_schema, "Request", ex.value,
                                      id=f"{op.id}-request-{ex.name}"))  # fmt: skip
        for status, case in op.responses.items():
            for ex in case.examples:
                cases.append(pytest.param(op, case.schema, "Response", ex.value,
                                          id=f"{op.id}-{status}-{ex.name}"))  # fmt: skip
    return cases


@pytest.mark.parametrize(("op", "schema", "kind", "value"), _cases())
def test_model_round_trips_example(
    op: Operation, schema: dict[str, Any], kind: str, value: Any
) -> None:
    models = importlib.import_module(f"zoho_{op.product}_models")
    name = model_name(op, schema, kind)
    assert hasattr(models, name), f"{models.__name__} has no model {name}"
    adapter: TypeAdapter[Any] = TypeAdapter(getattr(models, name))
    parsed = adapter.validate_python(value)
    dumped = adapter.dump_python(parsed, mode="json", by_alias=True, exclude_unset=True)
    assert normalize(dumped) == normalize(value)
