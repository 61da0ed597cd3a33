"""One FilterSet per model, and every field a user would filter on has a filter."""

import pytest

from citydiplomacy.agreements.filtersets import AgreementFilterSet
from citydiplomacy.commitments.filtersets import (
    CommitmentFilterSet,
    InventoryFilterSet,
    ProgressFilterSet,
    RuleFilterSet,
)
from citydiplomacy.contacts.filtersets import ConsularPostFilterSet, ContactFilterSet
from citydiplomacy.core.history.filtersets import ChangeRecordFilterSet
from citydiplomacy.engagements.filtersets import EngagementFilterSet, FollowUpFilterSet
from citydiplomacy.geo.filtersets import CityFilterSet, CountryFilterSet
from citydiplomacy.offices.filtersets import OfficeFilterSet, OfficeMembershipFilterSet
from citydiplomacy.organisations.filtersets import MembershipFilterSet, OrganisationFilterSet
from citydiplomacy.people.filtersets import OfficeHeldFilterSet, PersonFilterSet
from citydiplomacy.sources.filtersets import SourceFilterSet

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
    "summary": "free text, searched through q",
    "outcomes": "free text",
    "venue": "free text; the place's city has a filter",
    "phone": "personal data, not a search key",
    "holder_title": "a label",
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
    "framework": {"framework"},
    "baseline_value": {"baseline_value_min"},
    "target_value": {"target_value_max"},
    "target_percent": {"target_percent_min"},
    "target_year": {"target_year_from", "target_year_to"},
    "total": {"total_min"},
    "scope1": {"scope1_min"},
    "scope2": {"scope2_min"},
    "scope3": {"scope3_min"},
    "value": {"value_min"},
    "percent_achieved": {"percent_min"},
    "commitment": {"commitment", "city"},
}

FILTERSETS = [
    CountryFilterSet,
    CityFilterSet,
    OrganisationFilterSet,
    MembershipFilterSet,
    AgreementFilterSet,
    PersonFilterSet,
    OfficeHeldFilterSet,
    SourceFilterSet,
    ChangeRecordFilterSet,
    OfficeFilterSet,
    OfficeMembershipFilterSet,
    ContactFilterSet,
    ConsularPostFilterSet,
    EngagementFilterSet,
    FollowUpFilterSet,
    CommitmentFilterSet,
    InventoryFilterSet,
    ProgressFilterSet,
    RuleFilterSet,
]


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
