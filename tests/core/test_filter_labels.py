"""List forms call their filters by the query parameters' names, not by django-filter's
field paths and lookups ("Offices party contains", "Starts on is greater than or equal to")."""

import pytest

from citydiplomacy.core.filter_labels import label_from_name, label_unlabelled
from tests.test_filtersets_cover_fields import FILTERSETS

# What django-filter writes for a lookup or a path, and no person would.
GENERATED = (" is greater than or equal to", " is less than or equal to", " contains", " slug")


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("date_from", "Date from"),
        ("due_to", "Due to"),
        ("min_population", "Population at least"),
        ("total_min", "Total at least"),
        ("party", "Party"),
        ("partner_city", "Partner city"),
    ],
)
def test_a_label_is_written_from_the_parameters_name(name, label):
    assert label_from_name(name) == label


@pytest.mark.parametrize("filterset", FILTERSETS, ids=lambda f: f.__name__)
def test_no_list_form_shows_a_lookup_or_a_path_as_a_label(filterset):
    form_set = filterset(data={}, queryset=filterset._meta.model._default_manager.none())
    label_unlabelled(form_set)
    labels = {name: str(field.label) for name, field in form_set.form.fields.items()}
    awkward = {n: label for n, label in labels.items() if label.lower().endswith(GENERATED)}
    assert not awkward


@pytest.mark.django_db
def test_the_people_and_engagement_lists_name_their_filters_for_people(client, la_editor):
    people = client.get("/people/").content.decode()
    assert ">Party<" in people and "Offices party contains" not in people
    client.force_login(la_editor)
    engagements = client.get("/engagements/").content.decode()
    assert ">Date from<" in engagements
    assert "Starts on is greater than or equal to" not in engagements
