import pytest

from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.geo.gazetteer import load_cities, load_countries
from citydiplomacy.geo.models import City, CityName, Country, Region
from tests.conftest import SAO_PAULO

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("iso2", "region", "subregion"),
    [
        ("US", Region.NORTHERN_AMERICA, "Northern America"),
        ("CA", Region.NORTHERN_AMERICA, "Northern America"),
        ("MX", Region.LATIN_AMERICA, "Central America"),
        ("BR", Region.LATIN_AMERICA, "South America"),
        ("DO", Region.LATIN_AMERICA, "Caribbean"),
        ("FR", Region.EUROPE, "Western Europe"),
        ("GB", Region.EUROPE, "Northern Europe"),
        ("ZA", Region.AFRICA, "Southern Africa"),
        ("JP", Region.ASIA, "Eastern Asia"),
        ("AU", Region.OCEANIA, "Australia and New Zealand"),
    ],
)
def test_countries_carry_their_m49_region_and_subregion(iso2, region, subregion):
    country = Country.objects.get(pk=iso2)
    assert (country.region, country.subregion) == (region, subregion)


def test_countries_have_iso_and_m49_codes():
    brazil = Country.objects.get(pk="BR")
    assert (brazil.iso3, brazil.m49) == ("BRA", "076")


def test_the_default_gazetteer_holds_the_geonames_cities_of_15000_or_more():
    assert City.objects.count() > 30000
    # GeoNames' extract also keeps capitals below the threshold, such as Vaduz.
    smaller = City.objects.filter(population__lt=15000)
    assert smaller.filter(name="Vaduz").exists()
    assert smaller.count() < 0.01 * City.objects.count()


def test_a_city_keeps_its_names_coordinates_division_and_time_zone():
    sao_paulo = City.objects.get(pk=SAO_PAULO)
    assert sao_paulo.name == "São Paulo"
    assert sao_paulo.ascii_name == "Sao Paulo"
    assert sao_paulo.country_id == "BR"
    assert round(sao_paulo.latitude) == -24 and round(sao_paulo.longitude) == -47
    assert sao_paulo.timezone == "America/Sao_Paulo"
    assert sao_paulo.admin1_code
    assert CityName.objects.filter(city=sao_paulo, key="sao paulo").exists()


def test_us_cities_name_their_state():
    assert City.objects.get(pk=5234372).admin1_name == "Vermont"


def test_loading_the_gazetteer_again_changes_nothing():
    actor_records = ChangeRecord.objects.count()
    countries = load_countries(actor=_actor())
    cities = load_cities(min_population=15000, actor=_actor())
    assert (countries.created, countries.updated) == (0, 0)
    assert (cities.created, cities.updated, cities.names_created) == (0, 0, 0)
    assert ChangeRecord.objects.count() == actor_records


def test_a_changed_gazetteer_value_is_restored_and_recorded():
    City.objects.filter(pk=SAO_PAULO).update(population=1)
    report = load_cities(min_population=15000, actor=_actor())
    assert report.updated == 1
    assert City.objects.get(pk=SAO_PAULO).population > 10_000_000
    change = ChangeRecord.objects.filter(object_id=str(SAO_PAULO)).first()
    assert change is not None and change.before["population"] == 1


def test_an_unknown_gazetteer_size_is_refused():
    with pytest.raises(ValueError, match="must be one of"):
        load_cities(min_population=123, actor=_actor())


def _actor():
    from citydiplomacy.core.history.services import Actor

    return Actor.system("test")
