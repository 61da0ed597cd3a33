"""Pages of people and the offices they held (each view is its page's data function)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from citydiplomacy.core.accounts.permissions import can_edit_registry
from citydiplomacy.core.editing import delete_record, edit_record, history_url
from citydiplomacy.core.listing import list_data
from citydiplomacy.core.pages import PageData, PageResult, page
from citydiplomacy.core.schemas import dump
from citydiplomacy.people.filtersets import PersonFilterSet
from citydiplomacy.people.forms import OfficeForm, PersonForm
from citydiplomacy.people.models import OfficeHeld, Person
from citydiplomacy.people.schemas import PersonOut
from citydiplomacy.people.selectors import people, person_for_profile
from citydiplomacy.people.services import office_delete, person_delete
from citydiplomacy.sources.schemas import SourceRef
from citydiplomacy.sources.selectors import sources_of


@page("people/person_list.html")
def person_list(request: HttpRequest) -> PageResult:
    return list_data(
        request,
        title="People",
        filterset_class=PersonFilterSet,
        queryset=people(),
        row=lambda person: dump(PersonOut, person),
    )


@page("people/person_detail.html")
def person_detail(request: HttpRequest, slug: str) -> PageResult:
    try:
        person = person_for_profile(slug)
    except Person.DoesNotExist:
        raise Http404(f"No person {slug!r}.") from None
    offices = list(person.offices.all())
    data: PageData = {
        "title": person.name,
        "person": dump(PersonOut, person),
        "sources": [dump(SourceRef, s) for s in sources_of([person, *offices])],
        "history_url": history_url(person),
    }
    return PageResult(data, html_context={"can_edit": can_edit_registry(request.user)})


def person_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    person = get_object_or_404(Person, slug=slug) if slug else None
    return edit_record(
        request,
        form_class=PersonForm,
        instance=person,
        title=f"Edit {person}" if person else "New person",
        success_url=lambda p: reverse("people:detail", args=[p.slug]),
    )


def person_remove(request: HttpRequest, slug: str) -> HttpResponse:
    return delete_record(
        request,
        instance=get_object_or_404(Person, slug=slug),
        delete=lambda p, actor, version: person_delete(p, actor=actor, expected_version=version),
        success_url=reverse("people:list"),
    )


def term_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    office = get_object_or_404(OfficeHeld, pk=pk) if pk else None
    initial = {key: request.GET.get(key) for key in ("person", "city", "organisation")}
    return edit_record(
        request,
        form_class=OfficeForm,
        instance=office,
        title=f"Edit {office}" if office else "New term in office",
        success_url=lambda o: reverse("people:detail", args=[o.person.slug]),
        initial=initial if office is None else None,
    )


def term_remove(request: HttpRequest, pk: int) -> HttpResponse:
    office = get_object_or_404(OfficeHeld.objects.select_related("person"), pk=pk)
    return delete_record(
        request,
        instance=office,
        delete=lambda o, actor, version: office_delete(o, actor=actor, expected_version=version),
        success_url=reverse("people:detail", args=[office.person.slug]),
    )
