"""Reading records in bulk: Get Records (paging by page and by page token) and Search Records.

No HTTP here: ``responses`` parses the query into :class:`PageArgs` / :class:`SearchArgs` and
renders the :class:`Page` (``info``) or 204 when it is empty.

Zoho's rules (the spec's ``x-zoho-limits`` and ``x-zoho-errors`` of getRecords/searchRecords):
``page`` reaches the first 2,000 records (``DISCRETE_PAGINATION_LIMIT_EXCEEDED`` past them); a
``page_token`` (in ``info.next_page_token`` of every page with more records) reaches 100,000
(``PAGINATION_LIMIT_EXCEEDED``), expires 24 hours after it was issued (``EXPIRED_VALUE``) and is
bound to the parameters it was issued for (``TOKEN_BOUND_DATA_MISMATCH``); a search reaches
2,000 (``LIMIT_REACHED``). Records come in a stable order (the sort key, then the id), so paging
returns each record once while nothing is written in between.
"""

from __future__ import annotations

import datetime as _dt
import re
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import zoho_wire_facts as wire  # noqa: F401  (the facts module; limits below are Zoho's)

from ..exceptions import ZohoError
from ..schema import FieldDef, ModuleDef, coerce_id, parse_datetime
from .base import BackendBase
from .mass_update import _matches_view
from .results import Page, PageArgs, SearchArgs
from .state import ProductState, _casefold

PAGE_REACH = 2000
TOKEN_REACH = 100_000
TOKEN_TTL_SECONDS = 24 * 3600
SEARCH_REACH = 2000
CRITERIA_CONDITIONS = 10
IN_VALUES = 100
SORTABLE = ("id", "Created_Time", "Modified_Time")


@dataclass(slots=True)
class _Token:
    product: str
    module: str
    bound: tuple[Any, ...]
    offset: int
    expires: float
    # the ids of the read, in its order, taken when its first page was served: the later pages
    # of a token chain are slices of it (records deleted since are left out, records written
    # since show their new values), so a read of n records sorts once, not once a page
    order: list[str]


def _bad(code: str, message: str, **details: Any) -> ZohoError:
    return ZohoError(code=code, message=message, status=400, details=details)


