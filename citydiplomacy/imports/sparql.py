"""A small client for a SPARQL endpoint (by default the Wikidata Query Service).

This is the only code in the project that goes online, and only the `wikidata-live` import
(with `--live`) uses it. It follows the Wikimedia robot policy: a User-Agent naming the
software and a contact (set `CITYDIPLOMACY_WIKIDATA_USER_AGENT` to one naming yours), one
request at a time, waiting as long as the service asks (Retry-After) when it is busy.
Results are read page by page (a query with a stable ORDER BY, cut with LIMIT and OFFSET)
until a page comes back short.
"""

import email.utils
import http.client
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from citydiplomacy import __version__
from citydiplomacy.imports.runs import ImportFailed

ENDPOINT = "https://query.wikidata.org/sparql"
ENDPOINT_ENV = "CITYDIPLOMACY_WIKIDATA_ENDPOINT"
USER_AGENT_ENV = "CITYDIPLOMACY_WIKIDATA_USER_AGENT"
# Answers worth asking again: the service is busy, overloaded or restarting.
RETRY_STATUSES = (429, 500, 502, 503, 504)
TIMEOUT_MARKER = "TimeoutException"

Binding = dict[str, dict[str, str]]
Opener = Callable[..., Any]


def default_user_agent() -> str:
    """The User-Agent sent: the configured one, or one naming the software."""
    configured = os.environ.get(USER_AGENT_ENV, "").strip()
    if configured:
        return configured
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    return (
        f"citydiplomacy/{__version__} (city diplomacy registry; operator contact not configured, "
        f"see {USER_AGENT_ENV}) Python-urllib/{python}"
    )


def default_endpoint() -> str:
    return os.environ.get(ENDPOINT_ENV, "").strip() or ENDPOINT


@dataclass(frozen=True)
class Page:
    bindings: list[Binding]
    offset: int


@dataclass
class SparqlClient:
    """Sends SELECT queries and returns their bindings; injectable for tests."""

    endpoint: str = field(default_factory=default_endpoint)
    user_agent: str = field(default_factory=default_user_agent)
    timeout: float = 90.0
    attempts: int = 5
    backoff: float = 2.0
    max_wait: float = 300.0
    sleep: Callable[[float], None] = time.sleep
    opener: Opener = urllib.request.urlopen

    def select(self, query: str) -> list[Binding]:
        """The bindings of one SELECT query, retrying while the service is busy."""
        last = ""
        for attempt in range(1, self.attempts + 1):
            try:
                return self._parse(self._send(query))
            except urllib.error.HTTPError as error:
                body = _body(error)
                if error.code not in RETRY_STATUSES or TIMEOUT_MARKER in body:
                    raise ImportFailed(self._refusal(error.code, body)) from None
                last = f"HTTP {error.code}"
                wait = _retry_after(error.headers.get("Retry-After"))
            except (
                urllib.error.URLError,
                TimeoutError,
                ConnectionError,
                http.client.HTTPException,
            ) as error:
                reason = getattr(error, "reason", error)
                last = (
                    f"{type(reason).__name__}: {reason}" if str(reason) else type(reason).__name__
                )
                wait = None
            if attempt < self.attempts:
                self.sleep(min(self.max_wait, wait or self.backoff * 2 ** (attempt - 1)))
        raise ImportFailed(
            f"The SPARQL endpoint {self.endpoint} could not be reached or stayed busy after "
            f"{self.attempts} attempts (last: {last}). Nothing was written. Check the network "
            "connection and try again later."
        )

    def pages(
        self, build: Callable[[int, int], str], *, page_size: int, limit: int = 0
    ) -> Iterator[Page]:
        """Pages of a query built by `build(limit, offset)`, until one comes back short.

        With `limit`, stops after that many results in all.
        """
        offset = 0
        while True:
            size = min(page_size, limit - offset) if limit else page_size
            if size <= 0:
                return
            bindings = self.select(build(size, offset))
            yield Page(bindings, offset)
            offset += len(bindings)
            if len(bindings) < size:
                return

    def _send(self, query: str) -> bytes:
        request = urllib.request.Request(
            self.endpoint,
            data=urllib.parse.urlencode({"query": query}).encode(),
            headers={
                "Accept": "application/sparql-results+json",
                "Content-Type": "application/x-www-form-urlencoded",
                "User-Agent": self.user_agent,
            },
            method="POST",
        )
        with self.opener(request, timeout=self.timeout) as response:
            data: bytes = response.read()
            return data

    def _parse(self, data: bytes) -> list[Binding]:
        try:
            document = json.loads(data)
            bindings = document["results"]["bindings"]
        except (ValueError, KeyError, TypeError):
            raise ImportFailed(
                f"The SPARQL endpoint {self.endpoint} answered with something that is not a "
                f"SPARQL JSON result (it begins {data[:80]!r}). Nothing was written."
            ) from None
        if not isinstance(bindings, list):
            raise ImportFailed(f"The SPARQL endpoint {self.endpoint} sent malformed results.")
        return bindings

    def _refusal(self, status: int, body: str) -> str:
        if TIMEOUT_MARKER in body:
            return (
                f"The query took longer than {self.endpoint} allows (HTTP {status}, timeout). "
                "Nothing was written. Narrow it with --country or --limit."
            )
        if status == 403:
            return (
                f"{self.endpoint} refused the request (HTTP 403). Wikimedia blocks clients whose "
                f"User-Agent names no contact: set {USER_AGENT_ENV} to e.g. "
                "'citydiplomacy (https://your.site; you@example.org)'. Nothing was written."
            )
        first = body.strip().splitlines()[0][:300] if body.strip() else "(no details)"
        return f"{self.endpoint} refused the query (HTTP {status}): {first}. Nothing was written."


def _body(error: urllib.error.HTTPError) -> str:
    try:
        return error.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
