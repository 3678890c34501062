"""Call a generated operation module with arguments derived from the spec."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from types import ModuleType
from typing import Any
from urllib.parse import quote

from contract_tests.client import spec_walk
from contract_tests.client.spec_walk import Operation

TOKEN = "1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210"
AUTH_PREFIX = "Zoho-oauthtoken"


def client_package(product: str) -> str:
    return f"zoho_{product}_client"


def operation_module(op: Operation) -> ModuleType:
    """``zoho_<product>_client.api.<tag>.<operation_id in snake case>`` (exactly one)."""
    api = importlib.import_module(f"{client_package(op.product)}.api")
    found = [
        importlib.import_module(f"{api.__name__}.{tag.name}.{op.module_name}")
        for tag in pkgutil.iter_modules(api.__path__)
        if tag.ispkg
        and importlib.util.find_spec(f"{api.__name__}.{tag.name}.{op.module_name}") is not None
    ]
    assert len(found) == 1, f"{op.id}: expected one module named {op.module_name}, got {found}"
    module = found[0]
    expected_tag = spec_walk.snake(op.tags[0]) if op.tags else "default"
    assert module.__name__.split(".")[-2] == expected_tag, module.__name__
    return module


def authenticated_client(product: str, **kwargs: Any) -> Any:
    client_mod = importlib.import_module(f"{client_package(product)}.client")
    return client_mod.AuthenticatedClient(
        base_url=spec_walk.base_url(product), token=TOKEN, prefix=AUTH_PREFIX, **kwargs
    )


def parameter_values(op: Operation) -> dict[tuple[str, str], Any]:
    """(location, spec name) -> value, for every parameter a value can be derived for."""
    values = {}
    for param in op.parameters:
        value = spec_walk.parameter_value(op.product, param)
        if value is None:
            assert not param.get("required"), f"{op.id}: no value for {param['name']}"
            continue
        values[(param["in"], param["name"])] = value
    return values


def expected_path(op: Operation, values: dict[tuple[str, str], Any]) -> str:
    path = op.path
    for (where, name), value in values.items():
        if where == "path":
            path = path.replace("{" + name + "}", quote(str(value), safe=""))
    return path


def call_kwargs(op: Operation, module: ModuleType, body: Any | None) -> dict[str, Any]:
    """Keyword arguments of ``sync_detailed`` (client excluded) for the spec's parameters and
    the body example, matched to the generated signature by name."""
    signature = inspect.signature(module.sync_detailed)
    kwargs: dict[str, Any] = {}
    for (where, name), value in parameter_values(op).items():
        py_name = spec_walk.snake(name)
        if py_name not in signature.parameters and py_name + "_" in signature.parameters:
            py_name += "_"  # the generator's name for a builtin's name (search's `type`: type_)
        assert py_name in signature.parameters, (
            f"{op.id}: generated signature has no argument for {where} parameter {name!r}: "
            f"{list(signature.parameters)}"
        )
        kwargs[py_name] = value
    if op.request_schema is not None:
        assert "body" in signature.parameters, f"{op.id}: no body argument"
        body_cls = signature.parameters["body"].annotation
        if isinstance(body_cls, str):
            body_cls = getattr(module, body_cls)
        kwargs["body"] = body_cls.from_dict(body)
    return kwargs


def json_body(content: bytes) -> Any:
    return json.loads(content) if content else None
