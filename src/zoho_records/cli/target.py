"""Where to send and with which credentials: ``--dc``/``--base-url`` and the environment, or
the embedded emulator when no target is given."""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Iterator
from typing import TextIO

from .. import ZohoClient
from .errors import UsageError
from .options import ENV_HELP, check_target_env


@contextlib.contextmanager
def open_client(args: argparse.Namespace, err: TextIO) -> Iterator[ZohoClient]:
    check_target_env(args)
    env = os.environ
    common = {"concurrency": args.concurrency, "max_retries": args.max_retries}
    if args.environment is not None and args.dc is None and args.base_url is None:
        raise UsageError(f"--environment {args.environment} needs --dc (the data centre it is in)")
    if args.dc is None and args.base_url is None:
        # The one place zoho_records touches the emulator: a safe default target for trying out.
        try:
            from zoho_emulator.testing import EmulatorServer
        except ModuleNotFoundError as exc:  # installed without the [emulator] extra
            raise UsageError(
                f"no target given (--dc/--base-url), and the embedded emulator needs the "
                f"'emulator' extra ({exc.name} is not installed): pip install "
                "'zoho-records[emulator]', or name a target with --dc or --base-url"
            ) from None

        with EmulatorServer() as server:
            print(
                f"zoho-records: no target given (--dc/--base-url): using an embedded Zoho emulator "
                f"at {server.base_url} with its demo data; nothing is sent to Zoho.",
                file=err,
            )
            with ZohoClient(
                base_url=server.base_url, access_token=server.token, **common
            ) as client:
                yield client
        return
    access = env.get("ZOHO_ACCESS_TOKEN") or None
    refresh = {
        k: env.get(f"ZOHO_{k.upper()}") or None
        for k in ("refresh_token", "client_id", "client_secret")
    }
    if access is None and not all(refresh.values()):
        missing = [f"ZOHO_{k.upper()}" for k, v in refresh.items() if not v]
        raise UsageError(
            f"no credentials for {args.base_url or args.dc}: {ENV_HELP} (missing {', '.join(missing)})"
        )
    use_refresh = all(refresh.values())
    try:
        client = ZohoClient(
            dc=args.dc,
            environment=args.environment,
            base_url=args.base_url,
            accounts_url=args.accounts_url,
            access_token=access,
            refresh_token=refresh["refresh_token"] if use_refresh else None,
            client_id=refresh["client_id"] if use_refresh else None,
            client_secret=refresh["client_secret"] if use_refresh else None,
            concurrency=args.concurrency,
            max_retries=args.max_retries,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    with client:
        yield client
