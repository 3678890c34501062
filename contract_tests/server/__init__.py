"""Server contract: every operation of the bundled specs, run against a target with schemathesis.

Modules:
    bundle      loads ``openapi/dist/{crm,bigin}.openapi.json`` and reads ``x-zoho-errors``
    target      what the suite runs against (in-process ASGI, local HTTP, live) and its safety rules
    zoho_checks our checks, registered with schemathesis, and the adapted built-in checks
    live_guard  keeps a live run to records it created itself
    runner      runs the schemathesis engine for one product and summarises the result
    broken      deliberately broken servers that the suite must reject
"""
