"""The error of a command that cannot be used as given (exit status 2)."""


class UsageError(Exception):
    """Something the user must fix before anything is sent (exit status 2)."""
