"""The generated pydantic models round-trip every documented example.

Each request and response example of both bundles is validated with the model of its schema
(``zoho_<product>_models``) and dumped back by alias with ``exclude_unset``: the JSON must equal
the example, so aliases (``$append_values``, ``_delete``), arbitrary field API names and explicit
nulls all survive.
"""

from __future__ import annotations

import functools
import importlib
import operator
from types import ModuleType
from typing import Any

import pytest
from pydantic import TypeAdapter

from contract_tests.client import spec_walk
from contract_tests.client.normalize import normalize
from contract_tests.client.spec_walk import Operation


def model_type(models: ModuleType, product: str, schema: dict[str, Any]) -> Any:
    """The model (class or type alias) of a body schema: the component it ``$ref``s, or the
    union of the components of a oneOf/anyOf of ``$ref``s. Inline body schemas get no stable
    model name (the models are generated from components/schemas only): $ref a component."""
    name = spec_walk.ref_name(schema)
    if name is not None:
        cls_name = spec_walk.pascal(name)
        assert hasattr(models, cls_name), f"{models.__name__} has no model {cls_name}"
        return getattr(models, cls_name)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            members = [model_type(models, product, branch) for branch in schema[key]]
            return functools.reduce(operator.or_, members)
    raise AssertionError(f"inline body schema {schema}: make it a $ref to components/schemas")


def _cases() -> list[Any]:
    cases = []
    for op in spec_walk.all_operations():
        for ex in op.request_examples:
            assert op.request_schema is not None
            cases.append(pytest.param(op, op.request_schema, ex.value,
                                      id=f"{op.id}-request-{ex.name}"))  # fmt: skip
        for status, case in op.responses.items():
            for ex in case.examples:
                cases.append(pytest.param(op, case.schema, ex.value,
                                          id=f"{op.id}-{status}-{ex.name}"))  # fmt: skip
    return cases


@pytest.mark.parametrize(("op", "schema", "value"), _cases())
def test_model_round_trips_example(op: Operation, schema: dict[str, Any], value: Any) -> None:
    models = importlib.import_module(f"zoho_{op.product}_models")
    adapter: TypeAdapter[Any] = TypeAdapter(model_type(models, op.product, schema))
    parsed = adapter.validate_python(value)
    dumped = adapter.dump_python(parsed, mode="json", by_alias=True, exclude_unset=True)
    assert normalize(dumped) == normalize(value)
