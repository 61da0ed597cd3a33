"""One FilterSet per model, and every field a user would filter on has a filter.

The FilterSets are every one the project's pages, API and exports load (found by loading the
URL map, which imports every app's views and API), so a new domain's lists are covered
without naming them here.
"""

import django_filters
import pytest
from django.urls import get_resolver

# Fields that are not useful to filter on, with the reason.
NOT_FILTERED = {
    "id": "the detail URL reads one record",
    "version": "bookkeeping of concurrent edits",
    "created_at": "bookkeeping",
    "updated_at": "bookkeeping",
    "latitude": "maps, not filters",
    "longitude": "maps, not filters",
    "note": "free text",
    "description": "free text",
    "quote": "free text",
    "website": "a link",
    "source": "the gazetteer's provenance, one source per load",
    "ascii_name": "searched through the name filter",
    "official_name": "searched through the name filter",
    "iso3": "the alpha-2 code is the key",
    "m49": "region and sub-region cover it",
    "capital": "a label",
    "user": "actor covers it",
    "content_type": "model covers it",
    "before": "snapshot",
    "after": "snapshot",
    "citations": "source covers it",
    "slug": "the detail URL reads one record",
    "geonames_id": "the detail URL reads one record",
    "notes": "free text",
    "dormant_after_months": "an office's own setting, shown on its dashboard",
    "summary": "free text, searched through q",
    "outcomes": "free text",
    "venue": "free text; the place's city has a filter",
    "phone": "personal data, not a search key",
    "holder_title": "a label",
    "as_of": "the date a snapshot source asserts it for, shown on the record",
    "problem": "free text, searched by /practices/search/",
    "evidence_reason": "free text",
    "cost_notes": "free text",
    "complexity_notes": "free text",
    "documents": "links",
    "channel_note": "free text",
    "adaptation_notes": "free text, searched by /practices/search/",
    "results": "free text, searched by /practices/search/",
    "purpose": "free text",
    "accessibility_needs": "free text",
    "dietary_needs": "free text",
    "requested_participants": "free text",
    "decline_reason": "free text",
    "notice_override_reason": "free text",
    "debrief": "free text",
    "bio": "free text",
    "override_reason": "free text",
    "took_up_post_on": "an ordering key of precedence",
    "photo_url": "a link",
    "sources": "free text",
    "candidates": "shown on the review queue, one list per place",
    "name_key": "searched through the name filter",
}
# A filter may be named after what it does rather than the field.
ALIASES = {
    "name": {"q", "city_name"},
    "country": {"country"},
    "admin1_code": {"admin1"},
    "admin1_name": {"admin1"},
    "population": {"min_population", "max_population"},
    "city_a": {"city", "city_name", "country", "region"},
    "city_b": {"city", "city_name", "country", "region"},
    "signed": {"signed_from", "signed_to"},
    "ended": {"ended_from", "ended_to"},
    "joined": {"joined_from", "joined_to"},
    "left": {"left_from", "left_to", "current"},
    "founded": {"founded_from", "founded_to"},
    "dissolved": {"founded_from"},
    "born": {"born_from", "born_to"},
    "start": {"start_from", "start_to"},
    "end": {"end_from", "end_to", "in_office"},
    "published": {"published_from", "published_to"},
    "themes": {"theme"},
    "title": {"q", "title"},
    "author": {"q"},
    "acronym": {"q"},
    "actor_label": {"actor"},
    "at": {"since", "until"},
    "object_repr": {"object_repr"},
    "private_to": {"office"},
    "via_district": {"via_district"},
    "secretariat_city": {"secretariat_city"},
    "secretariat_country": {"secretariat_country"},
    "organisation": {"organisation"},
    "person": {"person"},
    "wikidata_id": {"wikidata_id"},
    "party": {"party"},
    "role": {"role"},
    "region": {"region"},
    "subregion": {"subregion"},
    "timezone": {"timezone"},
    "kind": {"kind"},
    "status": {"status"},
    "action": {"action"},
    "via": {"via"},
    "object_id": {"object_id"},
    "key": {"key", "q"},
    "url": {"url"},
    "file_name": {"file_name"},
    "iso2": {"q"},
    "city": {"city", "city_name"},
    "stated_only_by": {"one_sided"},
    "office": {"office"},
    "email": {"q"},
    "organisation_name": {"q"},
    "languages": {"language"},
    "holder": {"holder", "vacant"},
    "since": {"current"},
    "until": {"current"},
    "starts_on": {"date_from", "date_to"},
    "ends_on": {"date_from", "date_to"},
    "staff": {"staff"},
    "contacts": {"contact"},
    "cities": {"partner_city"},
    "countries": {"partner_country"},
    "organisations": {"organisation"},
    "agreements": {"agreement"},
    "topics": {"topic"},
    "visibility": {"visibility"},
    "engagement": {"engagement"},
    "what": {"q"},
    "owner": {"owner", "mine"},
    "due_on": {"due_from", "due_to", "overdue"},
    "done_on": {"done_from", "done_to"},
    "origin_year": {"origin_from", "origin_to"},
    "adopted_on": {"adopted_from", "adopted_to"},
    "practice": {"practice"},
    "division": {"division"},
    "category": {"category"},
    "received_on": {"received_from", "received_to"},
    "requester_contact": {"contact"},
    "principal_contact": {"contact"},
    "requester_name": {"q"},
    "principal": {"q"},
    "requester_organisation": {"requester_organisation"},
    "interpreter": {"interpreter"},
    "press": {"press"},
    "photographer": {"photographer"},
    "given_on": {"date_from", "date_to", "year"},
    "giver": {"q"},
    "recipient": {"q"},
    "giver_contact": {"contact"},
    "recipient_contact": {"contact"},
    "value": {"min_value", "max_value"},
    "starts_at": {"since", "until"},
    "ends_at": {"since", "until"},
    "place": {"place"},
    "hosts": {"q"},
    "head": {"head"},
    "head_of_mission": {"head_of_mission"},
    "position": {"overridden"},
    "framework": {"framework"},
    "baseline_value": {"baseline_value_min"},
    "target_value": {"target_value_max"},
    "target_percent": {"target_percent_min"},
    "target_year": {"target_year_from", "target_year_to"},
    "total": {"total_min"},
    "scope1": {"scope1_min"},
    "scope2": {"scope2_min"},
    "scope3": {"scope3_min"},
    "percent_achieved": {"percent_min"},
    "commitment": {"commitment", "city"},
    "written_name": {"q"},
}


