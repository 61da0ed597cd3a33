"""Throttles on guessing secrets: sign-in passwords (django-axes) and API tokens.

Both count failures per client address (the real one, see `core.serving`), and both answer
HTTP 429 with a Retry-After header and a message saying how long to wait. `limited_stream`
keeps one client's expensive downloads from holding every worker.
"""

import math
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

TOKEN_WINDOW_SECONDS = 15 * 60


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _cooloff_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def locked_out(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
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


def _client(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{client_address(request)}"


def _too_many(detail: str, retry_after: int) -> HttpResponse:
    response = JsonResponse({"detail": detail}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def limited_stream(
    request: HttpRequest, name: str, start: Callable[[], HttpResponseBase]
) -> HttpResponseBase:
    """Run an expensive download for this client only within its limits, else answer 429.

    A client (a signed-in user, or an address) may have `EXPORTS_AT_ONCE` downloads running
    and start `EXPORTS_PER_MINUTE` a minute; a streamed answer counts as running until its
    last byte is sent or the client goes away.
    """
    client = _client(request)
    window = int(time.time() // 60)
    rate_key = f"throttle:{name}:rate:{client}:{window}"
    running_key = f"throttle:{name}:running:{client}"
    cache.add(rate_key, 0, 120)
    started = _incr(rate_key)
    if started > settings.EXPORTS_PER_MINUTE:
        wait = 60 - int(time.time()) % 60
        return _too_many(
            f"Too many downloads from you this minute (at most {settings.EXPORTS_PER_MINUTE}). "
            f"Try again in {wait} s; the full files are also made once per registry version.",
            wait,
        )
    cache.add(running_key, 0, 3600)
    if _incr(running_key) > settings.EXPORTS_AT_ONCE:
        _decr(running_key)
        return _too_many(
            f"You already have {settings.EXPORTS_AT_ONCE} downloads running; wait for one to "
            "finish, then try again.",
            10,
        )
    try:
        response = start()
    except BaseException:
        _decr(running_key)
        raise
    if isinstance(response, StreamingHttpResponse):
        chunks = cast("Iterable[Any]", response.streaming_content)  # a WSGI (sync) stream
        response.streaming_content = _counted(chunks, running_key)
    else:
        _decr(running_key)
    return response


def _incr(key: str) -> int:
    try:
        return int(cache.incr(key))
    except ValueError:  # the key expired in between
        cache.add(key, 1, 3600)
        return 1


def _decr(key: str) -> None:
    try:
        if int(cache.decr(key)) < 0:
            cache.set(key, 0, 3600)
    except ValueError:
        pass


def _counted(chunks: Iterable[Any], key: str) -> Iterator[Any]:
    try:
        yield from chunks
    finally:  # also when the client disconnects and the server closes the iterator
        _decr(key)
