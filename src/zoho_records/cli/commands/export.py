"""``zoho-records export``: a module's records (or a search's) to a CSV/TSV/JSONL file in the
shape ``update`` reads back unchanged: an ``id`` column, then one column per field.

Records are read lazily page after page (page tokens past 2,000) and written as they come,
into a temporary file beside ``--out`` that replaces it only once the export is complete: an
interrupted or failed export leaves no half file under the name a nightly job reads."""

from __future__ import annotations

import argparse
import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, TextIO

from ... import SearchLimitError, ZohoClient, ZohoError
from ... import _constants as C
from ..errors import UsageError
from ..metadata import ProductChoice, metadata_failure, unknown_module
from ..options import check_names
from ..progress import Progress
from ..target import open_client
from .base import Command

FORMATS = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl"}
# field types an update cannot write back (Zoho computes or refuses them)
NOT_WRITABLE_TYPES = frozenset(
    {
        "formula",
        "autonumber",
        "fileupload",
        "imageupload",
        "profileimage",
        "subform",
        "rollup_summary",
    }
)
LOOKUP_TYPES = frozenset({"lookup", "ownerlookup", "userlookup"})


class Export(Command):
    name = "export"
    help = "write a module's records (or a search's) to .csv/.tsv/.jsonl that update reads back"
    parent = "targets"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        p = parser
        p.add_argument("--module", required=True, help="module API name, e.g. Deals")
        p.add_argument(
            "--out", type=Path, required=True, help="the file to write: .csv, .tsv or .jsonl"
        )
        p.add_argument(
            "--fields",
            help="comma-separated field API names (at most 50); default: every field an update "
            "can write back (read from the field metadata)",
        )
        search = p.add_mutually_exclusive_group()
        search.add_argument("--criteria", help="search: e.g. '(Stage:equals:Closed Won)'")
        search.add_argument("--email", help="search by email")
        search.add_argument("--phone", help="search by phone")
        search.add_argument("--word", help="search by word")
        p.add_argument("--cvid", help="the records of a custom view (CRM get records)")
        p.add_argument("--sort-by", help="id, Created_Time or Modified_Time")
        p.add_argument("--sort-order", choices=("asc", "desc"), help="asc or desc (Zoho: desc)")
        p.add_argument("--per-page", type=int, default=C.RECORDS_PER_PAGE, help="1 to 200")
        p.add_argument("--no-progress", action="store_true", help="no progress line on stderr")
        p.add_argument(
            "--max-retries",
            type=int,
            default=C.DEFAULT_MAX_RETRIES,
            help="retries per page request on 429/5xx/connection errors (default %(default)s)",
        )
        p.set_defaults(concurrency=1)

    def main(self, args: argparse.Namespace, err: TextIO) -> int:
        product = args.product or "crm"
        check_names(args)
        fmt = FORMATS.get(args.out.suffix.lower())
        if fmt is None:
            raise UsageError(f"--out {args.out}: write .csv, .tsv or .jsonl")
        if not args.out.resolve().parent.is_dir():
            raise UsageError(f"--out {args.out}: the folder {args.out.parent} does not exist")
        if not 1 <= args.per_page <= C.RECORDS_PER_PAGE:
            raise UsageError(f"--per-page must be 1 to {C.RECORDS_PER_PAGE}")
        if args.fields is not None and not args.fields.replace(",", "").strip():
            # (an unset shell variable: not read as "every field", as no --fields is)
            raise UsageError(
                f"--fields {args.fields!r} names no field: give field API names separated by "
                "commas, or leave --fields out to export every field an update can write back"
            )
        # (given, even empty: an empty search is refused, not read as no search at all)
        searching = any(
            getattr(args, k) is not None for k in ("criteria", "email", "phone", "word")
        )
        if searching and (args.cvid or args.sort_by or args.sort_order):
            raise UsageError("--cvid, --sort-by and --sort-order go with a read, not a search")
        if args.cvid and args.sort_by:
            raise UsageError("--sort-by cannot go with --cvid (Zoho sorts a view its own way)")
        with open_client(args, err) as client:
            types = _field_types(client, product, args)
            fields = _fields(args, types)
            progress = Progress(
                None, label=f"export {args.module}", stream=err, enabled=not args.no_progress
            )
            try:
                records = _records(client, product, args, fields, searching)
                count = _write(args.out, fmt, fields, types, records, progress)
            except ValueError as exc:  # an argument the client refused
                raise UsageError(str(exc)) from None
            except SearchLimitError as exc:
                raise UsageError(f"{exc}; nothing was written to {args.out}") from None
            except ZohoError as exc:
                raise UsageError(
                    f"the export of {args.module} failed ({exc}); nothing was written to {args.out}"
                ) from None
            progress.finish()
        print(
            f"zoho-records: exported {count:,} record(s) of {args.module} to {args.out} "
            f"(columns: id, {', '.join(fields)})",
            file=err,
        )
        return 0


