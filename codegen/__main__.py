"""``python -m codegen``: see :mod:`codegen.cli`."""

from codegen.cli import main

raise SystemExit(main())
