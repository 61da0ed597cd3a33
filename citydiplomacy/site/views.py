"""Home page, search, type-ahead suggestions and the options of searchable form fields."""

from typing import Any

from django.http import Http404, HttpRequest, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse

from citydiplomacy.contacts.schemas import ContactRef
from citydiplomacy.contacts.selectors import visible_contacts
from citydiplomacy.core.pages import PageData, page
from citydiplomacy.core.schemas import dump
from citydiplomacy.engagements.schemas import EngagementRef
from citydiplomacy.geo.schemas import CityRef, CitySuggestion
from citydiplomacy.geo.selectors import city_search
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.organisations.schemas import OrganisationRef
from citydiplomacy.people.models import Person
from citydiplomacy.people.schemas import PersonRef
from citydiplomacy.site.exports import CONTENT_TYPES, DATASETS, ExportError, export
from citydiplomacy.site.selectors import (
    best_connected_cities,
    largest_organisations,
    registry_counts,
    search_everything,
)
from citydiplomacy.sources.models import Source


@page("site/home.html")
def home(request: HttpRequest) -> PageData:
    # ?districts=0: count only ties the sources state for the city itself.
    districts = request.GET.get("districts") != "0"
    return {
        "title": "City diplomacy registry",
        "districts": districts,
        "counts": registry_counts(),
        "best_connected": [
            {**dump(CityRef, row["city"]), "agreements": row["agreements"]}
            for row in best_connected_cities(districts=districts)
        ],
        "largest_organisations": [
            {**dump(OrganisationRef, org), "members": org.member_count}  # type: ignore[attr-defined]
            for org in largest_organisations()
        ],
    }


def _search_data(query: str, limit: int, user: Any) -> PageData:
    found = search_everything(query, limit=limit, user=user)
    return {
        "title": f"Search: {query}" if query else "Search",
        "query": query,
        "cities": [dump(CitySuggestion, city) for city in found["cities"]],
        "organisations": [dump(OrganisationRef, org) for org in found["organisations"]],
        "people": [dump(PersonRef, person) for person in found["people"]],
        # Only the signed-in member's own offices' records (see offices.visibility).
        "contacts": [dump(ContactRef, contact) for contact in found["contacts"]],
        "engagements": [dump(EngagementRef, e) for e in found["engagements"]],
    }


@page("site/search.html")
def search(request: HttpRequest) -> PageData:
    return _search_data(request.GET.get("q", "")[:200], limit=25, user=request.user)


@page("site/_suggestions.html")
def suggest(request: HttpRequest) -> PageData:
    """Type-ahead under the search box (an HTML fragment for htmx, or JSON)."""
    return _search_data(request.GET.get("q", "")[:200], limit=6, user=request.user)


def options(request: HttpRequest, kind: str) -> JsonResponse:
    """Options for a searchable form field: [{value, label}] matching `q`."""
    query = request.GET.get("q", "").strip()[:200]
    if kind == "city":
        rows = [
            {"value": c.pk, "label": dump(CitySuggestion, c)["label"]}
            for c in city_search(query, limit=20)
        ]
    elif kind == "organisation":
        orgs = Organisation.objects.filter(name__icontains=query).order_by("name")[:20]
        rows = [{"value": o.slug, "label": str(o)} for o in orgs]
    elif kind == "person":
        people = Person.objects.filter(name__icontains=query).order_by("name")[:20]
        rows = [{"value": p.slug, "label": p.name} for p in people]
    elif kind == "contact":
        # Only the contacts of the visitor's own offices.
        contacts = visible_contacts(request.user).filter(name__icontains=query)[:20]
        rows = [
            {"value": c.pk, "label": f"{c.name}, {c.title}" if c.title else c.name}
            for c in contacts
        ]
    elif kind == "source":
        sources = Source.objects.filter(title__icontains=query).order_by("title")[:20]
        rows = [{"value": s.key, "label": f"{s.title} [{s.key}]"} for s in sources]
    else:
        raise Http404(f"No options for {kind!r}.")
    return JsonResponse({"results": rows, "more": reverse("site:search")})


def export_download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponseBase:
    """The filtered list as a file: /export/agreements.csv?country=US (same filters as the list)."""
    if dataset not in DATASETS or fmt not in CONTENT_TYPES:
        raise Http404(f"No export {dataset}.{fmt}.")
    query = request.GET.copy()
    query.pop("page", None)
    try:
        chunks = export(dataset, fmt, query, user=request.user)
    except ExportError as error:
        return JsonResponse({"detail": str(error)}, status=400)
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{dataset}.{fmt}"'
    return response
