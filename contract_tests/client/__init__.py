"""Contract tests of the generated clients and models against the bundled specs."""
