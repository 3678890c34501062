"""The record rules every write shares: apply input fields to a record, then commit it."""

from __future__ import annotations

from typing import Any

import zoho_wire_facts as wire

from ..exceptions import RecordError
from ..schema import ModuleDef, check_generic_value, mandatory_error, type_error
from .state import ProductState, _index_key

# keys of an input record that are not fields (the spec's x-zoho-non-field-keys)
RECORD_OPTION_KEYS = wire.NON_FIELD_KEYS


def apply_fields(
    st: ProductState,
    mod: ModuleDef,
    old: dict[str, Any] | None,
    item: dict[str, Any],
    i: int,
    *,
    overwrite_multiselect: bool | None = None,
) -> dict[str, Any]:
    """A new version of ``old`` with ``item``'s fields applied, or a RecordError."""
    new = dict(old) if old is not None else {}
    fields = mod.fields
    approved = item.get("$approved")
    if approved is not None and type(approved) is not bool:
        raise type_error("$approved", f"$.data[{i}].$approved", "boolean")
    append = item.get("$append_values")
    if append is not None:
        if type(append) is not dict or any(type(v) is not bool for v in append.values()):
            raise type_error("$append_values", f"$.data[{i}].$append_values", "jsonobject")
    for key, value in item.items():
        f = fields.get(key)
        if f is None:
            if key not in RECORD_OPTION_KEYS:
                check_generic_value(value, key, f"$.data[{i}].{key}")
            continue
        if f.system:
            continue
        path = f"$.data[{i}].{key}"
        v = f.validate(value, path, st, new.get(key))
        if f.mandatory and (v is None or v == "" or v == []):
            raise mandatory_error(key, path)
        if f.data_type == "multiselectpicklist":
            do_append = append.get(key) if append is not None else None
            if overwrite_multiselect is not None and do_append is None:
                do_append = not overwrite_multiselect
            if do_append:
                prev = new.get(key) or []
                v = prev + [x for x in v if x not in prev]
        new[key] = v
    # unique fields
    for f in mod.unique_fields:
        key = f.api_name
        if key not in item:
            continue
        v = new.get(key)
        if v is None or v == "":
            continue
        other = st.unique_index.get((mod.api_name, key), {}).get(_index_key(v))
        if other is not None and (old is None or other != old["id"]):
            dup = st.records[mod.api_name].get(other, {})
            raise RecordError(
                code="DUPLICATE_DATA",
                message="duplicate data",
                details={
                    "api_name": key,
                    "json_path": f"$.data[{i}].{key}",
                    "duplicate_record": {
                        "module": {"api_name": mod.api_name, "id": mod.id},
                        "id": other,
                        "Owner": dup.get("Owner"),
                    },
                },
            )
    return new


def commit_record(
    st: ProductState,
    mod: ModuleDef,
    old: dict[str, Any] | None,
    new: dict[str, Any],
    uid: str,
    now: str,
) -> None:
    """Stamp ``new`` as modified by ``uid`` at ``now`` and store it (indexes follow)."""
    new["Modified_Time"] = now
    new["Modified_By"] = st.user_ref(uid)
    if old is not None:
        st.index_remove(mod, old)
    st.records[mod.api_name][new["id"]] = new
    st.index_add(mod, new)
