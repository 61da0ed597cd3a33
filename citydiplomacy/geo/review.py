"""The review queue of provisional places: the page, its JSON twin and the settle action.

Anyone may read the queue; settling asks `geo.settling.provisional_settle`, whose gate
wants a registry editor (a form error on the page for anyone else, 403 in the API).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from citydiplomacy.core.accounts.permissions import can_edit_registry
from citydiplomacy.core.errors import describe
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.listing import list_data
from citydiplomacy.core.pages import PageResult, page
from citydiplomacy.core.schemas import dump
from citydiplomacy.geo.filtersets import ProvisionalPlaceFilterSet
from citydiplomacy.geo.models import ProvisionalPlace
from citydiplomacy.geo.schemas import ProvisionalOut
from citydiplomacy.geo.settling import provisional_settle


def review_queue() -> QuerySet[ProvisionalPlace]:
    """Provisional places with their country and the number of ties naming them."""
    queue = ProvisionalPlace.objects.select_related("city__country").annotate(
        tie_count=Count("city__agreements_as_a", distinct=True)
        + Count("city__agreements_as_b", distinct=True)
        + Count("city__memberships", distinct=True)
        + Count("city__offices", distinct=True)
    )
    # A grouped query drops the model's ordering: pages need one.
    return queue.order_by("written_name", "city_id")


@page("geo/review_list.html")
def review_list(request: HttpRequest) -> PageResult:
    query = request.GET.copy()
    query.setdefault("state", "open")
    request.GET = query  # type: ignore[assignment]  # open places unless asked otherwise
    result = list_data(
        request,
        title="Places to review",
        filterset_class=ProvisionalPlaceFilterSet,
        queryset=review_queue(),
        row=lambda review: dump(ProvisionalOut, review),
    )
    result.html_context["can_settle"] = can_edit_registry(request.user)
    return result


def parse_choice(value: Any) -> int | None:
    """The settle form's choice: a GeoNames id, or empty/"new" for a new place."""
    text = str(value or "").strip()
    if text in ("", "new"):
        return None
    if not text.isdigit():
        raise ValidationError({"choice": f"{text!r} is not a GeoNames id (a whole number)."})
    return int(text)


@require_POST
def review_settle(request: HttpRequest, geonames_id: int) -> HttpResponse:
    """One click: pick a candidate (or another city by id), or confirm a new place. Someone
    who may not settle gets the 403 page (PermissionDenied from the service's gate)."""
    review = get_object_or_404(ProvisionalPlace.objects.select_related("city"), pk=geonames_id)
    back = request.POST.get("next") or ""
    # Back to the queue page the click came from, never to another site ("//elsewhere").
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("geo:review")
    try:
        city = provisional_settle(
            review,
            choice=parse_choice(request.POST.get("other") or request.POST.get("choice")),
            actor=Actor.from_request(request),
        )
    except ValidationError as error:
        messages.error(request, f"{review.written_name}: {describe(error)}")
        return HttpResponseRedirect(back, status=303)
    what = "confirmed as a new place" if city.pk == geonames_id else f"settled as {city}"
    messages.success(request, f"{review.written_name}, {review.written_country}: {what}.")
    return HttpResponseRedirect(back, status=303)
