"""Code generation for zoho-records: ``openapi/`` sources -> ``openapi/dist`` -> ``generated/``.

Run ``python -m codegen`` from the repository root (``--help`` for the options). Only the
stdlib, PyYAML and the two generators (as subprocesses) are used; see ``codegen/README.md``.
"""
