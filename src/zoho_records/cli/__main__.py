"""``python -m zoho_records.cli``: the same as ``zoho-records``."""

import sys

from .core import main

sys.exit(main())