class ReadingOps(BackendBase):
    """Get Records and Search Records."""

    # ---- get records ------------------------------------------------------------------------
    def get_records(self, product: str, module: str, args: PageArgs) -> Page:
        st = self.products[product]
        with self.lock:
            self._advance_jobs(st)
            mod = st.module_def(module)
            bound = (args.fields, args.sort_by, args.sort_order, args.cvid, args.ids,
                     args.approved, args.converted)  # fmt: skip
            start, page_no, order_ids = self._page_start(product, mod, args, bound)
            if start + args.per_page > TOKEN_REACH:
                raise _bad(
                    "PAGINATION_LIMIT_EXCEEDED",
                    "You can only get up to first 100000 records using page_token param.",
                    limit=TOKEN_REACH,
                )
            end = start + args.per_page
            if order_ids is not None and args.modified_since is None:
                held = st.records[mod.api_name]
                chunk = [held[i] for i in order_ids[start:end] if i in held]
            else:
                recs = self._sorted(st, mod, args)
                if args.modified_since is not None and not any(
                    (mt := parse_datetime(r.get("Modified_Time"))) is not None
                    and mt > args.modified_since
                    for r in recs
                ):
                    return Page([], args.per_page, False, page_no, not_modified=True)
                chunk = recs[start:end]
                order_ids = [r["id"] for r in recs] if end < len(recs) else []
            more = end < len(order_ids)
            page = Page(
                records=[_project(r, args.fields) for r in chunk],
                per_page=args.per_page,
                more_records=more,
                page=page_no,
                sort_by=args.sort_by or "id",
                sort_order=args.sort_order or "desc",
            )
            if more:
                token = secrets.token_hex(24)
                expires = self.clock() + TOKEN_TTL_SECONDS
                if len(self.page_tokens) % 1024 == 1023:  # now and then, forget expired tokens
                    now = self.clock()
                    self.page_tokens = {
                        k: t for k, t in self.page_tokens.items() if t.expires > now
                    }
                self.page_tokens[token] = _Token(
                    product, mod.api_name, bound, end, expires, order_ids
                )
                page.next_page_token = token
                page.page_token_expiry = (
                    _dt.datetime.fromtimestamp(expires, st.tz).replace(microsecond=0).isoformat()
                )
            if args.page_token is not None:
                page.previous_page_token = args.page_token
            return page

    def _page_start(
        self, product: str, mod: ModuleDef, args: PageArgs, bound: tuple[Any, ...]
    ) -> tuple[int, int, list[str] | None]:
        """(offset, page number, the ids of the read the page token continues, or None)."""
        if args.page_token is None:
            page_no = args.page or 1
            if page_no * args.per_page > PAGE_REACH:
                raise _bad(
                    "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
                    "You can only get the first 2000 records without using page_token param.",
                    limit=PAGE_REACH,
                )
            return (page_no - 1) * args.per_page, page_no, None
        tok = self.page_tokens.get(args.page_token)
        if tok is None or tok.product != product or tok.module != mod.api_name:
            raise _bad("INVALID_DATA", "The token given seems to be invalid.",
                       param_name="page_token")  # fmt: skip
        if self.clock() >= tok.expires:
            raise _bad("EXPIRED_VALUE", "The token given has expired.",
                       param_name="page_token")  # fmt: skip
        if tok.bound != bound:
            raise _bad(
                "TOKEN_BOUND_DATA_MISMATCH",
                "The page_token given seems to be invalid or input param is added, "
                "altered, or deleted.",
                param_name="page_token",
            )
        return tok.offset, tok.offset // args.per_page + 1, tok.order

    def _sorted(self, st: ProductState, mod: ModuleDef, args: PageArgs) -> list[dict[str, Any]]:
        recs = self._selected(st, mod, args)
        sort_by = args.sort_by or "id"
        recs.sort(key=lambda r: (_sort_key(r.get(sort_by)), r["id"]),
                  reverse=(args.sort_order or "desc") == "desc")  # fmt: skip
        return recs

    def _selected(self, st: ProductState, mod: ModuleDef, args: PageArgs) -> list[dict[str, Any]]:
        if args.sort_by is not None and args.sort_by not in SORTABLE:
            f = mod.fields.get(args.sort_by)
            if f is None:
                raise _bad("INVALID_DATA", "the given sort_by field is invalid",
                           param_name="sort_by")  # fmt: skip
        recs = list(st.records[mod.api_name].values())
        if args.cvid is not None:
            view = st.views.get(args.cvid)
            if view is None or view.get("module", mod.api_name) != mod.api_name:
                raise _bad("INVALID_DATA", "the cvid given seems to be invalid", param_name="cvid")
            recs = [r for r in recs if _matches_view(r, view)]
        if args.ids is not None:
            wanted = set(args.ids)
            recs = [r for r in recs if r["id"] in wanted]
        if args.approved in ("true", "false"):
            want = args.approved == "true"
            recs = [r for r in recs if (r.get("$approved") is not False) == want]
        if args.converted in ("true", "false"):
            want = args.converted == "true"
            recs = [r for r in recs if bool(r.get("$converted")) == want]
        return recs

    # ---- search -----------------------------------------------------------------------------
    def search_records(self, product: str, module: str, args: SearchArgs) -> Page:
        st = self.products[product]
        with self.lock:
            self._advance_jobs(st)
            mod = st.module_def(module)
            if args.page * args.per_page > SEARCH_REACH:
                raise _bad("LIMIT_REACHED", "Maximum response iteration limit reached",
                           limit=SEARCH_REACH)  # fmt: skip
            recs = list(st.records[mod.api_name].values())
            if args.criteria is not None:
                tree = parse_criteria(args.criteria, mod)
                found = [r for r in recs if _eval(tree, r)]
            elif args.email is not None:
                found = _by_type(recs, mod, ("email",), args.email)
            elif args.phone is not None:
                found = _by_type(recs, mod, ("phone",), args.phone)
            elif args.word is not None:
                word = args.word.strip()
                if len(word) < 2 or re.search(r"[()\\,:*]", word):
                    raise _bad(
                        "INVALID_DATA",
                        "The search value contains special characters or does not contain at "
                        "least two characters",
                        param_name="word",
                    )
                found = [r for r in recs if _has_word(r, mod, word)]
            else:
                raise _bad("EXPECTED_PARAM_MISSING", "mandatory param missing")
            found.sort(key=lambda r: r["id"], reverse=True)
            start = (args.page - 1) * args.per_page
            chunk = found[start : start + args.per_page]
            return Page(
                records=[_project(r, args.fields) if args.fields else dict(r) for r in chunk],
                per_page=args.per_page,
                more_records=start + args.per_page < len(found),
                page=args.page,
            )


# ---- helpers -------------------------------------------------------------------------------


