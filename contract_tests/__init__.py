"""Contract tests for zoho-records.

Two halves: ``contract_tests/server`` runs the published OpenAPI bundles against a server (the
emulator by default, or a live Zoho account) with schemathesis; ``contract_tests/client`` checks the
client against the same bundles. ``contract_tests.cli`` is the ``zoho-contract`` console command.
"""
