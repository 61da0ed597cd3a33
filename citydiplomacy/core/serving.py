"""Serving behind a reverse proxy: the client's real address, an access log, JSON API errors.

The app server listens on loopback behind nginx (docs/configuration.md). Only a request from
one of `settings.TRUSTED_PROXIES` may say who the client is (`X-Forwarded-For`) and that it
came over HTTPS (`X-Forwarded-Proto`); from anyone else those headers are dropped, so a
client cannot forge its address (and escape the sign-in throttle) or claim HTTPS.
"""

import ipaddress
import json
import logging
import time
from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

access_log = logging.getLogger("citydiplomacy.access")
errors_log = logging.getLogger("citydiplomacy.errors")

Handler = Callable[[HttpRequest], HttpResponse]


def _networks(entries: list[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(entry.strip("[]"), strict=False) for entry in entries]


def _trusted(address: str, networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(forwarded_for: str, remote: str, trusted: list[str]) -> str:
    """The client's address: the last hop in `forwarded_for` that is not a trusted proxy.

    Reading from the right stops at the first address a trusted proxy did not vouch for, so
    entries a client wrote into its own X-Forwarded-For header are never believed.
    """
    networks = _networks(trusted)
    if not _trusted(remote, networks):
        return remote
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        if not _trusted(hop, networks):
            return hop
    return remote


class TrustedProxyMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.trusted = list(settings.TRUSTED_PROXIES)
        self.networks = _networks(self.trusted)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        remote = meta.get("REMOTE_ADDR", "")
        if _trusted(remote, self.networks):
            forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
            if forwarded:
                meta["REMOTE_ADDR"] = client_address(forwarded, remote, self.trusted)
        else:
            meta.pop("HTTP_X_FORWARDED_FOR", None)
            meta.pop("HTTP_X_FORWARDED_PROTO", None)
        return self.get_response(request)


class AccessLogMiddleware:
    """One line per request, naming the real client (logger `citydiplomacy.access`)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        if access_log.isEnabledFor(logging.INFO):
            access_log.info(
                'client=%s "%s %s" %s %.1fms',
                request.META.get("REMOTE_ADDR", "-"),
                request.method,
                request.get_full_path()[:500],
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
        return response


def _is_api(request: HttpRequest) -> bool:
    path = request.path_info
    return path.startswith("/api/") and not path.startswith("/api/docs")


class JsonApiErrorsMiddleware:
    """Every error answer under /api/ is JSON with a `detail`, whatever produced it.

    The API's own handlers already answer JSON; this catches what happens outside them: an
    unknown path, a method the path does not take, a CSRF failure, an unexpected exception.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or not _is_api(request):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        return self._json(response)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not _is_api(request):
            return None
        errors_log.exception("Unexpected error on %s %s", request.method, request.path)
        body = {"detail": "An unexpected error occurred; it has been logged. Nothing was saved."}
        return JsonResponse(body, status=500)

    def _json(self, response: HttpResponse) -> HttpResponse:
        try:
            phrase = HTTPStatus(response.status_code).phrase
        except ValueError:
            phrase = "Error"
        detail = {
            404: "Not found: no API operation at this address (see /api/docs).",
            405: "This address does not take that method (see /api/docs).",
        }.get(response.status_code, phrase)
        replacement = HttpResponse(
            json.dumps({"detail": detail}),
            status=response.status_code,
            content_type="application/json",
        )
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if response.has_header(header):
                replacement[header] = response[header]
        return replacement
