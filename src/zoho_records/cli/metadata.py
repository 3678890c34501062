"""Field metadata: read once per run to type CSV cells (a refusal of the metadata read alone
is a warning, a failure every write would meet too stops the run before anything is sent);
``FieldTypes`` carries the types and picklist values into the reading of input files, and
``print_fields`` is ``zoho-records fields``' output (API name, type, label, picklist values)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .. import (
    AuthenticationError,
    CreditsExhaustedError,
    PermissionDeniedError,
    RateLimitError,
    TokenRefreshError,
    ZohoClient,
    ZohoError,
)
from .cells import DIGIT_LENGTH_TYPES, TEXT_TYPES
from .errors import UsageError


def field_types(
    client: ZohoClient,
    product: str,
    module: str,
    version: str,
    err: TextIO,
    resume: Path | None = None,
    choice: ProductChoice | None = None,
) -> dict[str, str] | None:
    """Field API name -> data_type, read once per run (None if unavailable). ``resume``: the
    report a rerun would resume from, named when the read fails for spent credits;
    ``choice``: how ``product`` was chosen (for the hint of a module it does not have)."""
    try:
        if product == "crm":
            fields = client.crm.get_fields(module, version=version)
        else:
            fields = client.bigin.get_fields(module)
    except ZohoError as exc:
        code = getattr(exc, "code", None)
        if code == "INVALID_MODULE":
            raise unknown_module(module, product, exc, choice) from None
        if not metadata_refused(exc):
            raise metadata_failure(module, exc, resume) from None
        # the token may write records without the settings scope that metadata needs
        print(
            f"zoho-records: warning: field metadata of {module} is not readable with this token "
            f"({exc}); CSV cells are sent as text unless they look like JSON (add the scope "
            f"{'ZohoCRM' if product == 'crm' else 'ZohoBigin'}.settings.fields.READ to type "
            "them, or pass --no-metadata to skip this read)",
            file=err,
        )
        return None
    # (Bigin: get_fields also tells the client the module's unique fields, for an upsert's
    # retry safety: no second metadata read)
    return field_types_of(fields)


PRODUCT_NAMES = {"crm": "CRM", "bigin": "Bigin"}


def known_modules(product: str) -> frozenset[str]:
    """The module API names the spec lists for ``product`` (its module parameter's
    ``x-known-values``: the standard modules; an org may have others)."""
    from .._spec import load_spec  # read only on this error's path

    name = "CrmModuleApiName" if product == "crm" else "BiginModuleApiName"
    try:
        parameter = load_spec(product)["components"]["parameters"][name]
    except (OSError, KeyError, ValueError):
        return frozenset()
    values = parameter.get("schema", {}).get("x-known-values") or ()
    return frozenset(v for v in values if isinstance(v, str))


@dataclass(frozen=True, slots=True)
class ProductChoice:
    """How a command's product was chosen: by default (no ``--product``), and whether the
    command takes the other product too."""

    command: str
    defaulted: bool
    switchable: bool


def unknown_module(
    module: str, product: str, exc: ZohoError, choice: ProductChoice | None = None
) -> UsageError:
    """Zoho says ``module`` is not a module of ``product`` (INVALID_MODULE): say so, and when
    it is one of the other product's modules (or ``product`` was the command's default),
    which ``--product`` to pass."""
    other = "bigin" if product == "crm" else "crm"
    text = f"module {module!r} does not exist in {product}: {exc}"
    theirs = module in known_modules(other) and module not in known_modules(product)
    name = PRODUCT_NAMES[other]
    if choice is not None and not choice.switchable:
        if theirs:
            text += f"; {module} is a {name} module, and {choice.command} works on {product} only"
    elif choice is not None and choice.defaulted:
        kind = f"the {name} module {module}" if theirs else f"a {name} module"
        text += (
            f"; {choice.command} defaults to --product {product}: pass --product {other} for {kind}"
        )
    elif theirs:
        text += f"; {module} is a {name} module: pass --product {other}"
    return UsageError(text)


def metadata_refused(exc: ZohoError) -> bool:
    """A refusal of the metadata read alone (scope or permission): writes may still work."""
    return isinstance(exc, PermissionDeniedError) or getattr(exc, "code", None) in (
        "OAUTH_SCOPE_MISMATCH",
        "NO_PERMISSION",
    )


def metadata_failure(module: str, exc: ZohoError, resume: Path | None = None) -> UsageError:
    """The first request failed for a reason every write would meet too: stop, nothing sent."""
    if isinstance(exc, AuthenticationError | TokenRefreshError):
        return UsageError(f"Zoho refused the credentials ({exc}); nothing was sent")
    if isinstance(exc, RateLimitError):
        return UsageError(
            f"could not read the field metadata of {module}: {rate_limited(exc, resume)}"
        )
    return UsageError(
        f"could not read the field metadata of {module} ({exc}); nothing was sent: check the "
        "target and retry, or pass --no-metadata to send cells without reading it"
    )


def rate_limited(exc: RateLimitError, resume: Path | None = None) -> str:
    """What to do when Zoho answered 429 to the first request: for spent credits, wait for its
    rolling 24 hours to free them (every write would get the same 429 now); else wait a
    while. ``resume``: the report to rerun with."""
    again = f" with --resume {resume}" if resume is not None else ""
    if isinstance(exc, CreditsExhaustedError):
        return (
            f"Zoho says the org's API credits for the day are spent ({exc.credits_left:,} left, "
            f"a call needs {exc.credits_needed:,}); nothing was sent. Zoho counts them over a "
            "rolling 24 hours and frees them as the calls made 24 hours earlier age out: rerun "
            f"later{again} (every call, writes too, gets the same answer until then)"
        )
    return (
        f"Zoho answered 429 Too Many Requests ({exc}) even after the retries; nothing was "
        f"sent: another job may be using the org's concurrency or credits; rerun later{again}"
    )


def report_to_resume(args: Any) -> Path | None:
    """The report a rerun of ``args`` resumes from: ``--resume``'s, or an existing
    ``--report`` (None: there is none, a rerun starts afresh)."""
    resume, report = getattr(args, "resume", None), getattr(args, "report", None)
    if resume is not None:
        return Path(resume)
    return Path(report) if report is not None and Path(report).exists() else None


class FieldTypes(dict[str, str]):
    """Field API name -> data_type, with each picklist's values (``picklists``)."""

    picklists: dict[str, tuple[str, ...]]
    labels: dict[str, str]  # field label -> API name (a Zoho web export's column names)
    read_only: frozenset[str]  # API names an update cannot write
    # the metadata's ``mass_update`` flag: field -> whether a mass update may change it
    mass_update: dict[str, bool]
    # the metadata's ``length``: field -> the longest value it takes (see ``cells.too_long``)
    lengths: dict[str, int]

    def __init__(
        self,
        types: Mapping[str, str],
        picklists: Mapping[str, tuple[str, ...]],
        labels: Mapping[str, str] | None = None,
        read_only: Iterable[str] = (),
        mass_update: Mapping[str, bool] | None = None,
        lengths: Mapping[str, int] | None = None,
    ):
        super().__init__(types)
        self.picklists = dict(picklists)
        self.labels = dict(labels or {})
        self.read_only = frozenset(read_only)
        self.mass_update = dict(mass_update or {})
        self.lengths = dict(lengths or {})


