"""Throttles on guessing secrets: sign-in passwords (django-axes) and API tokens.

Both count failures per client address (the real one, see `core.serving`), and both answer
HTTP 429 with a Retry-After header and a message saying how long to wait.
"""

import math
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

TOKEN_WINDOW_SECONDS = 15 * 60


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _cooloff_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> Any:
    """django-axes' answer when a user name has had too many wrong passwords from here."""
    minutes = math.ceil(_cooloff_seconds() / 60)
    message = (
        f"Too many failed sign-in attempts for this user name from your address. "
        f"Wait {minutes} minutes, then try again (or ask an administrator to reset your "
        "password)."
    )
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        response: HttpResponse = JsonResponse({"detail": message}, status=429)
    else:
        response = render(
            request,
            "accounts/locked_out.html",
            {"title": "Sign-in paused", "message": message},
            status=429,
        )
    response["Retry-After"] = str(_cooloff_seconds())
    return response


def _token_key(request: HttpRequest) -> str:
    return f"token-failures:{client_address(request)}"


def token_attempts_blocked(request: HttpRequest) -> HttpResponse | None:
    """A 429 when this address has sent too many unknown tokens lately, else None."""
    failures = cache.get(_token_key(request), 0)
    if failures < settings.TOKEN_FAILURE_LIMIT:
        return None
    response = JsonResponse(
        {
            "detail": "Too many invalid API tokens from your address. Wait "
            f"{TOKEN_WINDOW_SECONDS // 60} minutes, then try again with a valid token."
        },
        status=429,
    )
    response["Retry-After"] = str(TOKEN_WINDOW_SECONDS)
    return response


def token_failed(request: HttpRequest) -> None:
    key = _token_key(request)
    if cache.add(key, 1, TOKEN_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, TOKEN_WINDOW_SECONDS)
