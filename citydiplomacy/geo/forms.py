"""The city form of the web UI: only the Wikidata id is edited; GeoNames owns the rest."""

from citydiplomacy.core.editing import RecordForm
from citydiplomacy.geo.models import City
from citydiplomacy.geo.services import CITY_EDITABLE, city_update


def _no_create(**values: object) -> City:
    raise NotImplementedError("Cities come from the gazetteer; they are not created in the UI.")


class CityForm(RecordForm):
    create_service = staticmethod(_no_create)
    update_service = staticmethod(city_update)
    update_fields = CITY_EDITABLE

    class Meta:
        model = City
        fields = ["wikidata_id"]
