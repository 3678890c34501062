"""Every documented response example parses into the right typed model of the generated client.

For each operation, status and example of both bundles: respx answers with the example, and
``sync_detailed`` must return it parsed into the class the spec names for that status (the
``$ref``'d schema, or the oneOf/anyOf branch the example satisfies), with per-record items typed
as success or error by their ``status``; ``to_dict()`` must give the example back. openapi-core
checks the mocked response against the spec as well.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx
from openapi_core import OpenAPI

from contract_tests.client import calling, spec_walk
from contract_tests.client.normalize import normalize
from contract_tests.client.spec_walk import Example, Operation, ResponseCase
from contract_tests.openapi_httpx import HttpxOpenAPIRequest, HttpxOpenAPIResponse


def _cases() -> list[Any]:
    return [
        pytest.param(op, case, ex, id=f"{op.id}-{case.status}-{ex.name}")
        for op, case, ex in spec_walk.response_cases()
    ]


def expected_class(op: Operation, case: ResponseCase, value: Any) -> str:
    """The generated class a response body parses into."""
    branch = spec_walk.matching_branch(op.product, case.schema, value)
    name = spec_walk.ref_name(branch)
    if name is not None:
        return spec_walk.pascal(name)
    assert branch is case.schema, f"{op.id} {case.status}: inline oneOf branch, $ref it"
    return f"{spec_walk.pascal(op.operation_id)}Response{case.status}"


def _items_schema(op: Operation, case: ResponseCase, value: Any) -> dict[str, Any] | None:
    """The ``data[]`` item schema of a per-record result body, if this body is one."""
    branch = spec_walk.resolve(
        op.product, spec_walk.matching_branch(op.product, case.schema, value)
    )
    data = (branch.get("properties") or {}).get("data")
    if data is None:
        return None
    data = spec_walk.resolve(op.product, data)
    return data.get("items") if data.get("type") == "array" else None


@pytest.fixture(scope="module")
def openapi_specs() -> dict[str, OpenAPI]:
    return {p: OpenAPI.from_dict(spec_walk.bundle(p)) for p in spec_walk.PRODUCTS}


def _body_example(op: Operation) -> Any:
    if op.request_schema is None:
        return None
    if not op.request_examples:
        pytest.fail(f"{op.id}: the request body has no example in the spec")
    return op.request_examples[0].value


@pytest.mark.parametrize(("op", "case", "example"), _cases())
def test_client_parses_documented_response(
    op: Operation, case: ResponseCase, example: Example, openapi_specs: dict[str, OpenAPI]
) -> None:
    module = calling.operation_module(op)
    kwargs = calling.call_kwargs(op, module, _body_example(op))
    with respx.mock(base_url=spec_walk.base_url(op.product)) as mock:
        route = mock.route(method=op.method.upper()).mock(
            return_value=httpx.Response(case.status, json=example.value)
        )
        with calling.authenticated_client(op.product, raise_on_unexpected_status=True) as client:
            response = module.sync_detailed(client=client, **kwargs)

    assert response.status_code == case.status
    parsed = response.parsed
    assert type(parsed).__name__ == expected_class(op, case, example.value)
    assert normalize(parsed.to_dict()) == normalize(example.value)

    items_schema = _items_schema(op, case, example.value)
    if items_schema is not None and isinstance(example.value.get("data"), list):
        assert len(parsed.data) == len(example.value["data"])
        for item, raw in zip(parsed.data, example.value["data"], strict=True):
            branch = spec_walk.matching_branch(op.product, items_schema, raw)
            if spec_walk.ref_name(branch):
                assert type(item).__name__ == spec_walk.pascal(spec_walk.ref_name(branch)), raw
            if isinstance(raw, dict) and "status" in raw:
                assert item.status == raw["status"]
                assert item.code == raw["code"]

    request = route.calls.last.request
    openapi_specs[op.product].validate_response(
        HttpxOpenAPIRequest(request), HttpxOpenAPIResponse(route.calls.last.response)
    )


def test_every_documented_status_has_an_example() -> None:
    missing = [
        f"{op.id} {status}"
        for op in spec_walk.all_operations()
        for status, case in op.responses.items()
        if case.schema and not case.examples
    ]
    assert not missing, f"responses without examples: {missing}"
