"""Search finds provisional places: the site search, its type-ahead, the city pickers and the
city list's name filter, by any spelling as for cities, marked "not yet matched", linked to
their review, and after the real cities of the same name."""

from pathlib import Path

import pytest
from django.core.management import call_command

from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.models import City, ProvisionalPlace
from citydiplomacy.geo.settling import provisional_settle

pytestmark = pytest.mark.django_db
HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
ROWS = (
    "Xqzwtöwn,France,48.1,2.2,Lyon,France,45.76,4.84\n"  # no such city: kept, accented
    "Springfield,United States,,,Tampere,Finland,61.5,23.76\n"  # several namesakes: kept
)


@pytest.fixture
def kept(tmp_path: Path) -> dict[str, City]:
    path = tmp_path / "pairs.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    call_command("import", "twin-cities", str(path), verbosity=0)
    places = ProvisionalPlace.objects.select_related("city")
    return {place.written_name: place.city for place in places}


def test_the_site_search_finds_a_provisional_place_by_its_name_without_accents(client, kept):
    place = kept["Xqzwtöwn"]
    html = client.get("/search/?q=xqzwtown").content.decode()
    assert "Xqzwtöwn, France (not yet matched)" in html
    assert f'href="/cities/{place.pk}/"' in html
    assert f'href="/cities/review/?city={place.pk}&amp;state="' in html
    data = client.get("/search/?q=xqzwtown&format=json").json()
    assert data["cities"] == []  # no gazetteer city has the name
    (row,) = data["provisional-places"]
    assert (row["geonames_id"], row["provisional"], row["country"]) == (place.pk, True, "FR")
    assert row["review_url"] == f"/cities/review/?city={place.pk}&state="


def test_the_type_ahead_marks_a_provisional_place(client, kept):
    html = client.get("/search/suggest/?q=Xqzwt").content.decode()
    assert "Xqzwtöwn, France (not yet matched)" in html
    assert "not yet matched: a provisional place, in the review queue" in html


def test_a_provisional_place_comes_after_the_real_cities_of_its_name(client, kept):
    place = kept["Springfield"]
    data = client.get("/search/?q=springfield&format=json").json()
    real = [row for row in data["cities"] if row["name"] == "Springfield"]
    assert len(real) > 1 and not any(row["provisional"] for row in data["cities"])
    assert [row["geonames_id"] for row in data["provisional-places"]] == [place.pk]
    html = client.get("/search/?q=springfield").content.decode()
    assert html.index('data-testid="search-cities"') < html.index("(not yet matched)")


def test_the_city_picker_offers_a_provisional_place_after_the_cities_of_its_name(client, kept):
    place = kept["Springfield"]
    options = client.get("/search/options/city/?q=Springfield").json()["results"]
    values = [option["value"] for option in options]
    assert place.pk in values
    at = values.index(place.pk)
    same_name = [i for i, o in enumerate(options) if o["name"] == "Springfield" and i != at]
    assert same_name and max(same_name) < at

    # Before it, only places spelt exactly so (by name, or an alternate name); longer names
    # that start with the query ("Springfield Gardens") come after it.
    def spelt_so(option: dict) -> bool:
        return option["name"] == "Springfield" or option["reason"].endswith(": Springfield")

    assert all(spelt_so(o) for o in options[:at])
    assert not any(spelt_so(o) for o in options[at + 1 :])
    offered = options[at]
    assert offered["provisional"] is True and offered["label"].endswith("(not yet matched)")
    assert offered["review_url"] == f"/cities/review/?city={place.pk}&state="
    assert not any(o["provisional"] for i, o in enumerate(options) if i != at)


def test_the_city_list_name_filter_finds_provisional_places(client, kept):
    place = kept["Xqzwtöwn"]
    listed = client.get("/cities/?q=xqzwt&format=json").json()
    assert [row["geonames_id"] for row in listed["results"]] == [place.pk]
    assert listed["results"][0]["provisional"] is True
    html = client.get("/cities/?q=Xqzwtöwn").content.decode()
    assert 'data-testid="provisional"' in html and "Xqzwtöwn" in html
    # The agreements list's city name filter answers the same way.
    ties = client.get("/agreements/?city_name=xqzwtown&format=json").json()
    assert len(ties["results"]) == 1


def test_a_place_confirmed_as_new_is_found_as_a_city(client, kept, editor):
    place = kept["Xqzwtöwn"]
    actor = Actor(via=Via.WEB, user=type(editor).objects.get(pk=editor.pk))
    provisional_settle(ProvisionalPlace.objects.get(city=place), choice=None, actor=actor)
    data = client.get("/search/?q=xqzwtown&format=json").json()
    assert data["provisional-places"] == []
    assert [(row["geonames_id"], row["provisional"]) for row in data["cities"]] == [
        (place.pk, False)
    ]
    listed = client.get("/cities/?q=xqzwtown&format=json").json()
    assert [row["geonames_id"] for row in listed["results"]] == [place.pk]