def _all_filtersets() -> list[type[django_filters.FilterSet]]:
    get_resolver().url_patterns  # noqa: B018 - loading the URL map imports every app's views
    found, todo = [], list(django_filters.FilterSet.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith(("citydiplomacy.", "tests.")) and cls._meta.model:
            found.append(cls)
    return sorted(set(found), key=lambda cls: (cls.__module__, cls.__name__))


FILTERSETS = _all_filtersets()


def test_every_list_of_the_registry_and_the_offices_has_its_filterset():
    names = {cls.__name__ for cls in FILTERSETS}
    assert len(FILTERSETS) >= 15
    assert {"CityFilterSet", "ChangeRecordFilterSet", "EngagementFilterSet"} <= names


@pytest.mark.parametrize("filterset", FILTERSETS, ids=lambda f: f.__name__)
def test_every_model_field_has_a_filter_or_a_reason(filterset):
    model = filterset._meta.model
    filters = set(filterset.base_filters)
    assert "sort" in filters, "every list can be sorted"
    missing = []
    for field in model._meta.get_fields():
        if (field.auto_created and not field.concrete) or field.name in NOT_FILTERED:
            continue
        if not filters & ALIASES.get(field.name, {field.name}):
            missing.append(field.name)
    assert not missing, f"{model.__name__} fields without a filter: {missing}"