def _field_types(client: ZohoClient, product: str, args: argparse.Namespace) -> dict[str, Any]:
    """Field API name -> its metadata (empty when the metadata cannot be read)."""
    try:
        if product == "crm":
            meta = client.crm.get_fields(args.module, version=args.api_version)
        else:
            meta = client.bigin.get_fields(args.module)
    except ZohoError as exc:
        if getattr(exc, "code", None) == "INVALID_MODULE":
            choice = ProductChoice("export", args.product is None, True)
            raise unknown_module(args.module, product, exc, choice) from None
        if args.fields:
            return {}  # the cells are written from their JSON values
        raise metadata_failure(args.module, exc) from None
    return {f["api_name"]: f for f in meta if isinstance(f, dict) and "api_name" in f}


def writable(field: Mapping[str, Any]) -> bool:
    """Whether an update can write the field back (not read-only, not computed)."""
    if field.get("read_only") or field.get("field_read_only"):
        return False
    return field.get("data_type") not in NOT_WRITABLE_TYPES and field.get("api_name") != "id"


def _fields(args: argparse.Namespace, types: Mapping[str, Any]) -> list[str]:
    if args.fields:
        names = [f.strip() for f in args.fields.split(",") if f.strip()]
        names = [n for n in names if n != "id"]  # always the first column
        unknown = [n for n in names if types and n not in types]
        if unknown:
            raise UsageError(
                f"--fields: {', '.join(unknown)} not in {args.module}'s fields (see "
                f"zoho-records fields --module {args.module})"
            )
    else:
        names = [name for name, f in types.items() if writable(f)]
    if not names:
        raise UsageError(f"no field to export from {args.module}: name them with --fields")
    if len(names) > C.FIELDS_PER_READ:
        raise UsageError(
            f"{args.module} has {len(names)} fields to export; Zoho reads at most "
            f"{C.FIELDS_PER_READ} per request: name the ones you need with --fields"
        )
    return names


def _records(
    client: ZohoClient,
    product: str,
    args: argparse.Namespace,
    fields: list[str],
    searching: bool,
) -> Iterator[dict[str, Any]]:
    if searching:
        search = {k: getattr(args, k) for k in ("criteria", "email", "phone", "word")}
        if product == "crm":
            return client.crm.iter_search(
                args.module,
                **search,
                fields=fields,
                per_page=args.per_page,
                version=args.api_version,
            )
        return client.bigin.iter_search(args.module, **search, per_page=args.per_page)
    read: dict[str, Any] = {
        "fields": fields,
        "per_page": args.per_page,
        "sort_by": args.sort_by,
        "sort_order": args.sort_order,
        "cvid": args.cvid,
    }
    if product == "crm":
        return client.crm.iter_records(args.module, version=args.api_version, **read)
    return client.bigin.iter_records(args.module, **read)


def cell(value: Any, data_type: str | None) -> str:
    """A CSV cell ``update`` reads back as ``value`` (see ``cells.convert_cell``)."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return repr(value)
    if data_type in LOOKUP_TYPES and isinstance(value, dict) and value.get("id") is not None:
        return str(value["id"])
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _write(
    out: Path,
    fmt: str,
    fields: list[str],
    meta: Mapping[str, Any],
    records: Iterable[dict[str, Any]],
    progress: Progress,
) -> int:
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.resolve().parent)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            count = _write_rows(handle, fmt, fields, meta, records, progress)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def _write_rows(
    handle: IO[str],
    fmt: str,
    fields: list[str],
    meta: Mapping[str, Any],
    records: Iterable[dict[str, Any]],
    progress: Progress,
) -> int:
    count = 0
    columns = ["id", *fields]
    if fmt == "jsonl":
        for record in records:
            row = {k: record[k] for k in columns if k in record}
            handle.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
            progress.advance(1)
        return count
    types = [None, *(str(meta.get(f, {}).get("data_type") or "") or None for f in fields)]
    writer = csv.writer(handle, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([cell(record.get(c), t) for c, t in zip(columns, types, strict=True)])
        count += 1
        progress.advance(1)
    return count


__all__ = ["Export", "cell", "writable"]
