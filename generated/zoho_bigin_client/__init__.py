"""A client library for accessing Zoho Bigin record-write API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
