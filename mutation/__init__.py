"""Mutation testing of the modules where a missed bug costs users data (``make mutation``)."""
