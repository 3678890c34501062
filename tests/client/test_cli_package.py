"""The CLI package's shape: only the client's public face, and a core that knows no command
by its name (each subcommand plugs in through ``Command``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import zoho_records.cli
from zoho_records.cli.commands import COMMANDS

CLI = Path(zoho_records.cli.__file__).parent
CLI_FILES = sorted(CLI.rglob("*.py"))

# the client's implementation: the CLI reaches it through ``zoho_records``'s public names and
# the client objects' public methods only
CLIENT_PRIVATE = {
    "_auth",
    "_bulk",
    "_client",
    "_exceptions",
    "_generated",
    "_http",
    "_operations",
    "_outcomes",
    "_resources",
    "_retry",
    "_transports",
    "_types",
}


def _module_of(path: Path, node: ast.ImportFrom) -> str:
    """The absolute module an import names (relative imports resolved against ``path``)."""
    if node.level == 0:
        return node.module or ""
    package = ["zoho_records", *path.relative_to(CLI.parent).parent.parts]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def private_uses(path: Path, source: str) -> list[str]:
    """Private client names ``source`` imports, and underscore attributes it reads off
    anything but ``self``/``cls``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            module = _module_of(path, node)
            parts = module.split(".")
            names = [module + "." + a.name for a in node.names]
            for name in [module, *names]:
                if parts[0] == "zoho_records" and set(name.split(".")) & CLIENT_PRIVATE:
                    found.append(f"line {node.lineno}: imports {name}")
                    break
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if set(alias.name.split(".")) & CLIENT_PRIVATE:
                    found.append(f"line {node.lineno}: imports {alias.name}")
        elif isinstance(node, ast.Attribute):
            private = node.attr.startswith("_") and not node.attr.startswith("__")
            on_self = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
            if private and not on_self:
                found.append(f"line {node.lineno}: reads .{node.attr}")
    return found


@pytest.mark.parametrize("path", CLI_FILES, ids=lambda p: p.relative_to(CLI).as_posix())
def test_the_cli_uses_only_public_client_api(path: Path) -> None:
    assert private_uses(path, path.read_text()) == []


@pytest.mark.parametrize(
    "source",
    [
        "from .._resources import _CrmRequests",
        "from ..._bulk import INTERRUPTED",
        "from zoho_records._client import ZohoClient",
        "from .. import _retry",
        "import zoho_records._operations",
        "client._iter_bulk(calls, stop=stop)",
        "client._unique_fields.setdefault(module, [])",
    ],
)
def test_the_check_finds_private_uses(source: str) -> None:
    assert private_uses(CLI / "commands" / "update.py", source)


def test_the_check_lets_public_uses_through() -> None:
    source = (
        "from ... import ZohoError\nfrom ..rows import Row\nfrom .. import _constants as C\n"
        "self._keep(row)\nclient.crm.iter_update_records('Deals', [], stop=stop)\n"
    )
    assert private_uses(CLI / "commands" / "update.py", source) == []


def test_the_core_knows_no_command_by_name() -> None:
    """Outside commands/, no string is a command's name and nothing compares ``.command``."""
    names = set(COMMANDS)
    for path in CLI_FILES:
        if path.parent.name == "commands":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and node.value in names:
                raise AssertionError(f"{path.name} line {node.lineno}: {node.value!r}")
            if isinstance(node, ast.Compare):
                for side in [node.left, *node.comparators]:
                    if isinstance(side, ast.Attribute) and side.attr == "command":
                        raise AssertionError(f"{path.name} line {node.lineno} compares .command")


def test_every_subcommand_has_its_module() -> None:
    modules = {type(c).__module__.rsplit(".", 1)[-1] for c in COMMANDS.values()}
    assert modules == {
        "update",
        "upsert",
        "insert",
        "delete",
        "export",
        "mass_update",
        "update_related",
        "fields",
    }
    assert list(COMMANDS) == [
        "update",
        "upsert",
        "insert",
        "delete",
        "export",
        "mass-update",
        "update-related",
        "fields",
    ]


def test_no_module_over_600_lines_nor_function_over_80() -> None:
    for path in CLI_FILES:
        source = path.read_text()
        assert source.count("\n") <= 600, path
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                assert length <= 80, f"{path.name}: {node.name} is {length} lines"
