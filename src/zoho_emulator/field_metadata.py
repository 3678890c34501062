"""Field and module metadata in the shapes of each API version (the settings endpoints).

``responses`` renders ``/settings/fields`` and ``/settings/modules`` with these; COVERAGE.md
lists what differs between versions.
"""

from __future__ import annotations

from typing import Any

from .schema import JSON_TYPES, FieldDef, ModuleDef, _child_id, _make_field, compile_module

METADATA_LENGTHS = {
    "boolean": 5,
    "date": 20,
    "datetime": 120,
    "lookup": 19,
    "ownerlookup": 19,
    "userlookup": 19,
    "layout": 19,
}


def metadata_style(product: str, version: str | None) -> str:
    """The field-metadata shape of a product's API version: "v2", "v3" (v3 to v7) or "v8".

    Field metadata comes in three shapes over the CRM API versions (see COVERAGE.md): v2 and
    v2.1 name modules by plain strings (``"lookup": {"module": "Accounts"}``), v3 to v7 by
    objects (``{"module": {"api_name": "Accounts", "id": ...}}``), and v8 describes
    multi-select and multi-user lookups by ``linking_details`` / ``connected_details`` instead
    of ``linking_module`` / ``connected_module``. Bigin's v2 API has the current (v8) shapes.
    """
    if product != "crm" or version is None:
        return "v8"
    if version in ("v2", "v2.1"):
        return "v2"
    return "v8" if version == "v8" else "v3"


def _module_ref(name: str, modules: dict[str, ModuleDef], style: str) -> Any:
    """A reference to a module: its name up to v2.1, {api_name, id} from v3."""
    if style == "v2":
        return name
    target = modules.get(name)
    return {"api_name": name, "id": target.id if target is not None else None}


def _plural(name: str, modules: dict[str, ModuleDef]) -> str:
    target = modules.get(name)
    return target.plural_label if target is not None else name.replace("_", " ")


def linking_field_names(owner: ModuleDef, f: FieldDef) -> tuple[str, str, str]:
    """(linking module, its lookup to the owner, its lookup to the connected record or user).

    The linking module's lookup to the owning module is named after that module (Zoho's
    "Employees" <-> "Skills" example has the linking module fields Employees and Skills).
    """
    target = f.lookup_module or "Users"
    linking = f.linking_module or f"{owner.api_name}_X_{target}"
    connected = f.connected_field or target
    return linking, owner.api_name, connected


def _linking_metadata(
    owner: ModuleDef, f: FieldDef, modules: dict[str, ModuleDef], style: str
) -> dict[str, Any]:
    linking, lookup_api, connected_api = linking_field_names(owner, f)
    target = f.lookup_module or "Users"
    linking_id = _child_id(f.id, 700)
    if style == "v8":
        linking_module = {
            "api_name": linking,
            "id": linking_id,
            "plural_label": linking.replace("_", " "),
            "visibility": 1,
        }
        target_def = modules.get(target)
        return {
            "linking_details": {
                "module": linking_module,
                "lookup_field": {
                    "api_name": lookup_api,
                    "id": _child_id(f.id, 701),
                    "field_label": lookup_api.replace("_", " "),
                },
                "connected_lookup_field": {
                    "api_name": connected_api,
                    "id": _child_id(f.id, 702),
                    "field_label": connected_api.replace("_", " "),
                },
            },
            "connected_details": {
                "module": {
                    "api_name": target,
                    "id": target_def.id if target_def is not None else None,
                    "plural_label": _plural(target, modules),
                },
                "field": {
                    "api_name": connected_api,
                    "id": _child_id(f.id, 702),
                    "field_label": connected_api.replace("_", " "),
                },
                "layouts": [],
            },
            "related_list": {
                "api_name": f.api_name,
                "id": _child_id(f.id, 703),
                "display_label": f.label,
            },
            "record_access": False,
        }
    out: dict[str, Any] = {
        "display_label": _plural(target, modules),
        "linking_module": linking if style == "v2" else {"api_name": linking, "id": linking_id},
        "lookup_apiname": lookup_api,
        "connected_module": (
            None
            if style == "v2" and f.data_type == "multiuserlookup"
            else _module_ref(target, modules, style)
        ),
        "api_name": f.api_name,
        "connectedlookup_apiname": connected_api,
        "id": _child_id(f.id, 703),
    }
    if style != "v2":
        out["connectedfield_apiname"] = connected_api
        out["record_access"] = False
    return out


def subform_module_name(f: FieldDef) -> str:
    """The module that holds a subform's rows (its own name unless the dataset gives one)."""
    return f.lookup_module or f.api_name