def _sort_key(v: Any) -> tuple[int, Any]:
    if v is None:
        return (0, "")
    if isinstance(v, dict):
        v = v.get("name") or v.get("id") or ""
    if isinstance(v, bool):
        return (1, int(v))
    if isinstance(v, int | float):
        return (1, v)
    return (2, str(v).casefold())


def _project(rec: dict[str, Any], fields: tuple[str, ...] | None) -> dict[str, Any]:
    if not fields:
        return dict(rec)
    out = {"id": rec["id"]}
    for f in fields:
        if f in rec:
            out[f] = rec[f]
    return out


def _by_type(
    recs: list[dict[str, Any]], mod: ModuleDef, types: tuple[str, ...], value: str
) -> list[dict[str, Any]]:
    names = [f.api_name for f in mod.fields.values() if f.data_type in types]
    want = _casefold(value.strip())
    return [r for r in recs if any(_casefold(r.get(n)) == want for n in names)]


def _has_word(rec: dict[str, Any], mod: ModuleDef, word: str) -> bool:
    w = word.casefold()
    for name, f in mod.fields.items():
        v = rec.get(name)
        if isinstance(v, str) and f.data_type not in ("datetime", "date") and w in v.casefold():
            return True
    return False


# ---- criteria --------------------------------------------------------------------------------

OPERATORS = (
    "equals", "not_equal", "starts_with", "in", "greater_than", "greater_equal", "less_than",
    "less_equal", "between",
)  # fmt: skip
COMPARISONS = ("greater_than", "greater_equal", "less_than", "less_equal", "between")
NUMERIC = ("integer", "bigint", "double", "currency", "decimal", "percent", "long")
DATES = ("date", "datetime")
TEXTUAL = ("text", "textarea", "email", "phone", "website", "multiselectpicklist", "autonumber")
BY_TYPE: dict[str, tuple[str, ...]] = {
    "boolean": ("equals", "not_equal"),
    "picklist": ("equals", "not_equal", "in"),
    "lookup": ("equals", "not_equal", "in"),
    "ownerlookup": ("equals", "not_equal", "in"),
    "userlookup": ("equals", "not_equal", "in"),
}


def _invalid_query(reason: str, **details: Any) -> ZohoError:
    return _bad("INVALID_QUERY", "invalid query formed", reason=reason, **details)


@dataclass(slots=True)
class _Cond:
    field: FieldDef
    op: str
    values: list[str]


Tree = _Cond | tuple[str, list[Any]]  # a condition, or ("and"|"or", [subtrees])


def parse_criteria(text: str, mod: ModuleDef) -> Tree:
    """Zoho's criteria (``((F:op:v)and(F:op:v))``; ``\\`` escapes a comma or parenthesis in a
    value) -> a tree, or INVALID_QUERY naming what is wrong."""
    pos = 0
    count = 0

    def group() -> Tree:
        nonlocal pos
        items: list[Tree] = [term()]
        joiner: str | None = None
        while pos < len(text) and text[pos] != ")":
            m = re.compile(r"(and|or)", re.I).match(text, pos)
            if m is None:
                raise _invalid_query(f"expected 'and' or 'or' at position {pos}")
            j = m.group(1).lower()
            if joiner is not None and j != joiner:
                raise _invalid_query("mix of 'and' and 'or' in one group: add parentheses")
            joiner = j
            pos = m.end()
            items.append(term())
        return items[0] if len(items) == 1 else (joiner or "and", items)

    def term() -> Tree:
        nonlocal pos, count
        if pos >= len(text) or text[pos] != "(":
            raise _invalid_query(f"expected '(' at position {pos}")
        pos += 1
        if pos < len(text) and text[pos] == "(":
            inner = group()
            if pos >= len(text) or text[pos] != ")":
                raise _invalid_query("unbalanced parentheses")
            pos += 1
            return inner
        # (field:op:value) with escapes in the value
        buf: list[str] = []
        while pos < len(text):
            ch = text[pos]
            if ch == "\\" and pos + 1 < len(text):
                buf.append("\\" + text[pos + 1])
                pos += 2
                continue
            if ch == ")":
                break
            if ch == "(":
                raise _invalid_query("an unescaped '(' inside a condition")
            buf.append(ch)
            pos += 1
        if pos >= len(text):
            raise _invalid_query("unbalanced parentheses")
        pos += 1
        count += 1
        if count > CRITERIA_CONDITIONS:
            raise _invalid_query(f"more than {CRITERIA_CONDITIONS} conditions", limit=10)
        return _condition("".join(buf), mod)

    tree = group()
    if pos != len(text):
        raise _invalid_query(f"unexpected text at position {pos}")
    return tree


