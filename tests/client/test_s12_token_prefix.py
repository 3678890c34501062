"""A token copied with its header prefix (``Zoho-oauthtoken 1000.abc``, from a curl example, or
``Bearer 1000.abc``) was told "has a space or a control character inside it ... copy it
again", which copying again does not fix. It is now told to give the token alone."""

from __future__ import annotations

import pytest

from zoho_records import ZohoClient
from zoho_records._auth import clean_secret


@pytest.mark.parametrize(
    "value", ["Zoho-oauthtoken 1000.abc", "zoho-OAuthToken\t1000.abc", "Bearer 1000.abc"]
)
def test_a_token_with_the_header_prefix_is_told_to_drop_it(value: str) -> None:
    prefix = value.split(None, 1)[0]
    with pytest.raises(ValueError) as caught:
        clean_secret(value, "access_token")
    assert str(caught.value) == (
        f"access_token starts with {prefix!r}, the prefix of the Authorization header: give the "
        "token alone (the client adds 'Zoho-oauthtoken ')"
    )
    assert "1000.abc" not in str(caught.value)  # (never the secret)


def test_the_client_says_so_when_made() -> None:
    with pytest.raises(ValueError, match="starts with 'Zoho-oauthtoken', the prefix"):
        ZohoClient(base_url="http://127.0.0.1:9", access_token="Zoho-oauthtoken 1000.abc")


@pytest.mark.parametrize("value", ["1000.a b", "Bearer", "Zoho-oauthtokenX 1"])
def test_another_space_is_told_as_before(value: str) -> None:
    if " " not in value:
        assert clean_secret(value, "access_token") == value
        return
    with pytest.raises(ValueError, match="has a space or a control character inside it"):
        clean_secret(value, "access_token")
