"""``main``: parse, hand the arguments to their command, and turn what went wrong into an
exit status (2: the command or its input could not be used; 130: interrupted)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, TextIO

from .. import ZohoError, _logging
from .. import _constants as C
from .errors import UsageError
from .options import build_parser, check_names, check_paths, trigger_of
from .rows import InputFileError
from .run import Run
from .tally import detail_text
from .target import open_client

if TYPE_CHECKING:
    from .commands.base import Command


def run_rows(command: Command, args: argparse.Namespace, err: TextIO) -> int:
    """A command that sends rows: every check that needs no network, then the run."""
    product = command.product(args)
    if command.no_trigger and (args.trigger or args.no_trigger):
        given = "--no-trigger" if args.no_trigger else "--trigger"
        raise UsageError(f"{command.name} does not take {given}: {command.no_trigger}")
    trigger_of(args)
    if args.concurrency < 1:
        raise UsageError("--concurrency must be at least 1")
    if args.concurrency > (most := max(C.EDITION_CONCURRENCY)):
        print(
            f"zoho-records: warning: --concurrency {args.concurrency} is above {most}, the most "
            "calls in flight Zoho allows in any edition: Zoho answers the calls over the org's "
            "cap with 429, and the limit adapts below the cap anyway",
            file=err,
        )
    if args.max_retries < 0:
        raise UsageError("--max-retries must be 0 or more")
    command.check_args(args, product)
    check_names(args)
    check_paths(args, command)
    with open_client(args, err) as client:
        return Run(args, client, product, command, err).execute()


def main(argv: list[str] | None = None) -> int:
    from .commands import COMMANDS

    args = build_parser(COMMANDS.values()).parse_args(argv)
    err = sys.stderr
    _logging.configure(args)
    try:
        return COMMANDS[args.command].main(args, err)
    except (UsageError, InputFileError) as exc:
        print(f"zoho-records: error: {exc}", file=err)
        return 2
    except ZohoError as exc:
        # (a call that failed as a whole: Zoho's details name the field, as a row's do)
        print(f"zoho-records: error: {exc}{detail_text(getattr(exc, 'details', None))}", file=err)
        return 2
    except KeyboardInterrupt:
        print("zoho-records: interrupted", file=err)
        return 130
    except BrokenPipeError:
        # the reader of stdout went away (`| head -0`): nothing more can be said there, and
        # the interpreter's own flush at exit would fail again (a second traceback)
        _quiet_output()
        return EXIT_BROKEN_PIPE


EXIT_BROKEN_PIPE = 141  # what a shell reports of a command SIGPIPE ended (128 + 13)


def _quiet_output() -> None:
    """stdout (and stderr, if its reader went away too) onto the null device."""
    null = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            try:
                os.dup2(null, stream.fileno())
            except (OSError, ValueError):  # no file descriptor (a test's stream)
                pass
    os.close(null)
