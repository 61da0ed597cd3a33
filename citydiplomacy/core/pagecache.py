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
import threading
import time
from collections import OrderedDict
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
# The most requested answers are also kept in each process (an entry never changes under
# its key, which holds the version), so a hit on them costs no round trip to Redis.
LOCAL_ENTRIES = 64

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


class _LocalPages:
    """A small least-recently-used store of cache entries in this process, thread-safe."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return found[1]

    def put(self, key: str, entry: dict[str, Any], seconds: int = CACHE_SECONDS) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic() + seconds, entry)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


local_pages = _LocalPages(LOCAL_ENTRIES)


def cached_entry(key: str) -> dict[str, Any] | None:
    """The stored answer under `key`: from this process when it has it, else the shared
    cache (an entry found there is kept here for the next hit; it expires no later)."""
    entry = local_pages.get(key)
    if entry is None:
        entry = cache.get(key)
        if entry is not None:
            local_pages.put(key, entry)
    return entry


def store_entry(key: str, entry: dict[str, Any]) -> None:
    cache.set(key, entry, CACHE_SECONDS)
    local_pages.put(key, entry)


class PublicPageCacheMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not cacheable_request(request):
            return self.get_response(request)
        key = cache_key(request, current_version())
        entry = cached_entry(key)
        if entry is not None:
            return _restored(entry)
        response = self.get_response(request)
        # The same address answers signed-in visitors differently: shared caches must ask.
        patch_vary_headers(response, ("Cookie", "Authorization"))
        if cacheable_response(request, response):
            set_response_etag(response)  # computed once, not on every hit
            store_entry(key, _stored(response))
            response[HIT_HEADER] = "miss"
        return response