def field_metadata(
    f: FieldDef, owner: ModuleDef, modules: dict[str, ModuleDef], style: str = "v8"
) -> dict[str, Any]:
    """A field in the shape of Zoho's fields metadata API, as API version ``style`` has it.

    ``owner`` is the module the field belongs to and ``modules`` every module (for the ids and
    labels of the modules a lookup names).
    """
    out: dict[str, Any] = {
        "api_name": f.api_name,
        "id": f.id,
        "field_label": f.label,
        "display_label": f.label,
        "data_type": f.data_type,
        "json_type": JSON_TYPES.get(f.data_type, "string"),
        "length": f.length if f.length is not None else METADATA_LENGTHS.get(f.data_type, 255),
        "read_only": f.read_only,
        "field_read_only": f.read_only,
        "system_mandatory": f.mandatory,
        "custom_field": f.custom,
        "visible": True,
        "mass_update": f.mass_updatable,
        "unique": {"casesensitive": "false"} if f.unique else {},
        "lookup": {},
        "pick_list_values": [],
    }
    if f.values:
        out["pick_list_values"] = [
            {
                "display_value": v,
                "actual_value": v,
                "reference_value": v,
                "id": _child_id(f.id, 900 + i),
            }
            for i, v in enumerate(f.values)
        ]
    if f.lookup_module and f.data_type == "lookup":
        # display_label / api_name / id: the related list the lookup puts in the target module
        lookup: dict[str, Any] = {
            "display_label": owner.plural_label,
            "api_name": owner.api_name,
            "module": _module_ref(f.lookup_module, modules, style),
            "id": _child_id(f.id, 800),
        }
        if style != "v2":
            lookup["revalidate_filter_during_edit"] = False
            lookup["query_details"] = {}
        out["lookup"] = lookup
    if f.data_type in ("multiselectlookup", "multiuserlookup"):
        out[f.data_type] = _linking_metadata(owner, f, modules, style)
    if f.data_type == "subform":
        ref = {"module": subform_module_name(f), "id": _child_id(f.id, 600)}
        out["subform"] = ref
        if style != "v2":
            out["associated_module"] = {"api_name": ref["module"], **ref}
    return out


def metadata_only_modules(modules: dict[str, ModuleDef], product: str) -> dict[str, ModuleDef]:
    """The modules Zoho serves field metadata for besides the declared ones.

    "the field metadata for the specified module including standard module, custom module,
    subform module, and linking module" (the v8 Fields Metadata page): the linking module of
    each multi-select and multi-user lookup (``Deals_X_Listings``: a lookup to the owning
    module and one to the connected module or user, plus the system fields), and the module of
    each subform's rows (``Parent_Id`` and the subform's fields). Their records are not
    emulated (the linking rows live in the owning record's field).
    """
    out: dict[str, ModuleDef] = {}
    for owner in modules.values():
        for f in owner.fields.values():
            if f.data_type in ("multiselectlookup", "multiuserlookup"):
                linking, lookup_api, connected_api = linking_field_names(owner, f)
                if linking in modules or linking in out:
                    continue
                connected: dict[str, Any] = (
                    {"type": "userlookup"}
                    if f.data_type == "multiuserlookup"
                    else {"type": "lookup", "module": f.lookup_module}
                )
                spec = {
                    "id": _child_id(f.id, 700),
                    "generated_type": "linking",
                    "singular_label": linking.replace("_", " "),
                    "plural_label": linking.replace("_", " "),
                    "scope": owner.scope_name,
                    "fields": {
                        lookup_api: {"type": "lookup", "module": owner.api_name, "mandatory": True},
                        connected_api: dict(connected, mandatory=True),
                    },
                }
                m = compile_module(linking, spec, product)
                for name in ("Owner", "Tag"):  # linking rows have neither
                    m.fields.pop(name, None)
                out[linking] = m
            elif f.data_type == "subform":
                name = subform_module_name(f)
                if name in modules or name in out:
                    continue
                mid = _child_id(f.id, 600)
                parent = {"type": "lookup", "module": owner.api_name, "read_only": True}
                parent_id = _make_field(
                    "Parent_Id", dict(parent, system=True), _child_id(mid, 1), False
                )
                fields = {"Parent_Id": parent_id}
                fields.update(f.subform_fields)
                out[name] = ModuleDef(
                    api_name=name,
                    id=mid,
                    singular_label=name.replace("_", " "),
                    plural_label=name.replace("_", " "),
                    scope_name=owner.scope_name,
                    display_field=None,
                    fields=fields,
                    generated_type="subform",
                )
    return out