def picklist_values(field: Mapping[str, Any]) -> tuple[str, ...]:
    """The values a picklist field takes: each option's display_value (what Zoho asks API users
    to send) and its actual_value where that differs."""
    out: list[str] = []
    for option in field.get("pick_list_values") or ():
        if not isinstance(option, dict):
            continue
        for key in ("display_value", "actual_value"):
            value = option.get(key)
            if isinstance(value, str) and value not in out:
                out.append(value)
    return tuple(out)


def field_types_of(fields: Iterable[Any]) -> FieldTypes:
    """``FieldTypes`` from the fields metadata (``get_fields``)."""
    types: dict[str, str] = {}
    picklists: dict[str, tuple[str, ...]] = {}
    labels: dict[str, str] = {}
    read_only: list[str] = []
    mass_update: dict[str, bool] = {}
    lengths: dict[str, int] = {}
    for f in fields:
        if not isinstance(f, dict) or "api_name" not in f:
            continue
        name = str(f["api_name"])
        types[name] = str(f.get("data_type", ""))
        if (length := _length(f.get("length"))) is not None:
            lengths[name] = length
        if isinstance(f.get("mass_update"), bool):
            mass_update[name] = f["mass_update"]
        for key in ("field_label", "display_label"):
            label = f.get(key)
            if isinstance(label, str) and label and label not in labels:
                labels[label] = name
        if (
            f.get("read_only")
            or f.get("field_read_only")
            or types[name] in ("formula", "autonumber")
        ):
            read_only.append(name)
        if types[name] in ("picklist", "multiselectpicklist"):
            values = picklist_values(f)
            if values:
                picklists[name] = values
    return FieldTypes(types, picklists, labels, read_only, mass_update, lengths)


def _length(value: Any) -> int | None:
    """A field's ``length`` (a number, or a digit string), or None when it gives none."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if type(value) is int and value > 0:
        return value
    return None


def picklists_of(field_map: Mapping[str, str] | None) -> dict[str, tuple[str, ...]] | None:
    return field_map.picklists if isinstance(field_map, FieldTypes) else None


def lengths_of(field_map: Mapping[str, str] | None) -> dict[str, int] | None:
    """Field -> the longest value it takes (the metadata's ``length``), when read."""
    return field_map.lengths if isinstance(field_map, FieldTypes) else None


def _notes(f: Mapping[str, Any]) -> str:
    notes = []
    if f.get("system_mandatory"):
        notes.append("required")
    if f.get("read_only") or f.get("field_read_only"):
        notes.append("read-only")
    if f.get("unique"):
        notes.append("unique")
    lookup = f.get("lookup")
    if isinstance(lookup, dict) and isinstance(lookup.get("module"), dict):
        notes.append(f"links {lookup['module'].get('api_name')}")
    length, data_type = _length(f.get("length")), f.get("data_type")
    if length is not None and data_type in DIGIT_LENGTH_TYPES:
        notes.append(f"up to {length:,} digits before the point")
    elif length is not None and data_type in TEXT_TYPES - {"picklist"}:
        notes.append(f"up to {length:,} characters")
    return ", ".join(notes)


def print_fields(
    fields: list[Any], module: str, product: str, out: TextIO, *, as_json: bool = False
) -> None:
    """One line per field: API name, type, label, notes (required, read-only, unique, the
    module a lookup links, the longest value the checks before sending allow), picklist
    values (``;``-separated, as a CSV cell of a multi-select picklist takes them); or the
    metadata as JSON."""
    if as_json:
        json.dump(fields, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    rows = [("API name", "type", "label", "notes", "values")]
    for f in fields:
        if not isinstance(f, dict) or "api_name" not in f:
            continue
        label = f.get("field_label") or f.get("display_label") or ""
        values = "; ".join(picklist_values(f))
        rows.append(
            (str(f["api_name"]), str(f.get("data_type", "")), str(label), _notes(f), values)
        )
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    print(f"{module} ({product}): {len(rows) - 1} fields", file=out)
    for r in rows:
        cells = [r[i].ljust(widths[i]) for i in range(4)]
        print("  ".join([*cells, r[4]]).rstrip(), file=out)
