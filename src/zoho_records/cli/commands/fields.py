"""``zoho-records fields``: a module's fields (API names, types, labels, picklist values)."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ... import RateLimitError, ZohoError
from ... import _constants as C
from ..errors import UsageError
from ..metadata import print_fields, rate_limited, unknown_module
from ..options import check_names
from ..target import open_client
from .base import Command


class Fields(Command):
    name = "fields"
    help = "list a module's fields: API names, types, labels and picklist values"
    parent = "targets"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--module", required=True, help="module API name, e.g. Deals")
        parser.add_argument("--json", action="store_true", help="print the fields metadata as JSON")
        parser.set_defaults(concurrency=1, max_retries=C.DEFAULT_MAX_RETRIES)

    def main(self, args: argparse.Namespace, err: TextIO) -> int:
        product = self.product(args)
        check_names(args)
        with open_client(args, err) as client:
            try:
                if product == "crm":
                    fields = client.crm.get_fields(args.module, version=args.api_version)
                else:
                    fields = client.bigin.get_fields(args.module)
            except ZohoError as exc:
                if getattr(exc, "code", None) == "INVALID_MODULE":
                    raise unknown_module(
                        args.module, product, exc, self.product_choice(args)
                    ) from None
                if isinstance(exc, RateLimitError):
                    raise UsageError(
                        f"could not read the fields of {args.module}: {rate_limited(exc)}"
                    ) from None
                raise UsageError(f"could not read the fields of {args.module}: {exc}") from None
        print_fields(fields, args.module, product, sys.stdout, as_json=args.json)
        return 0
