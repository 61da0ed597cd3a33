"""The office's protocol settings and calendar: its rules, and each member's secret feed."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from citydiplomacy.core.history.services import Actor, EditConflict
from citydiplomacy.core.pages import PageResult, page
from citydiplomacy.core.schemas import dump
from citydiplomacy.offices.schemas import OfficeRef
from citydiplomacy.offices.visibility import can_manage, can_read
from citydiplomacy.protocol import services
from citydiplomacy.protocol.briefing import readable_office
from citydiplomacy.protocol.calendar import office_feed_ics
from citydiplomacy.protocol.forms import RulesForm
from citydiplomacy.protocol.models import CalendarFeed, RequesterKind


def _rules_data(rules: Any) -> dict[str, Any]:
    return {
        "min_notice_days": rules.min_notice_days,
        "requester_kinds": list(rules.requester_kinds),
        "requester_kind_labels": [str(RequesterKind(k).label) for k in rules.requester_kinds],
        "gift_threshold": str(rules.gift_threshold),
        "gift_currency": rules.gift_currency,
        "ranks": list(rules.ranks),
        "version": rules.version if rules.pk else None,
    }


def rules_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The office's protocol rules: read by its members, changed by its admins."""
    office = readable_office(request.user, slug)
    rules = services.rules_of(office)
    admin = can_manage(request.user, office)
    initial = {**_rules_data(rules), "ranks": "\n".join(rules.ranks)}
    form = RulesForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not admin:
            raise PermissionDenied("Setting the protocol rules needs the admin role in the office.")
        if form.is_valid():
            try:
                services.rules_set(
                    office,
                    actor=Actor.from_request(request),
                    expected_version=form.cleaned_data.get("version"),
                    **form.values(),
                )
            except EditConflict as conflict:
                form.add_error(None, conflict.message())
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, "Protocol rules saved.")
                return HttpResponseRedirect(reverse("protocol:rules", args=[office.slug]))
    return _render_rules(request, office, rules, form if admin else None)


@page("protocol/rules.html")
def _rules_view(request: HttpRequest, office: Any, rules: Any, form: Any) -> PageResult:
    data = {"title": f"Protocol rules of {office.name}", "office": dump(OfficeRef, office)}
    data["rules"] = _rules_data(rules)
    status = 400 if form is not None and form.errors else 200
    return PageResult(data, status=status, html_context={"form": form})


def _render_rules(request: HttpRequest, office: Any, rules: Any, form: Any) -> HttpResponse:
    return _rules_view(request, office, rules, form)


@login_required
def calendar_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Your secret calendar addresses for the office: create one (shown once), revoke one."""
    office = readable_office(request.user, slug)
    actor = Actor.from_request(request)
    new_url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            feed = CalendarFeed.objects.filter(
                pk=request.POST.get("feed") or 0, user_id=request.user.pk or 0, office=office
            ).first()
            if feed is None:
                raise Http404("No such calendar address of yours.")
            services.calendar_feed_revoke(feed, actor=actor)
            messages.success(request, "Calendar address revoked; it now answers 404.")
            return HttpResponseRedirect(reverse("protocol:calendar", args=[office.slug]))
        _, token = services.calendar_feed_create(office, actor=actor)
        new_url = request.build_absolute_uri(reverse("protocol:feed", args=[token]))
    feeds = CalendarFeed.objects.filter(user_id=request.user.pk or 0, office=office)
    context = {
        "title": f"Calendar of {office.name}",
        "office": office,
        "feeds": feeds,
        "new_url": new_url,
    }
    return render(request, "protocol/calendar.html", context)


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed behind a secret address; revoked, unknown, or its user no longer a member: 404."""
    feed = (
        CalendarFeed.objects.select_related("office", "user")
        .filter(token_hash=services.token_hash(token), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.user.is_active or not can_read(feed.user, feed.office):
        raise Http404("No such calendar.")
    response = HttpResponse(
        office_feed_ics(feed.office, request.build_absolute_uri("/")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    return response
