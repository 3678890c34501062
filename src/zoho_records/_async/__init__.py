"""The async twins, the written source of both: ``_sync/`` is generated from these modules by
``codegen/unasync.py`` (``make twins``; ``make twins-check`` fails when they differ).

Each module here imports shared code and the other twins through the facade modules
(``.._retry``, ``.._logging``, ``.._resources``, ``.._client``), which define the shared part
first and import the twins last; importing a sibling twin directly would enter it before its
facade. The auth flow (``auth``) is the exception: it needs nothing from ``_auth`` at run time,
so ``_auth`` imports it first and builds ``ZohoAuth`` on both flows.

Twins here: ``client`` (``AsyncZohoClient``), ``resources`` (``AsyncCrm``, ``AsyncBigin``),
``retry`` (``AsyncRetryTransport``), ``logging`` (``AsyncLoggingTransport``), ``auth``
(``AsyncAuthFlow``). What truly differs stays hand-written beside them: the bulk engines
(``_bulk.iter_sync`` with threads, ``_bulk.iter_async`` with tasks) and the default transports
(``_transports``).
"""
