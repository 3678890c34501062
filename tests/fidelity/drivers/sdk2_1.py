"""The scenario with Zoho's ``zohocrmsdk2-1`` (CRM API v2.1; import name ``zcrmsdk``).

Its public surface is that of ``zohocrmsdk2-0``.
"""

from __future__ import annotations

from _flow import main
from sdk2_0 import Sdk20

if __name__ == "__main__":
    main(Sdk20)
