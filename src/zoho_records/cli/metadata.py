"""Field metadata, read once per run to type CSV cells: a refusal of the metadata read alone
is a warning, a failure every write would meet too stops the run before anything is sent."""

from __future__ import annotations

from typing import TextIO

from .. import AuthenticationError, PermissionDeniedError, TokenRefreshError, ZohoClient, ZohoError
from .._fields_cmd import field_types_of
from .options import UsageError


def field_types(
    client: ZohoClient, product: str, module: str, version: str, err: TextIO
) -> dict[str, str] | None:
    """Field API name -> data_type, read once per run (None if unavailable)."""
    try:
        if product == "crm":
            fields = client.crm.get_fields(module, version=version)
        else:
            fields = client.bigin.get_fields(module)
    except ZohoError as exc:
        code = getattr(exc, "code", None)
        if code == "INVALID_MODULE":
            raise UsageError(f"module {module!r} does not exist in {product}: {exc}") from None
        if not metadata_refused(exc):
            raise metadata_failure(module, exc) from None
        # the token may write records without the settings scope that metadata needs
        print(
            f"zoho-records: warning: field metadata of {module} is not readable with this token "
            f"({exc}); CSV cells are sent as text unless they look like JSON (add the scope "
            f"{'ZohoCRM' if product == 'crm' else 'ZohoBigin'}.settings.fields.READ to type "
            "them, or pass --no-metadata to skip this read)",
            file=err,
        )
        return None
    # (Bigin: get_fields also tells the client the module's unique fields, for an upsert's
    # retry safety: no second metadata read)
    return field_types_of(fields)


def metadata_refused(exc: ZohoError) -> bool:
    """A refusal of the metadata read alone (scope or permission): writes may still work."""
    return isinstance(exc, PermissionDeniedError) or getattr(exc, "code", None) in (
        "OAUTH_SCOPE_MISMATCH",
        "NO_PERMISSION",
    )


def metadata_failure(module: str, exc: ZohoError) -> UsageError:
    """The first request failed for a reason every write would meet too: stop, nothing sent."""
    if isinstance(exc, AuthenticationError | TokenRefreshError):
        return UsageError(f"Zoho refused the credentials ({exc}); nothing was sent")
    return UsageError(
        f"could not read the field metadata of {module} ({exc}); nothing was sent: check the "
        "target and retry, or pass --no-metadata to send cells without reading it"
    )
