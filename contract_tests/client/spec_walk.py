"""Walk the bundled specs: operations, parameters, request and response examples.

Everything the client contract tests iterate comes from ``openapi/dist/<product>.openapi.json``,
so a new operation or example is covered without touching the tests.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jsonschema
import referencing
from referencing.jsonschema import DRAFT202012

from contract_tests.server.bundle import bundle_path

PRODUCTS = ("crm", "bigin")
HTTP_METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")


@cache
def bundle(product: str) -> dict[str, Any]:
    return json.loads(bundle_path(product).read_text(encoding="utf-8"))


def resolve(product: str, node: Any) -> Any:
    """Follow ``$ref`` chains (internal refs only; bundles have no others)."""
    seen = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            raise ValueError(f"$ref cycle at {ref}")
        seen.add(ref)
        node = pointer_get(bundle(product), ref.removeprefix("#"))
    return node


def pointer_get(doc: Any, pointer: str) -> Any:
    for raw in pointer.lstrip("/").split("/") if pointer not in ("", "/") else []:
        token = raw.replace("~1", "/").replace("~0", "~")
        doc = doc[int(token)] if isinstance(doc, list) else doc[token]
    return doc


def ref_name(node: Any) -> str | None:
    """``Foo`` for ``{"$ref": "#/components/schemas/Foo"}``, else None."""
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref.startswith("#/components/schemas/"):
            return ref.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")
    return None


def snake(name: str) -> str:
    """``updateRecords`` -> ``update_records`` (the generated module name)."""
    name = re.sub(r"[^0-9a-zA-Z]+", "_", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return name.strip("_").lower()


def pascal(name: str) -> str:
    """``UpdateRecords`` / ``update_records`` -> ``UpdateRecords`` (generated class names)."""
    words = re.split(r"[^0-9a-zA-Z]+", re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name))
    return "".join(w[:1].upper() + w[1:] for w in words if w)


@dataclass(frozen=True)
class Example:
    name: str
    value: Any


@dataclass(frozen=True)
class ResponseCase:
    status: int
    schema: dict[str, Any]
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class Operation:
    product: str
    method: str
    path: str
    operation_id: str
    tags: tuple[str, ...]
    parameters: tuple[dict[str, Any], ...]
    request_schema: dict[str, Any] | None
    request_examples: tuple[Example, ...]
    responses: dict[int, ResponseCase] = field(hash=False)

    @property
    def id(self) -> str:
        return f"{self.product}.{self.operation_id}"

    @property
    def module_name(self) -> str:
        return snake(self.operation_id)


def _examples(product: str, media: dict[str, Any]) -> tuple[Example, ...]:
    found = []
    for name, ex in (media.get("examples") or {}).items():
        ex = resolve(product, ex)
        if "value" in ex:
            found.append(Example(name, ex["value"]))
    if "example" in media:
        found.append(Example("example", media["example"]))
    return tuple(found)


def _json_media(content: dict[str, Any] | None) -> dict[str, Any] | None:
    if not content:
        return None
    for media_type, media in content.items():
        if media_type.split(";")[0].strip() in ("application/json", "*/*"):
            return media
    return None


@cache
def operations(product: str) -> tuple[Operation, ...]:
    ops = []
    for path, item in bundle(product)["paths"].items():
        item = resolve(product, item)
        shared = [resolve(product, p) for p in item.get("parameters", [])]
        for method in HTTP_METHODS:
            if method not in item:
                continue
            op = item[method]
            own = [resolve(product, p) for p in op.get("parameters", [])]
            own_keys = {(p["in"], p["name"]) for p in own}
            params = tuple([p for p in shared if (p["in"], p["name"]) not in own_keys] + own)
            body = resolve(product, op.get("requestBody")) if op.get("requestBody") else None
            media = _json_media(body.get("content")) if body else None
            responses: dict[int, ResponseCase] = {}
            for status, response in op.get("responses", {}).items():
                if not str(status).isdigit():
                    continue
                response = resolve(product, response)
                rmedia = _json_media(response.get("content"))
                responses[int(status)] = ResponseCase(
                    status=int(status),
                    schema=(rmedia or {}).get("schema", {}),
                    examples=_examples(product, rmedia) if rmedia else (),
                )
            ops.append(
                Operation(
                    product=product,
                    method=method,
                    path=path,
                    operation_id=op["operationId"],
                    tags=tuple(op.get("tags", ())),
                    parameters=params,
                    request_schema=media.get("schema") if media else None,
                    request_examples=_examples(product, media) if media else (),
                    responses=responses,
                )
            )
    return tuple(ops)


def all_operations() -> list[Operation]:
    return [op for product in PRODUCTS for op in operations(product)]


def response_cases() -> list[tuple[Operation, ResponseCase, Example]]:
    return [
        (op, case, ex)
        for op in all_operations()
        for case in op.responses.values()
        for ex in case.examples
    ]


def base_url(product: str) -> str:
    """The first server URL of the spec, its variables at their defaults."""
    server = bundle(product)["servers"][0]
    url: str = server["url"]
    for name, var in (server.get("variables") or {}).items():
        url = url.replace("{" + name + "}", str(var["default"]))
    return url.rstrip("/")


@cache
def _registry(product: str) -> referencing.Registry:  # type: ignore[type-arg]
    resource = referencing.Resource.from_contents(
        bundle(product), default_specification=DRAFT202012
    )
    return referencing.Registry().with_resource("urn:bundle", resource)


def validates(product: str, schema: dict[str, Any], value: Any) -> bool:
    """Does ``value`` satisfy ``schema`` (a node of the bundle, refs into the bundle)?"""
    wrapped = _rebase(schema)
    validator = jsonschema.Draft202012Validator(wrapped, registry=_registry(product))
    return validator.is_valid(value)


def _rebase(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: (
                "urn:bundle" + v
                if k == "$ref" and isinstance(v, str) and v.startswith("#")
                else _rebase(v)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node


def matching_branch(product: str, schema: dict[str, Any], value: Any) -> dict[str, Any]:
    """The schema a value is typed by: a oneOf/anyOf branch that it satisfies (the first), or
    the schema itself."""
    target = resolve(product, schema)
    for key in ("oneOf", "anyOf"):
        if isinstance(target, dict) and key in target:
            for branch in target[key]:
                if validates(product, branch, value):
                    return (
                        matching_branch(product, branch, value)
                        if ref_name(branch) is None and ("oneOf" in branch or "anyOf" in branch)
                        else branch
                    )
            raise AssertionError(f"no {key} branch of {schema} accepts {value!r}")
    return schema


def parameter_value(product: str, param: dict[str, Any]) -> Any:
    """A valid value for a parameter: its example, else derived from its schema; None if no
    value can be derived."""
    if "example" in param:
        return param["example"]
    for ex in (param.get("examples") or {}).values():
        ex = resolve(product, ex)
        if "value" in ex:
            return ex["value"]
    schema = resolve(product, param.get("schema", {}))
    return schema_value(product, schema, param["name"])


_KNOWN = {"module_api_name": "Leads", "module": "Leads", "related_list_api_name": "Contacts"}


def schema_value(product: str, schema: dict[str, Any], name: str = "") -> Any:
    schema = resolve(product, schema)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return "v8" if "v8" in schema["enum"] else schema["enum"][0]
    if schema.get("examples"):
        return schema["examples"][0]
    if "example" in schema:
        return schema["example"]
    if "default" in schema:
        return schema["default"]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return schema_value(product, schema[key][0], name)
    kind = schema.get("type")
    if kind == "string":
        if "pattern" in schema and "[0-9]" in schema["pattern"]:
            return "4876876000000624001"
        return _KNOWN.get(name, "Leads")
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return True
    return None