def _split_escaped(s: str, sep: str, maxsplit: int = -1) -> list[str]:
    out, buf, i, n = [], [], 0, 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            buf.append(s[i : i + 2])
            i += 2
            continue
        if s[i] == sep and (maxsplit < 0 or n < maxsplit):
            out.append("".join(buf))
            buf, n = [], n + 1
        else:
            buf.append(s[i])
        i += 1
    out.append("".join(buf))
    return out


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s)


def _condition(raw: str, mod: ModuleDef) -> _Cond:
    parts = _split_escaped(raw, ":", 2)
    if len(parts) != 3:
        raise _invalid_query(f"a condition is (field:operator:value), got ({_unescape(raw)})")
    name, op, value = parts[0].strip(), parts[1].strip().lower(), parts[2]
    f = mod.fields.get(name)
    if f is None:
        raise _invalid_query(f"no field {name!r} in {mod.api_name}", api_name=name)
    if op not in OPERATORS:
        raise _invalid_query(f"unknown operator {op!r}", operator=op)
    allowed = _allowed(f)
    if op not in allowed:
        raise _invalid_query(
            f"operator {op!r} does not apply to {name} ({f.data_type})", operator=op, api_name=name
        )
    if op in ("in", "between"):
        values = [_unescape(v).strip() for v in _split_escaped(value, ",")]
        if op == "between" and len(values) != 2:
            raise _invalid_query("between takes two comma-separated values", operator=op)
        if op == "in" and len(values) > IN_VALUES:
            raise _invalid_query(f"more than {IN_VALUES} values for in", operator=op)
    else:
        values = [_unescape(value).strip()]
    return _Cond(f, op, values)


def _allowed(f: FieldDef) -> tuple[str, ...]:
    if f.data_type in BY_TYPE:
        return BY_TYPE[f.data_type]
    if f.data_type in NUMERIC or f.data_type in DATES:
        return ("equals", "not_equal", "in", *COMPARISONS)
    return ("equals", "not_equal", "starts_with", "in")


def _eval(tree: Tree, rec: dict[str, Any]) -> bool:
    if isinstance(tree, _Cond):
        return _match(tree, rec)
    joiner, items = tree
    if joiner == "and":
        return all(_eval(t, rec) for t in items)
    return any(_eval(t, rec) for t in items)


def _scalar(f: FieldDef, v: Any) -> Any:
    if isinstance(v, dict):
        return v.get("id")
    return v


def _cmp_value(f: FieldDef, v: Any) -> Any:
    if v is None:
        return None
    if f.data_type in NUMERIC:
        try:
            return Decimal(str(v))
        except InvalidOperation:
            return None
    if f.data_type == "datetime":
        return parse_datetime(str(v))
    if f.data_type == "date":
        return str(v)[:10]
    if f.data_type == "boolean":
        return str(v).lower() == "true" if isinstance(v, str) else bool(v)
    return _casefold(str(v))


def _match(c: _Cond, rec: dict[str, Any]) -> bool:
    f = c.field
    raw = rec.get(f.api_name)
    if isinstance(raw, list):  # multi-select: any of its values
        return (
            any(_match_one(c, f, x) for x in raw)
            if c.op != "not_equal"
            else all(_match_one(c, f, x) for x in raw)
        )
    return _match_one(c, f, raw)


def _match_one(c: _Cond, f: FieldDef, raw: Any) -> bool:
    have = _cmp_value(f, _scalar(f, raw))
    wants = [_cmp_value(f, coerce_id(v) or v if f.data_type.endswith("lookup") else v)
             for v in c.values]  # fmt: skip
    op = c.op
    if op == "equals":
        if isinstance(have, str) and isinstance(wants[0], str) and f.data_type in TEXTUAL:
            return wants[0] in have  # Zoho: equals on text matches like contains
        return have is not None and bool(have == wants[0])
    if op == "not_equal":
        if isinstance(have, str) and isinstance(wants[0], str) and f.data_type in TEXTUAL:
            return wants[0] not in have
        return bool(have != wants[0])
    if op == "starts_with":
        return isinstance(have, str) and isinstance(wants[0], str) and have.startswith(wants[0])
    if op == "in":
        return have is not None and have in wants
    if have is None or any(w is None for w in wants):
        return False
    try:
        if op == "greater_than":
            return bool(have > wants[0])
        if op == "greater_equal":
            return bool(have >= wants[0])
        if op == "less_than":
            return bool(have < wants[0])
        if op == "less_equal":
            return bool(have <= wants[0])
        return bool(wants[0] <= have <= wants[1])  # between
    except TypeError:
        return False
