"""The async twins, the written source of both: ``_sync/`` is generated from these modules by
``codegen/unasync.py`` (``make twins``; ``make twins-check`` fails when they differ).

Each module here imports shared code and the other twins through the facade modules
(``.._retry``, ``.._resources``, ``.._client``), which define the shared part first and import
the twins last; importing a sibling twin directly would enter it before its facade.
"""
