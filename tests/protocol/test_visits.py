"""Visits: the request checked against the office's rules, the workflow and its history."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.protocol.models import Visit, VisitStatus
from citydiplomacy.protocol.services import (
    overlap_warnings,
    programme_item_create,
    rules_set,
    visit_request,
    visit_transition,
)
from tests.protocol.conftest import at

pytestmark = pytest.mark.django_db


def _request(office, actor, days=30, **extra):
    values = {
        "kind": "dignitary-visit",
        "title": "Visit of the Minister of Ports",
        "starts_on": timezone.localdate() + dt.timedelta(days=days),
        "requester_kind": "embassy",
        "requester_name": "Embassy of Quixotia",
        "principal": "Minister Sato",
        **extra,
    }
    return visit_request(office=office, actor=actor, **values)


def test_a_request_is_recorded_with_its_engagement_and_first_step(la_office, editor_actor):
    visit = _request(la_office, editor_actor)
    assert visit.engagement.kind == "dignitary-visit"
    assert visit.status == VisitStatus.REQUESTED
    step = visit.steps.get()
    assert (step.status, step.by) == ("requested", editor_actor.user)


def test_a_request_with_less_notice_than_the_office_requires_is_refused_naming_the_dates(
    la_office, editor_actor
):
    with pytest.raises(ValidationError) as refused:
        _request(la_office, editor_actor, days=3)
    assert "starts_on" in refused.value.error_dict
    assert "requires 14" in str(refused.value)
    assert not Visit.objects.exists()


def test_only_an_admin_may_accept_short_notice_and_the_reason_is_recorded(
    la_office, editor_actor, admin_actor
):
    with pytest.raises(ValidationError) as refused:
        _request(la_office, editor_actor, days=3, notice_override_reason="The mayor asked")
    assert "notice_override_reason" in refused.value.error_dict
    visit = _request(la_office, admin_actor, days=3, notice_override_reason="The mayor asked")
    assert visit.notice_override_reason == "The mayor asked"
    assert visit.steps.get().note == "The mayor asked"


def test_the_office_may_refuse_requests_from_kinds_of_requester(la_office, admin_actor):
    rules_set(la_office, actor=admin_actor, requester_kinds=["embassy", "partner-city"])
    with pytest.raises(ValidationError) as refused:
        _request(la_office, admin_actor, requester_kind="business", requester_name="Acme")
    assert "requester_kind" in refused.value.error_dict


def test_only_admins_set_the_rules_and_a_bad_currency_is_named(
    la_office, editor_actor, admin_actor
):
    with pytest.raises(PermissionDenied):
        rules_set(la_office, actor=editor_actor, min_notice_days=2)
    with pytest.raises(ValidationError) as refused:
        rules_set(la_office, actor=admin_actor, gift_currency="EUX")
    assert "gift_currency" in refused.value.error_dict


def test_a_visit_that_ends_before_it_starts_is_refused(la_office, editor_actor):
    with pytest.raises(ValidationError) as refused:
        _request(la_office, editor_actor, ends_on=timezone.localdate())
    assert "ends_on" in refused.value.error_dict


def test_each_step_of_the_workflow_is_recorded_with_who_and_when(visit, editor_actor):
    for status in ("under-review", "approved", "scheduled", "held"):
        visit_transition(visit, status=status, actor=editor_actor)
    assert list(visit.steps.values_list("status", flat=True)) == [
        "requested",
        "under-review",
        "approved",
        "scheduled",
        "held",
    ]
    updates = ChangeRecord.objects.filter(object_id=str(visit.pk), content_type__model="visit")
    assert updates.filter(action="update").count() == 4
    assert all(record.user == editor_actor.user for record in updates)


def test_a_step_out_of_order_and_a_decline_without_reason_are_refused(visit, editor_actor):
    with pytest.raises(ValidationError) as refused:
        visit_transition(visit, status="held", actor=editor_actor)
    assert "status" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        visit_transition(visit, status="declined", actor=editor_actor)
    assert "reason" in refused.value.error_dict
    visit_transition(visit, status="declined", reason="Calendar full", actor=editor_actor)
    visit.refresh_from_db()
    assert (visit.status, visit.decline_reason) == ("declined", "Calendar full")


def test_overlapping_visits_with_the_same_principal_are_warned(la_office, editor_actor, visit):
    other = _request(
        la_office,
        editor_actor,
        days=41,
        principal="mayor tobias quill",
        requester_kind="partner-city",
        title="Second trip",
    )
    assert overlap_warnings(other) and "Quillerton delegation" in overlap_warnings(other)[0]
    assert overlap_warnings(visit)
    visit_transition(other, status="cancelled", actor=editor_actor)
    assert overlap_warnings(visit) == []


def test_a_programme_item_outside_the_visits_dates_is_refused(visit, editor_actor):
    with pytest.raises(ValidationError) as refused:
        programme_item_create(
            visit=visit,
            title="Too early",
            starts_at=at(visit.starts_on - dt.timedelta(days=1), 9),
            ends_at=at(visit.starts_on - dt.timedelta(days=1), 10),
            actor=editor_actor,
        )
    assert "starts_at" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        programme_item_create(
            visit=visit,
            title="Backwards",
            starts_at=at(visit.starts_on, 10),
            ends_at=at(visit.starts_on, 9),
            actor=editor_actor,
        )
    assert "ends_at" in refused.value.error_dict


def test_a_viewer_cannot_change_a_visit(visit, la_viewer):
    from citydiplomacy.core.history.models import Via
    from citydiplomacy.core.history.services import Actor

    with pytest.raises(PermissionDenied):
        visit_transition(visit, status="approved", actor=Actor(via=Via.WEB, user=la_viewer))
