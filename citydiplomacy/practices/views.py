"""Pages of the practice exchange (each view is its page's data function)."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from citydiplomacy.core.accounts.permissions import can_edit_registry
from citydiplomacy.core.editing import delete_record, edit_record, history_url
from citydiplomacy.core.listing import list_data
from citydiplomacy.core.pages import PageData, PageResult, page
from citydiplomacy.core.schemas import dump
from citydiplomacy.geo.models import City
from citydiplomacy.practices.filtersets import PracticeFilterSet
from citydiplomacy.practices.forms import AdoptionForm, PracticeForm
from citydiplomacy.practices.inputs import jurisdiction_by_key
from citydiplomacy.practices.models import Adoption, Practice
from citydiplomacy.practices.schemas import PracticeOut
from citydiplomacy.practices.selectors import (
    jurisdiction_practices,
    practice_page,
    practice_search,
    practices,
)
from citydiplomacy.practices.services import adoption_delete, practice_delete


@page("practices/practice_list.html")
def practice_list(request: HttpRequest) -> PageResult:
    result = list_data(
        request,
        title="Practices",
        filterset_class=PracticeFilterSet,
        queryset=practices(),
        row=lambda practice: dump(PracticeOut, practice),
    )
    result.html_context["can_edit"] = can_edit_registry(request.user)
    return result


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
def practice_detail(request: HttpRequest, slug: str) -> PageResult:
    practice = get_object_or_404(practices(), slug=slug)
    data: PageData = {"title": practice.title, **practice_page(practice)}
    data["history_url"] = history_url(practice)
    data["forecast_url"] = f"/api/practice-search/forecast/{practice.slug}"
    return PageResult(data, html_context={"can_edit": can_edit_registry(request.user)})


def practice_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    practice = get_object_or_404(Practice, slug=slug) if slug else None
    return edit_record(
        request,
        form_class=PracticeForm,
        instance=practice,
        title=f"Edit {practice.title}" if practice else "New practice",
        success_url=lambda p: reverse("practices:detail", args=[p.slug]),
    )


def practice_remove(request: HttpRequest, slug: str) -> HttpResponse:
    return delete_record(
        request,
        instance=get_object_or_404(Practice, slug=slug),
        delete=lambda p, actor, version: practice_delete(p, actor=actor, expected_version=version),
        success_url=reverse("practices:list"),
    )


def adoption_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    practice = get_object_or_404(Practice, slug=slug)
    adoption = get_object_or_404(practice.adoptions, pk=pk) if pk else None
    return edit_record(
        request,
        form_class=AdoptionForm,
        instance=adoption,
        title=f"Edit {adoption}" if adoption else f"New adoption of {practice.title}",
        success_url=lambda a: reverse("practices:detail", args=[practice.slug]),
        initial={"city": request.GET.get("city")} if adoption is None else None,
        form_kwargs={"practice": practice},
    )


def adoption_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    adoption: Adoption = get_object_or_404(Adoption, practice__slug=slug, pk=pk)
    return delete_record(
        request,
        instance=adoption,
        delete=lambda a, actor, version: adoption_delete(a, actor=actor, expected_version=version),
        success_url=reverse("practices:detail", args=[slug]),
    )


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
