"""Command line of the code generator.

    python -m codegen [--check] [--root DIR]          bundle, validate, generate (or compare)
    python -m codegen bundle [--check] [--root DIR]   only openapi/dist

Exit status: 0 done / up to date, 1 ``--check`` found drift, 2 a spec is invalid (the message
names the file and JSON pointer), 3 a generator failed. Nothing is written unless every step
succeeded.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from codegen import generators, pipeline
from codegen.bundle import SpecError

EXIT_OK, EXIT_DRIFT, EXIT_SPEC, EXIT_GENERATOR = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__.split("\n")[0])
    parser.add_argument(
        "command", nargs="?", choices=["generate", "bundle"], default="generate",
        help="generate (default): bundles and packages; bundle: only openapi/dist",
    )  # fmt: skip
    parser.add_argument(
        "--check", action="store_true",
        help="write nothing; exit 1 naming each file that differs, is missing or is extra",
    )  # fmt: skip
    parser.add_argument(
        "--root", type=Path, default=Path.cwd(),
        help="tree holding openapi/ and generated/ (default: the current directory)",
    )  # fmt: skip
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    layout = pipeline.Layout(args.root.resolve())
    if not (layout.openapi_dir / "crm.yaml").is_file():
        print(f"codegen: no openapi/crm.yaml under {layout.root}", file=sys.stderr)
        return EXIT_SPEC
    started = time.perf_counter()
    try:
        if args.check:
            drift = pipeline.check(layout, bundles_only=args.command == "bundle")
            if drift:
                print("codegen --check: generated output is stale:", file=sys.stderr)
                for line in drift.lines():
                    print(f"  {line}", file=sys.stderr)
                print("run `python -m codegen` and commit the result", file=sys.stderr)
                return EXIT_DRIFT
            print(f"codegen --check: up to date ({time.perf_counter() - started:.1f}s)")
            return EXIT_OK
        if args.command == "bundle":
            changed = pipeline.bundle(layout)
        else:
            changed = pipeline.generate(layout)
    except SpecError as err:
        print(f"codegen: invalid spec: {_rel(err.file, layout.root)}#{err.pointer}: "
              f"{err.message}", file=sys.stderr)  # fmt: skip
        return EXIT_SPEC
    except generators.GeneratorError as err:
        print(f"codegen: generator failed, nothing written:\n{err}", file=sys.stderr)
        return EXIT_GENERATOR
    for path in changed:
        print(f"wrote {_rel(str(path), layout.root)}")
    print(f"codegen: done, {len(changed)} changed ({time.perf_counter() - started:.1f}s)")
    return EXIT_OK


def _rel(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return path
