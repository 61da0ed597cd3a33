"""Pages of the practice exchange (each view is its page's data function)."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from citydiplomacy.core.editing import history_url
from citydiplomacy.core.listing import list_data
from citydiplomacy.core.pages import PageData, PageResult, page
from citydiplomacy.core.schemas import dump
from citydiplomacy.geo.models import City
from citydiplomacy.practices.filtersets import PracticeFilterSet
from citydiplomacy.practices.inputs import jurisdiction_by_key
from citydiplomacy.practices.schemas import PracticeOut
from citydiplomacy.practices.selectors import (
    jurisdiction_practices,
    practice_page,
    practice_search,
    practices,
)


@page("practices/practice_list.html")
def practice_list(request: HttpRequest) -> PageResult:
    return list_data(
        request,
        title="Practices",
        filterset_class=PracticeFilterSet,
        queryset=practices(),
        row=lambda practice: dump(PracticeOut, practice),
    )


def _grade(text: str) -> int | None:
    try:
        grade = int(text)
    except ValueError:
        return None
    return grade if 1 <= grade <= 5 else None


@page("practices/practice_search.html")
def practice_search_page(request: HttpRequest) -> PageData:
    """'Who has solved this?': search practices and adoptions, with facets."""
    query = request.GET.get("q", "")
    data = practice_search(
        query,
        topic=request.GET.get("topic", ""),
        grade=_grade(request.GET.get("grade", "")),
        region=request.GET.get("region", ""),
        status=request.GET.get("status", ""),
    )
    data["title"] = f"Who has solved this? {query}" if query else "Who has solved this?"
    return data


@page("practices/practice_detail.html")
def practice_detail(request: HttpRequest, slug: str) -> PageData:
    practice = get_object_or_404(practices(), slug=slug)
    data: PageData = {"title": practice.title, **practice_page(practice)}
    data["history_url"] = history_url(practice)
    data["forecast_url"] = f"/api/practice-search/forecast/{practice.slug}"
    return data


@page("practices/jurisdiction.html")
def jurisdiction_detail(request: HttpRequest, key: str) -> PageData:
    """A city's or division's practices: adopted, passed on, and what its ties adopted."""
    try:
        place = jurisdiction_by_key(key, "jurisdiction")
    except ValidationError:
        raise Http404(f"No jurisdiction {key!r}.") from None
    found = jurisdiction_practices(place)
    return {
        "title": f"Practices of {place.name}",
        "jurisdiction": found.pop("jurisdiction"),
        "is_city": isinstance(place, City),
        "practices": found,
    }
