"""Manual overrides: a user settles an ambiguous or wrong name once, for all future imports.

The file is a CSV with the columns `name`, `country` (as the sources write them, or an ISO
code), `geonames_id` (the city meant; empty or 0 for "this is not a city") and `note`. Names
are compared by name key, countries by ISO code, so "Sao Paulo, Brazil" and "São Paulo, BR"
are the same entry. An entry whose country is empty applies in every country.
"""

from dataclasses import dataclass, field
from pathlib import Path

from citydiplomacy.geo.names import name_key
from citydiplomacy.imports.countries import CountryHint, country_hint
from citydiplomacy.imports.tabular import FileRefused, read_rows

COLUMNS = ("name", "country", "geonames_id", "note")


@dataclass
class Overrides:
    entries: dict[tuple[str, str], int] = field(default_factory=dict)
    path: Path | None = None

    @classmethod
    def load(cls, path: Path) -> "Overrides":
        overrides = cls(path=path)
        for row in read_rows(path, required=("name", "country", "geonames_id")):
            raw_id = row.get("geonames_id") or "0"
            if not raw_id.isdigit():
                raise FileRefused(
                    f"{path}: line {row.number}: geonames_id {raw_id!r} is not a number."
                )
            country = row.get("country")
            hint = country_hint(country) if country else None
            if country and hint is None:
                raise FileRefused(f"{path}: line {row.number}: unknown country {country!r}.")
            overrides.entries[(name_key(row.get("name")), hint.iso2 if hint else "")] = int(raw_id)
        return overrides

    def decide(self, name: str, country: str, hint: CountryHint | None) -> int | None:
        """The GeoNames id settled for this name (0: not a city), or None if not settled."""
        key = name_key(name)
        iso2 = hint.iso2 if hint else ""
        if (key, iso2) in self.entries:
            return self.entries[(key, iso2)]
        return self.entries.get((key, ""))
