"""API tokens (django-rest-knox): create (the secret is shown once; only its hash is stored), list, revoke.

Shared by the API (``/api/tokens``) and the settings page (``/accounts/tokens/``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone
from knox.models import AuthToken

#: The longest a token may live; a token with no expiry is allowed too (scripts, CI).
MAX_DAYS = 3650


@dataclass(frozen=True)
class NewToken:
    """A token just created: ``secret`` is what the user puts in ``Authorization: Token ...``."""

    token: AuthToken
    secret: str


def token_list(*, user: User) -> QuerySet[AuthToken]:
    """The user's live tokens, newest first (expired ones are removed as knox would on use)."""
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    tokens: QuerySet[AuthToken] = AuthToken.objects.filter(user=user).order_by("-created")
    return tokens


def token_create(*, user: User, expires_in_days: int | None) -> NewToken:
    """A new token; ``expires_in_days=None`` makes one that never expires."""
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_DAYS:
        raise ValueError(f"a token lives between 1 and {MAX_DAYS} days")
    expiry = None if expires_in_days is None else timedelta(days=expires_in_days)
    token, secret = AuthToken.objects.create(user=user, expiry=expiry)
    return NewToken(token, secret)


def token_revoke(*, user: User, key: str) -> bool:
    """Revoke the user's token whose key (its first characters) is ``key``; False when there is none."""
    deleted: int = AuthToken.objects.filter(user=user, token_key=key).delete()[0]
    return deleted > 0
