"""``zoho-emulator serve [--host 127.0.0.1] [--port 8080] [--token TOKEN[=scope,...] ...]
[--data FILE] [--db FILE] [--control-token TOKEN] [--edition EDITION [--users N]]
[--daily-credits N] [--latency 200ms|100ms-400ms [--seed N]]``

``--edition`` and ``--latency`` make the emulator behave like a loaded Zoho (``limits``):
the edition's concurrency cap, sub-concurrency and credits per rolling 24 hours, answered
with 429 ``TOO_MANY_REQUESTS`` as Zoho does; ``GET /_emulator/stats`` counts what happened.

The control endpoints (``/_emulator/...``: reset, load, faults, tokens, records) change or show
everything. On a loopback address they are open unless ``--control-token`` is given; on any
other address they always need the header ``X-Emulator-Control-Token`` (a random token is made
when ``--control-token`` is not given), and the start message says so.

A problem with what the command line was given (a port in use, an unreadable or malformed
dataset, an unusable SQLite file) is one ``zoho-emulator: error: ...`` line and exit status 2.
"""

from __future__ import annotations

import argparse
import errno
import importlib.util
import ipaddress
import json
import secrets
import socket
import sqlite3
import sys
from typing import TYPE_CHECKING, Any

from . import EXTRA_HINT, SERVER_STACK
from .config import EmulatorConfig
from .limits import EDITIONS, Latency

if TYPE_CHECKING:
    import uvicorn

    from .app import EmulatorApp

PROG = "zoho-emulator"
DATASET_SHAPE = (
    "a dataset is a mapping {crm: {...}, bigin: {...}} whose products have org, current_user, "
    "users, modules and records (see zoho_emulator/data/default_dataset.yaml)"
)


class UsageError(Exception):
    """What the command line was given cannot be used; the message says what to do."""


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"invalid port {text!r}: a number from 0 to 65535")
    return port


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"invalid number {text!r}: a whole number of 1 or more")
    return value


