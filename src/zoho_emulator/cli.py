"""``zoho-emulator serve [--host 127.0.0.1] [--port 8080] [--token TOKEN[=scope,...] ...]
[--data FILE] [--db FILE]``"""

from __future__ import annotations

import argparse
import sys

from .config import EmulatorConfig


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="zoho-emulator", description="A stateful Zoho CRM / Bigin emulator."
    )
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="run the emulator HTTP server")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8080)
    s.add_argument(
        "--token",
        action="append",
        default=None,
        metavar="TOKEN[=SCOPES]",
        help="an access token allowed in, with all scopes or the comma-separated ones "
        "(repeatable; default zoho-emulator-token)",
    )
    s.add_argument(
        "--data", default=None, help="dataset file (JSON or YAML); default: the packaged one"
    )
    s.add_argument(
        "--db", default=None, help="SQLite file to persist state in (default: in memory)"
    )
    s.add_argument(
        "--job-step-seconds",
        type=float,
        default=0.0,
        help="mass-update job pacing; 0 = each status poll advances one step",
    )
    s.add_argument("--max-concurrent-requests", type=int, default=None)
    s.add_argument("--api-domain", default=None, help="api_domain the OAuth endpoint answers with")
    s.add_argument(
        "--extra-operations",
        action="store_true",
        help="also serve list records, insert records and CRM upsert",
    )
    s.add_argument("--log-level", default="warning")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        import uvicorn

        from .app import create_app

        config = EmulatorConfig(
            tokens=args.token,
            data=args.data,
            db=args.db,
            job_step_seconds=args.job_step_seconds,
            max_concurrent_requests=args.max_concurrent_requests,
            extra_operations=args.extra_operations,
            api_domain=args.api_domain or f"http://{args.host}:{args.port}",
        )
        app = create_app(config)
        print(
            f"zoho-emulator listening on http://{args.host}:{args.port}",
            file=sys.stderr,
            flush=True,
        )
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            log_level=args.log_level,
            access_log=False,
            lifespan="off",
        )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
