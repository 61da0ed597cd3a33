"""Briefing books as pages (HTML and JSON) and as PDF, from the one data function each.

The PDF renders the page's own data with a print template through WeasyPrint; every page of
it carries the office's name, the date and the "Office-only" mark. Briefings are for the
office's members: anyone else gets a 404.
"""

from collections.abc import Callable
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

from citydiplomacy.core.pages import PageData, page
from citydiplomacy.protocol import briefing

TEMPLATE = "protocol/briefing.html"
PRINT_TEMPLATE = "protocol/briefing_print.html"


@page(TEMPLATE)
def city_briefing(request: HttpRequest, slug: str, geonames_id: int) -> PageData:
    return briefing.city_briefing(request, slug, geonames_id)


@page(TEMPLATE)
def country_briefing(request: HttpRequest, slug: str, iso2: str) -> PageData:
    return briefing.country_briefing(request, slug, iso2)


@page(TEMPLATE)
def visit_briefing(request: HttpRequest, pk: int) -> PageData:
    return briefing.visit_briefing(request, pk)


@cache
def _no_fetching() -> Any:
    """A fetcher that refuses every URL: the print template is self-contained, so a briefing
    never reaches out to the network or the disk (a gift's photo URL, say), and no fetcher
    with its TLS context is built per PDF (tens of milliseconds each)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=frozenset(), fail_on_errors=False)


def render_pdf(request: HttpRequest, data: dict[str, Any]) -> bytes:
    """The briefing's data as a PDF (WeasyPrint, imported here: it loads Pango on import)."""
    from weasyprint import HTML

    html = render_to_string(PRINT_TEMPLATE, data, request=request)
    document = HTML(
        string=html, base_url=request.build_absolute_uri("/"), url_fetcher=_no_fetching()
    )
    pdf: bytes = document.write_pdf()
    return pdf


def _pdf_response(
    request: HttpRequest, build: Callable[..., dict[str, Any]], *args: Any
) -> HttpResponse:
    data = build(request, *args)
    response = HttpResponse(render_pdf(request, data), content_type="application/pdf")
    name = slugify(data["title"]) or "briefing"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def city_briefing_pdf(request: HttpRequest, slug: str, geonames_id: int) -> HttpResponse:
    return _pdf_response(request, briefing.city_briefing, slug, geonames_id)


def country_briefing_pdf(request: HttpRequest, slug: str, iso2: str) -> HttpResponse:
    return _pdf_response(request, briefing.country_briefing, slug, iso2)


def visit_briefing_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf_response(request, briefing.visit_briefing, pk)
