"""Anonymous reads of public pages and API lists, cached per registry version.

A cached answer is keyed on the registry's change version (`core.history.version`), which
every committed recorded write bumps, so a write is visible on the next request from every
process sharing the database and the cache (local memory on the embedded default, Redis in
production). Only anonymous requests are served from the cache: they can see the public
registry alone, so one answer fits every anonymous visitor. Signed-in users get fresh pages
(which may hold their offices' records) with an ETag, so an unchanged page costs no transfer.

What is never cached: anything with cookies to set or that used the visitor's CSRF token,
private or no-store answers, streamed downloads, error answers, and paths whose content
does not come from recorded writes (import runs, accounts, offices, exports).
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers, set_response_etag

from citydiplomacy.core.history.version import current_version

# Paths whose answers depend on more than the recorded registry, or are per-visitor.
UNCACHED_PREFIXES = (
    "/accounts/",
    "/offices/",
    "/imports/",
    "/export/",
    "/api/imports",
    "/api/personal-data",
    "/me/",
)
# Request headers an answer may depend on (JSON twin, htmx partials).
KEY_HEADERS = ("HTTP_ACCEPT", "HTTP_HX_REQUEST", "HTTP_HX_TARGET", "HTTP_HX_TRIGGER_NAME")
CACHE_SECONDS = 3600
HIT_HEADER = "X-Cache"

Handler = Callable[[HttpRequest], HttpResponse]


def cacheable_request(request: HttpRequest) -> bool:
    if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    # A session may carry a signed-in user or messages to show once.
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not request.path_info.startswith(UNCACHED_PREFIXES)


def cache_key(request: HttpRequest, version: int) -> str:
    parts = [request.get_full_path(), *(request.META.get(h, "") for h in KEY_HEADERS)]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{version}:{digest}"


def cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_USED"):
        return False  # the page holds this visitor's CSRF token
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


def _stored(response: HttpResponse) -> dict[str, Any]:
    return {
        "content": response.content,
        "status": response.status_code,
        "headers": dict(response.items()),
    }


def _restored(entry: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"].items():
        response[name] = value
    response[HIT_HEADER] = "hit"
    return response


class PublicPageCacheMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not cacheable_request(request):
            return self.get_response(request)
        key = cache_key(request, current_version())
        entry = cache.get(key)
        if entry is not None:
            return _restored(entry)
        response = self.get_response(request)
        # The same address answers signed-in visitors differently: shared caches must ask.
        patch_vary_headers(response, ("Cookie", "Authorization"))
        if cacheable_response(request, response):
            set_response_etag(response)  # computed once, not on every hit
            cache.set(key, _stored(response), CACHE_SECONDS)
            response[HIT_HEADER] = "miss"
        return response