def _latency(text: str) -> Latency:
    try:
        return Latency.parse(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _add_load_options(s: argparse.ArgumentParser) -> None:
    """The options of a loaded Zoho (``limits``); all off by default."""
    g = s.add_argument_group(
        "a loaded Zoho (all off by default; GET /_emulator/stats counts requests, 429s by "
        "reason, credits, peak concurrency; POST /_emulator/limits sets the limits at run time, "
        "the whole set: a key the body leaves out is off, or the edition's)"
    )
    g.add_argument(
        "--edition",
        choices=tuple(EDITIONS),
        default=None,
        help="Zoho CRM edition whose API limits to apply: its concurrent calls (free 5, "
        "standard 10, professional 15, enterprise 20, ultimate 25), 10 for heavy calls (writes "
        "of more than 10 records, get records with cvid or sort_by) and its credits per "
        "rolling 24 hours; over any of them 429 TOO_MANY_REQUESTS, as Zoho answers",
    )
    g.add_argument(
        "--users",
        type=_positive,
        default=None,
        metavar="N",
        help="user licences of the --edition org, for its credits (base + N x per-user credits, "
        "up to the edition's maximum; default 1)",
    )
    g.add_argument(
        "--daily-credits",
        type=_positive,
        default=None,
        metavar="N",
        help="credits per rolling 24 hours instead of the edition's (also without --edition)",
    )
    g.add_argument(
        "--sub-concurrency",
        type=_positive,
        default=None,
        metavar="N",
        help="heavy calls in flight instead of the edition's 10 (also without --edition)",
    )
    g.add_argument(
        "--latency",
        type=_latency,
        default=None,
        metavar="TIME",
        help="delay every answer of the API: 200ms, 0.2s, or 100ms-400ms (uniform, drawn "
        "reproducibly from --seed); a call holds its concurrency slot meanwhile",
    )
    g.add_argument(
        "--seed",
        type=int,
        default=0,
        help="seed of the latency draws and of the faults' probabilities (default 0)",
    )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, description="A stateful Zoho CRM / Bigin emulator.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve_help = (
        "run the emulator HTTP server (the Zoho CRM and Bigin record endpoints, the fields "
        "metadata and an OAuth token endpoint) until Ctrl-C"
    )
    s = sub.add_parser("serve", help=serve_help, description=serve_help)
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 listens on "
        "every interface)",
    )
    s.add_argument(
        "--port",
        type=_port,
        default=8080,
        help="port to listen on; 0 = any free port (default 8080)",
    )
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
        help="mass-update job pacing; 0 = each status poll advances one step (a job nobody "
        "polls ends 10 s after it was scheduled)",
    )
    s.add_argument(
        "--max-concurrent-requests",
        type=_positive,
        default=None,
        metavar="N",
        help="answer 429 TOO_MANY_REQUESTS while N requests are already in flight, as Zoho's "
        "concurrency limit does (default: no limit, or the --edition's)",
    )
    s.add_argument("--api-domain", default=None, help="api_domain the OAuth endpoint answers with")
    s.add_argument(
        "--extra-operations",
        action="store_true",
        help="deprecated, no effect: insert, upsert, get records, search and delete are always "
        "served (since spec 2.2.0)",
    )
    s.add_argument(
        "--control-token",
        default=None,
        metavar="TOKEN",
        help="require the header X-Emulator-Control-Token: TOKEN on the control endpoints "
        "(/_emulator/...); always required on a non-loopback --host (a random one is made "
        "and printed if not given)",
    )
    s.add_argument(
        "--log-level",
        default="warning",
        type=str.lower,
        choices=("critical", "error", "warning", "info", "debug", "trace"),
        help="the server's (uvicorn's) log level on stderr (default warning)",
    )
    _add_load_options(s)
    return p


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (or ``localhost``); a name is not trusted."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def control_token(host: str, given: str | None) -> tuple[str | None, str | None]:
    """The control token to require (None: open) and the line that says so at start."""
    if given is not None:
        if not given.strip() or any(c.isspace() for c in given):
            raise UsageError("--control-token must be a non-empty token without spaces")
        return given, (
            "control endpoints (/_emulator/...) need the header X-Emulator-Control-Token "
            "(the --control-token given)"
        )
    if is_loopback(host):
        return None, None
    token = secrets.token_urlsafe(24)
    return token, (
        f"listening on {host}, which is not loopback: the control endpoints (/_emulator/...) "
        f"need the header X-Emulator-Control-Token: {token} (choose it with --control-token)"
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    missing = [name for name in SERVER_STACK if importlib.util.find_spec(name) is None]
    if missing:  # the plain install: the SDK alone
        print(
            f"{PROG}: the emulator needs the 'emulator' extra ({', '.join(missing)} not "
            f"installed): {EXTRA_HINT}",
            file=sys.stderr,
            flush=True,
        )
        return 2
    if args.command == "serve":
        try:
            return _serve(args)
        except UsageError as e:
            print(f"{PROG}: error: {e}", file=sys.stderr, flush=True)
            return 2
    return 0


def _serve(args: argparse.Namespace) -> int:
    """Bind, check the inputs, build the app, serve until stopped."""
    import uvicorn

    # bind first: it is cheap, and a port in use is then reported before the dataset is loaded
    # or anything is written to --db
    sock = _listen(args.host, args.port)
    try:
        port: int = sock.getsockname()[1]
        url = f"http://[{args.host}]:{port}" if ":" in args.host else f"http://{args.host}:{port}"
        if args.data is not None:
            _check_dataset(args.data)
        restoring = _check_db(args.db) if args.db is not None else False
        control, notice = control_token(args.host, args.control_token)
        if args.users is not None and args.edition is None:
            raise UsageError(
                "--users counts the user licences of an edition: give --edition too (or "
                "--daily-credits N for a number of credits of your own)"
            )
        if args.extra_operations:
            print(
                "zoho-emulator: --extra-operations is deprecated and has no effect: insert, "
                "upsert, get records, search and delete are always served",
                file=sys.stderr,
            )
        config = EmulatorConfig(
            control_token=control,
            tokens=args.token,
            data=args.data,
            db=args.db,
            job_step_seconds=args.job_step_seconds,
            max_concurrent_requests=args.max_concurrent_requests,
            edition=args.edition,
            users=args.users,
            daily_credits=args.daily_credits,
            sub_concurrency=args.sub_concurrency,
            latency=args.latency,
            seed=args.seed,
            api_domain=args.api_domain or url,
        )
        app = _create_app(config, args.data, args.db, restoring)
        limits = config.load_profile().describe()
        notice = "\n".join(n for n in (notice, limits and f"limits: {limits}") if n) or None
        server = _announcing_server(
            uvicorn.Config(
                app,
                host=args.host,
                port=port,
                log_level=args.log_level,
                access_log=False,
                lifespan="off",
            ),
            url,
            notice,
        )
        try:
            server.run(sockets=[sock])
        except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it handled (uvicorn.run too)
            pass
    finally:
        sock.close()
    # uvicorn's own status when it gave up before serving
    return 0 if server.started else 3


def _listen(host: str, port: int) -> socket.socket:
    """A socket listening on host:port (port 0: a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto must be IPPROTO_TCP: asyncio only sets TCP_NODELAY on accepted sockets of such
    # listeners (with proto 0 every response would wait ~40 ms on Nagle + delayed ACK)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        # as uvicorn does: a restart may take the port while old connections are in TIME_WAIT
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as e:
        sock.close()
        where = f"{host}:{port}"
        if e.errno == errno.EADDRINUSE:
            raise UsageError(
                f"port {port} on {host} is already in use; stop what is using it, pick another "
                "--port, or pass --port 0 for any free port"
            ) from None
        if e.errno == errno.EACCES:
            raise UsageError(
                f"not allowed to listen on {where} (ports below 1024 need privileges); "
                "pick another --port, or pass --port 0 for any free port"
            ) from None
        raise UsageError(
            f"cannot listen on {where}: {e.strerror or e}; check --host and --port"
        ) from None
    return sock


def _check_dataset(path: str) -> None:
    """Read and parse the --data file (its shape is checked when the app is built)."""
    import yaml

    from .dataset import load_dataset

    what = "JSON" if path.endswith(".json") else "YAML"
    try:
        load_dataset(path)
    except OSError as e:
        raise UsageError(
            f"cannot read the dataset file {path}: {e.strerror or e}; pass an existing JSON or "
            "YAML file to --data, or leave --data out for the packaged dataset"
        ) from None
    except UnicodeDecodeError as e:
        raise UsageError(
            f"the dataset file {path} is not UTF-8 text ({e.reason} at byte {e.start}); "
            f"save it as UTF-8 {what}"
        ) from None
    except json.JSONDecodeError as e:
        raise UsageError(
            f"the dataset file {path} is not valid JSON: {e.msg} at line {e.lineno}, column "
            f"{e.colno}; fix the file"
        ) from None
    except yaml.YAMLError as e:
        raise UsageError(
            f"the dataset file {path} is not valid YAML: {_yaml_problem(e)}; fix the file"
        ) from None
    except ValueError:  # parsed, but not a mapping at the top
        raise UsageError(
            f"the dataset file {path} does not have the expected shape: its top level is not "
            f"a mapping; {DATASET_SHAPE}"
        ) from None


def _yaml_problem(e: Any) -> str:
    # a MarkedYAMLError's str() spans several lines and names "<unicode string>", not the file
    problem = getattr(e, "problem", None)
    mark = getattr(e, "problem_mark", None)
    if problem is None:
        return " ".join(str(e).split())
    if mark is None:
        return str(problem)
    return f"{problem} at line {mark.line + 1}, column {mark.column + 1}"


def _check_db(path: str) -> bool:
    """Open (creating if need be) the --db file; whether it holds state saved by a run."""
    from .storage import SqliteStorage

    try:
        storage = SqliteStorage(path)
    except sqlite3.Error as e:
        raise UsageError(
            f"cannot use {path} as the SQLite database: {e}; pass to --db a writable SQLite "
            "file, or a new file in an existing directory"
        ) from None
    try:
        return storage.load() is not None
    except (sqlite3.Error, ValueError, KeyError, TypeError) as e:
        raise UsageError(
            f"cannot read the state saved in {path}: {e}; remove the file or pass another "
            "--db (or leave --db out to keep state in memory)"
        ) from None
    finally:
        storage.close()


def _create_app(
    config: EmulatorConfig, data: str | None, db: str | None, restoring: bool
) -> EmulatorApp:
    """The app, with the errors that building it can meet told apart by their source."""
    from .app import create_app

    try:
        return create_app(config)
    except sqlite3.Error as e:
        raise UsageError(
            f"cannot write to the SQLite database {db}: {e}; pass to --db a writable SQLite "
            "file, or a new file in an existing directory"
        ) from None
    except Exception as e:
        if restoring:  # the dataset comes from --db, not --data
            raise UsageError(
                f"cannot restore the state saved in {db}: {type(e).__name__}: {e}; remove the "
                "file or pass another --db"
            ) from None
        if data is not None:
            raise UsageError(
                f"the dataset file {data} does not have the expected shape "
                f"({type(e).__name__}: {e}); {DATASET_SHAPE}"
            ) from None
        raise  # the packaged dataset failed: a bug, worth its traceback


def _announcing_server(
    config: uvicorn.Config, url: str, notice: str | None = None
) -> uvicorn.Server:
    """A uvicorn server that prints where it listens once it accepts connections (and
    ``notice``: how the control endpoints are guarded)."""
    import uvicorn

    class AnnouncingServer(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if self.started:
                print(f"{PROG} listening on {url}", file=sys.stderr, flush=True)
                for line in (notice or "").splitlines():
                    print(f"{PROG}: {line}", file=sys.stderr, flush=True)

    return AnnouncingServer(config)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
