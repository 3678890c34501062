"""The generated Python packages show no generator artefacts in their public names.

datamodel-code-generator renames a field that collides with its type (`Tag` of `list[Tag]`
became `Tag_1`) and prefixes names that start with `$` or `_` (`field_append_values`);
openapi-python-client prefixes `_delete` (`field_delete`). The specs and the generator options
(codegen/README.md) avoid both; these tests fail if either comes back.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODELS = ("zoho_crm_models", "zoho_bigin_models")
CLIENTS = ("zoho_crm_client", "zoho_bigin_client")
ARTEFACT = re.compile(r"^field_|_\d+$")


def _class_attributes(path: Path) -> list[tuple[str, str]]:
    """(class, attribute) for every annotated class attribute in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef):
            found.append((node.name, node.name))
            for item in node.body:
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    found.append((node.name, item.target.id))
    return found


@pytest.mark.parametrize("package", MODELS + CLIENTS)
def test_no_collision_suffixes_or_field_prefixes(package: str) -> None:
    files = sorted((ROOT / "generated" / package).rglob("*.py"))
    assert files
    bad = [
        f"{path.relative_to(ROOT)}: {cls}.{name}"
        for path in files
        for cls, name in _class_attributes(path)
        if ARTEFACT.search(name) and name != "field_label"  # FieldMeta.field_label is Zoho's key
    ]
    assert not bad, "generator artefacts in public names:\n" + "\n".join(bad)


def test_models_use_the_clean_names_on_the_wire() -> None:
    import zoho_crm_models as m

    update = m.RecordUpdate.model_validate(
        {"id": "1", "$append_values": {"Colours": True}, "$approved": True,
         "Tag": [{"name": "Hot"}], "Link": [{"id": "2", "_delete": None}]}
    )  # fmt: skip
    assert update.append_values == {"Colours": True}
    assert update.approved is True
    assert update.Tag is not None and isinstance(update.Tag[0], m.RecordTag)
    dumped = update.model_dump(by_alias=True, exclude_unset=True)
    assert dumped["$append_values"] == {"Colours": True} and dumped["Tag"] == [{"name": "Hot"}]
    link = m.LinkItem.model_validate({"id": "2", "_delete": None})
    assert "delete" in link.model_fields_set
    assert link.model_dump(by_alias=True, exclude_unset=True) == {"id": "2", "_delete": None}


def test_client_models_use_the_clean_names_on_the_wire() -> None:
    from zoho_crm_client.models import LinkItem, RecordTag, RecordUpdate

    link = LinkItem.from_dict({"id": "2", "_delete": None})
    assert link.delete is None and link.to_dict() == {"id": "2", "_delete": None}
    assert "_delete" not in LinkItem(id="2").to_dict()
    update = RecordUpdate.from_dict({"id": "1", "Tag": [{"name": "Hot"}]})
    assert update.tag and isinstance(update.tag[0], RecordTag)
