"""Bundle the multi-file OpenAPI sources in ``openapi/`` into single-file documents.

The sources use relative file ``$ref``s. Bundling follows two rules:

* a ``$ref`` to a file under ``components/<kind>/<Name>.yaml`` (kind is one of the OpenAPI
  component kinds) is hoisted into ``#/components/<kind>/<Name>`` and the ``$ref`` rewritten;
* any other file ``$ref`` (path items, the shared server list) is inlined in place.

A ``$ref`` may carry a fragment (``file.yaml#/a/b``) to pick part of a file. Internal refs
(``#/...``) are left alone. Anything wrong (missing file, bad YAML, unknown pointer, a name used
by two different files, a cycle through inlined files) raises :class:`SpecError` naming the file
and the JSON pointer at fault, before anything is written.

Output is deterministic: key order is the source order, JSON is written with ``sort_keys=False``
and a trailing newline, YAML with ``sort_keys=False`` and a fixed width.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OPENAPI_DIR = ROOT / "openapi"
DIST_DIR = OPENAPI_DIR / "dist"
PRODUCTS = ("crm", "bigin")

COMPONENT_KINDS = (
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
)


class SpecError(Exception):
    """A source file is invalid: ``file`` and JSON ``pointer`` say where, ``message`` what."""

    def __init__(self, file: Path | str, pointer: str, message: str) -> None:
        self.file = str(file)
        self.pointer = pointer or "/"
        self.message = message
        super().__init__(f"{self.file}#{self.pointer}: {message}")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(path, "/", "file not found") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise SpecError(path, "/", f"invalid YAML{where}: {getattr(exc, 'problem', exc)}") from None


def resolve_pointer(doc: Any, pointer: str, file: Path) -> Any:
    node = doc
    if pointer in ("", "/"):
        return node
    for raw in pointer.lstrip("/").split("/"):
        token = _unescape(raw)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise SpecError(file, pointer, f"JSON pointer does not resolve (no {token!r})")
    return node


class _Bundler:
    def __init__(self, root_file: Path) -> None:
        self.root_file = root_file.resolve()
        self.base = self.root_file.parent
        self.components: dict[str, dict[str, Any]] = {}
        self.origin: dict[tuple[str, str], str] = {}
        self.cache: dict[Path, Any] = {}

    def _load(self, path: Path) -> Any:
        if path not in self.cache:
            self.cache[path] = load_yaml(path)
        return self.cache[path]

    def _component_kind(self, target: Path) -> str | None:
        try:
            rel = target.relative_to(self.base)
        except ValueError:
            return None
        parts = rel.parts
        if len(parts) == 3 and parts[0] == "components" and parts[1] in COMPONENT_KINDS:
            return parts[1]
        return None

    def bundle(self) -> dict[str, Any]:
        doc = self._load(self.root_file)
        if not isinstance(doc, dict):
            raise SpecError(self.root_file, "/", "root document must be a mapping")
        out = self._walk(copy.deepcopy(doc), self.root_file, "", ())
        existing = out.setdefault("components", {})
        for kind in COMPONENT_KINDS:
            hoisted = self.components.get(kind)
            if not hoisted:
                continue
            section = existing.setdefault(kind, {})
            for name in sorted(hoisted):
                self_ref = {"$ref": f"#/components/{kind}/{_escape(name)}"}
                if name in section and section[name] != self_ref:
                    raise SpecError(
                        self.root_file,
                        f"/components/{kind}/{_escape(name)}",
                        "defined inline and also as a file",
                    )
                section[name] = hoisted[name]
        # Fixed order of component kinds for readable, stable output.
        out["components"] = {k: existing[k] for k in COMPONENT_KINDS if k in existing} | {
            k: v for k, v in existing.items() if k not in COMPONENT_KINDS
        }
        return out

    def _walk(self, node: Any, file: Path, pointer: str, stack: tuple[Path, ...]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                return self._resolve_ref(node, ref, file, pointer, stack)
            if isinstance(ref, str) and file != self.root_file and ref.startswith("#"):
                # An internal ref inside a non-root file points into that file: inline it.
                target = resolve_pointer(self._load(file), ref[1:], file)
                return self._walk(copy.deepcopy(target), file, ref[1:], stack)
            return {
                key: self._walk(value, file, f"{pointer}/{_escape(str(key))}", stack)
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [self._walk(v, file, f"{pointer}/{i}", stack) for i, v in enumerate(node)]
        return node

    def _resolve_ref(
        self, node: dict[str, Any], ref: str, file: Path, pointer: str, stack: tuple[Path, ...]
    ) -> Any:
        path_part, _, fragment = ref.partition("#")
        target = (file.parent / path_part).resolve()
        if not target.is_file():
            raise SpecError(file, pointer + "/$ref", f"$ref target {ref!r} does not exist")
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        kind = self._component_kind(target) if not fragment else None
        if kind is not None:
            name = target.stem
            key = (kind, name)
            if key not in self.origin:
                if target in stack:
                    raise SpecError(file, pointer + "/$ref", f"$ref cycle through {ref!r}")
                self.origin[key] = str(target)
                # Reserve the slot first so that recursive schemas terminate.
                self.components.setdefault(kind, {})[name] = None
                content = self._load(target)
                self.components[kind][name] = self._walk(
                    copy.deepcopy(content), target, "", stack + (target,)
                )
            elif self.origin[key] != str(target):
                raise SpecError(
                    file,
                    pointer + "/$ref",
                    f"component name {name!r} of kind {kind} comes from two files: "
                    f"{self.origin[key]} and {target}",
                )
            result: dict[str, Any] = {"$ref": f"#/components/{kind}/{_escape(name)}"}
            result.update(self._walk(siblings, file, pointer, stack))
            return result
        if target in stack:
            raise SpecError(file, pointer + "/$ref", f"$ref cycle through {ref!r}")
        content = resolve_pointer(self._load(target), fragment, target)
        inlined = self._walk(copy.deepcopy(content), target, fragment, stack + (target,))
        if siblings and isinstance(inlined, dict):
            inlined = {**inlined, **self._walk(siblings, file, pointer, stack)}
        return inlined


def _check_internal_refs(doc: Any, file: Path) -> None:
    """Every ``#/...`` ref in the bundle must resolve."""

    def visit(node: Any, pointer: str) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                if not ref.startswith("#"):
                    raise SpecError(file, pointer, f"unbundled external $ref {ref!r}")
                resolve_pointer(doc, ref[1:], file)
            for key, value in node.items():
                visit(value, f"{pointer}/{_escape(str(key))}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                visit(value, f"{pointer}/{i}")

    visit(doc, "")


def validate_bundle(doc: dict[str, Any], source: Path) -> None:
    """Validate a bundle with openapi-spec-validator; raise SpecError with the pointer."""
    _check_internal_refs(doc, source)
    try:
        from openapi_spec_validator import OpenAPIV31SpecValidator
    except ImportError:  # pragma: no cover - dev dependency missing
        return
    errors = sorted(
        OpenAPIV31SpecValidator(doc).iter_errors(),
        key=lambda e: [str(p) for p in e.absolute_path],
    )
    if errors:
        err = errors[0]
        pointer = "/" + "/".join(_escape(str(p)) for p in err.absolute_path)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise SpecError(source, pointer, f"{err.message}{more}")


def build_bundles(src_dir: Path = OPENAPI_DIR, validate: bool = True) -> dict[str, dict[str, Any]]:
    """Bundle every product root (``<src_dir>/<product>.yaml``) and validate it."""
    bundles: dict[str, dict[str, Any]] = {}
    for product in PRODUCTS:
        root = src_dir / f"{product}.yaml"
        doc = _Bundler(root).bundle()
        if validate:
            validate_bundle(doc, root)
        bundles[product] = doc
    return bundles


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(str, _str_presenter)


def render_yaml(doc: dict[str, Any]) -> str:
    header = "# Generated by `python -m codegen bundle` from openapi/*.yaml. Do not edit.\n"
    return header + yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def render_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def render_bundles(bundles: dict[str, dict[str, Any]]) -> dict[str, str]:
    """File name -> text of every published artifact."""
    files: dict[str, str] = {}
    for product, doc in bundles.items():
        files[f"{product}.openapi.yaml"] = render_yaml(doc)
        files[f"{product}.openapi.json"] = render_json(doc)
    return files


def write_bundles(bundles: dict[str, dict[str, Any]], out_dir: Path = DIST_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_bundles(bundles).items():
        path = out_dir / name
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    return written
