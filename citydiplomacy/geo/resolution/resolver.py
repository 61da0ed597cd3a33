"""Entity resolution: which gazetteer city does a source's name (and country) mean?

Every decision says how it was made. In order:
1. a manual override for this name and country (the overrides file), then a name a person
   settled in the review queue (`geo.SettledName`), both used by every import;
2. a Wikidata id or GeoNames id the source gives;
3. a name that says it is not a city (a county, district, region...): reported as such;
4. the name, then its variants ("Liesing (Vienna)" -> Liesing, then Vienna; "Tokyo - Shibuya"
   -> Shibuya, then Tokyo; "St." -> "Saint"; looser forms such as "Rottenburg am Neckar" ->
   Rottenburg or "Mänttä-Vilppula" -> Mänttä), compared by name key in the country, then in
   the overseas territories GeoNames codes apart from it;
5. a fuzzy match on the name keys of the country when nothing matches exactly.
Among namesakes, coordinates (when the source gives them and they may be used) choose the
nearest; otherwise a division named by the source, then population: the biggest namesake is
taken only when it clearly dominates, else the row is reported as ambiguous with candidates.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from django.conf import settings
from rapidfuzz import fuzz, process

from citydiplomacy.geo.names import name_key
from citydiplomacy.geo.resolution.countries import (
    CountryHint,
    country_hint,
    country_named,
    division_code,
    territories,
)
from citydiplomacy.geo.resolution.index import GazetteerIndex, Place, distance_km
from citydiplomacy.geo.resolution.overrides import Overrides

MATCHED, AMBIGUOUS, UNMATCHED, NOT_A_CITY = "matched", "ambiguous", "unmatched", "not-a-city"
COUNTRY_FROM_NAME = "no country given: the name is a country or territory's"
SETTLED_METHOD = "settled in the review queue"
# The biggest namesake is taken without other evidence only when it is this much bigger.
DOMINANCE = 4.0
# Coordinates farther than this from every namesake do not choose among them.
NEAR_KM = 40.0
FUZZY_CUTOFF = 92.0
# Namesakes this close are records of one place (a town and its seat, say).
SAME_PLACE_KM = 10.0
# A namesake of this size or more outranks namesakes whose size GeoNames does not know.
KNOWN_TOWN = 15000
# The towns a merged municipality is named after lie this close together.
MERGED_KM = 30.0
# A district's parent city ("Liesing (Vienna)") chooses among the district's namesakes.
PARENT_KM = 60.0

_ADMIN_WORDS = (
    r"county|district|raion|rayon|oblast|okrug|region|province|prefecture|voivodeship|"
    r"governorate|municipality|microregion|parish|department|canton|borough council|"
    r"regional unit|state|kreis|landkreis|metropolitan area|agglomeration"
)
_NON_CITY = [
    # "Montgomery County": the word ends a longer name ("Canton" alone is a city).
    re.compile(rf"\w\s+({_ADMIN_WORDS})\s*$", re.IGNORECASE),
    re.compile(rf"^\s*({_ADMIN_WORDS}) of\b", re.IGNORECASE),
    re.compile(rf"\(({_ADMIN_WORDS})\)\s*$", re.IGNORECASE),
    re.compile(r"^\s*(county|province|landkreis|kreis|region)\s+\w", re.IGNORECASE),
    re.compile(
        r"\b(intermunicipal|inter-municipal|communaut[eé]s? (de|d'|du|urbaine)|"
        r"union of municipalities|"
        r"association of|community of municipalities)\b",
        re.IGNORECASE,
    ),
]
# "Rottenburg am Neckar", "Stratford-upon-Avon": GeoNames may know the town without it.
_QUALIFIER = re.compile(
    r"[\s-]+(am|an der|im|in der|bei|ob der|ob|upon|on|sur|a\.\s*d\.)[\s-]+.*$", re.IGNORECASE
)
_CITY_WORD = re.compile(r"^(.+?)\s+(city|city corporation|city council|town)$", re.IGNORECASE)
# "Hammersmith and Fulham", "Oadby and Wigston": boroughs named after their towns.
_JOINT = re.compile(r"\s+(?:and|und|et|&)\s+", re.IGNORECASE)
_ABBREVIATIONS = [
    (re.compile(r"^st\.?\s", re.IGNORECASE), "Saint "),
    (re.compile(r"^ste\.?\s", re.IGNORECASE), "Sainte "),
    (re.compile(r"^mt\.?\s", re.IGNORECASE), "Mount "),
    (re.compile(r"^ft\.?\s", re.IGNORECASE), "Fort "),
    (re.compile(r"^saint\s", re.IGNORECASE), "St "),
]


@dataclass(frozen=True)
class Query:
    name: str
    country: str = ""
    latitude: float | None = None
    longitude: float | None = None
    wikidata_id: str = ""
    geonames_id: int | None = None
    entity_type: str = ""
    division: str = ""  # a first-level division as the source writes it: "OR", "Bern"


@dataclass
class Resolution:
    status: str
    place: Place | None = None
    method: str = ""
    candidates: list[Place] = field(default_factory=list)
    note: str = ""
    # The source's point lies farther than the set distance from every candidate.
    too_far: bool = False

    @property
    def matched(self) -> bool:
        return self.status == MATCHED

    @property
    def via_district(self) -> bool:
        """The source named a district or borough, matched to the city it is part of."""
        return self.place is not None and any(how in self.method for how in PARENT_VARIANTS)


def non_city_reason(name: str) -> str:
    for pattern in _NON_CITY:
        found = pattern.search(name)
        if found:
            word = " ".join(found.group(1).split()).lower()
            if found.group(0).rstrip().lower().endswith(" of"):
                word += " of"  # "Province of Rome": the words as the name has them
            return f"the name says it is not a city ({word})"
    return ""


PARENT_VARIANTS = (
    "the city it is part of (in brackets)",
    "the city it is part of (before the dash)",
    "the city of the numbered district",
)
DISTRICT_VARIANTS = ("name without the bracket", "district name after the dash")
MERGED_VARIANTS = ("the first town of a merged name", "the second town of a merged name")
LOOSE_VARIANTS = ("name without its qualifier", "the first place of a joint name", *MERGED_VARIANTS)


def name_variants(name: str) -> Iterator[tuple[str, str]]:
    """(variant, how) pairs, from the name as written to the city it belongs to."""
    text = " ".join(name.split())
    yield text, "name"
    bracket = re.match(r"^(.*?)\s*\((.+)\)\s*$", text)
    dash = re.split(r"\s+[\u2013\u2014-]\s+", text)
    comma = text.split(",")
    if bracket:
        yield bracket.group(1), "name without the bracket"
    if len(dash) > 1:
        yield dash[-1], "district name after the dash"
    if len(comma) > 1:
        yield comma[0], "name before the comma"
    for pattern, replacement in _ABBREVIATIONS:
        if pattern.search(text):
            yield pattern.sub(replacement, text, count=1), "abbreviation written out"
    if re.match(r"^the\s", text, re.IGNORECASE):
        yield text[4:], "name without 'the'"
    yield from _looser_variants(text)
    if bracket:
        yield bracket.group(2), "the city it is part of (in brackets)"
    if len(dash) > 1:
        yield dash[0], "the city it is part of (before the dash)"
    numbered = re.match(r"^(.*?)\s+([IVXLC]+|\d+)\.?$", dash[0] if len(dash) > 1 else text)
    if numbered:
        yield numbered.group(1), "the city of the numbered district"


def _looser_variants(text: str) -> Iterator[tuple[str, str]]:
    """Forms for names the gazetteer writes shorter or longer; tried after the plain ones."""
    unqualified = _QUALIFIER.sub("", text)
    if unqualified and unqualified != text:
        yield unqualified, "name without its qualifier"
    city_word = _CITY_WORD.match(text)
    if city_word:
        yield city_word.group(1), "name without 'City'"
    else:
        yield f"{text} City", "name with 'City'"
    joint = _JOINT.split(text)
    if len(joint) > 1:
        yield joint[0], "the first place of a joint name"
    halves = text.split("-")
    if len(halves) == 2 and all(_is_place_word(half) for half in halves):
        # Merged municipalities ("Mänttä-Vilppula") are named after the towns they joined.
        yield halves[0], "the first town of a merged name"
        yield halves[1], "the second town of a merged name"


# Words that begin compound names without being a town ("Petit-Croix", "Neu-Ulm").
_PREFIX_TEXT = (
    "petit petite grand grande saint sainte sankt nieuw oud klein gross neu alt nova novy "
    "stara stary velka mala nagy kis nord sud ouest est east west north south pohja louna "
    "upper lower ober unter nieder santa san villa nishi higashi minami kita naka shin kami "
    "shimo"
)
_PREFIX_WORDS = frozenset(_PREFIX_TEXT.split())


def _is_place_word(text: str) -> bool:
    return (
        len(text) >= 4
        and text[:1].isupper()
        and " " not in text
        and name_key(text) not in _PREFIX_WORDS
    )


class CityResolver:
    """Resolves queries against a gazetteer index; remembers answers to repeated queries."""

    def __init__(
        self,
        index: GazetteerIndex,
        *,
        overrides: Overrides | None = None,
        settled: Overrides | None = None,
        use_coordinates: bool = True,
    ) -> None:
        self.index = index
        self.overrides = overrides or Overrides()
        self.settled = settled or Overrides()
        self.use_coordinates = use_coordinates
        self._memo: dict[tuple[object, ...], Resolution] = {}

    def resolve(self, query: Query) -> Resolution:
        coords = (
            (round(query.latitude, 2), round(query.longitude, 2))
            if self.use_coordinates and query.latitude is not None and query.longitude is not None
            else None
        )
        memo_key = (
            query.name,
            query.country,
            query.division,
            coords,
            query.wikidata_id,
            query.geonames_id,
        )
        if memo_key not in self._memo:
            self._memo[memo_key] = self._resolve(query)
        return self._memo[memo_key]

    def _resolve(self, query: Query) -> Resolution:
        named = country_named(query.name) if not query.country else None
        if named:
            found = self._resolve(replace(query, country=named))
            note = "; ".join(part for part in (found.note, COUNTRY_FROM_NAME) if part)
            return replace(found, note=note)
        hint = country_hint(query.country) if query.country else None
        decided = self.overrides.decide(query.name, query.country, hint)
        if decided is not None:
            return self._overridden(decided)
        decided = self.settled.decide(query.name, query.country, hint)
        if decided is not None:
            return self._overridden(decided, method=SETTLED_METHOD)
        known = self._by_id(query)
        if known is not None:
            return known
        reason = non_city_reason(query.name)
        if reason:
            return Resolution(NOT_A_CITY, note=reason)
        if query.country and hint is None:
            return Resolution(UNMATCHED, note=f"unknown country {query.country!r}")
        query, hint = self._with_division(query, hint)
        return self._by_name(query, hint)

    @staticmethod
    def _with_division(query: Query, hint: CountryHint | None) -> tuple[Query, CountryHint | None]:
        """The division the source names, in its own column or after a comma ("Portland, OR",
        "Lengnau, Bern"), as the hint's division; the name without it."""
        if hint is None:
            return query, hint
        if query.division:
            code = division_code(hint.iso2, query.division)
            return query, (replace(hint, admin1=code) if code else hint)
        head, comma, tail = query.name.rpartition(",")
        if comma and head.strip():
            code = division_code(hint.iso2, tail)
            if code:
                query = replace(query, name=head.strip(), division=tail.strip())
                return query, replace(hint, admin1=code)
        return query, hint

    def _overridden(self, geonames_id: int, method: str = "manual override") -> Resolution:
        if geonames_id == 0:
            return Resolution(NOT_A_CITY, method=method, note="settled as not a city")
        place = self.index.place(geonames_id)
        if place is None:
            return Resolution(
                UNMATCHED,
                method=method,
                note=f"settled as GeoNames {geonames_id}, which is not in the gazetteer",
            )
        return Resolution(MATCHED, place, method=method)

    def _by_id(self, query: Query) -> Resolution | None:
        if query.geonames_id:
            place = self.index.place(query.geonames_id)
            if place is not None:
                return Resolution(MATCHED, place, method="GeoNames id")
        if query.wikidata_id and query.wikidata_id in self.index.by_wikidata:
            by_id = self.index.place(self.index.by_wikidata[query.wikidata_id])
            if by_id is not None:
                return Resolution(MATCHED, by_id, method="Wikidata id")
        return None

    def _by_name(self, query: Query, hint: CountryHint | None) -> Resolution:
        country = hint.iso2 if hint else None
        found = self._by_exact_name(query, hint, (country,) if country else None, loose=True)
        if country and found is None:
            # Then its overseas territories, by the name itself; only then fuzzy names.
            found = self._by_exact_name(query, hint, territories(country), loose=False)
            if found is not None:
                found.method += f"; in a territory of {country}"
        if country and found is None:
            found = self._by_fuzzy_name(query, hint, country)
        return found or Resolution(
            UNMATCHED, note="no city of that name" + (f" in {country}" if country else "")
        )

    def _by_exact_name(
        self, query: Query, hint: CountryHint | None, area: tuple[str, ...] | None, *, loose: bool
    ) -> Resolution | None:
        shortened: Resolution | None = None
        for variant, how in name_variants(query.name):
            if how in LOOSE_VARIANTS and not loose:
                continue
            key = name_key(variant)
            found = self._in_area(self.index.candidates(key), area)
            if found and how in DISTRICT_VARIANTS:
                # A district must lie near the city it is named with, or it is another place.
                found = self._near_parent_only(found, query)
            # A place called so in its own name beats one that has it as an alternate name.
            own = [p for p in found if key in p.own_keys]
            if how in MERGED_VARIANTS:
                # "Mänttä-Vilppula" joined two towns; "Schleswig-Holstein" is no town's merger.
                own = [p for p in own if self._other_town_near(p, query.name, variant)]
            if how in LOOSE_VARIANTS:
                # A shortened name proves little: only a lone place of that very name will do,
                # or one near the source's coordinates.
                if self._has_coordinates(query):
                    found = own = self._near_point(own, query)
                elif len(own) > 1:
                    shortened = shortened or Resolution(
                        AMBIGUOUS,
                        candidates=sorted(own, key=lambda p: -p.population)[:5],
                        method=how,
                        note=f"{len(own)} places called {variant}",
                    )
                    continue
                else:
                    found = own
            if found:
                return self._choose(own or found, query, hint, how)
        return shortened

    def _by_fuzzy_name(
        self, query: Query, hint: CountryHint | None, country: str
    ) -> Resolution | None:
        fuzzy = self._fuzzy(query.name, country)
        if fuzzy is None:
            return None
        key, score = fuzzy
        found = self.index.candidates(key, country)
        return self._choose(found, query, hint, f"fuzzy name ({score:.0f})")

    @staticmethod
    def _in_area(found: list[Place], area: tuple[str, ...] | None) -> list[Place]:
        return found if area is None else [p for p in found if p.country in area]

    def _other_town_near(self, place: Place, merged_name: str, half: str) -> bool:
        other = merged_name.replace(half, "", 1).strip("- ")
        return any(
            distance_km(place.latitude, place.longitude, p.latitude, p.longitude) <= MERGED_KM
            for p in self.index.candidates(name_key(other), place.country)
        )

    def _near_point(self, found: list[Place], query: Query) -> list[Place]:
        """The places within NEAR_KM of the query's coordinates."""
        lat, lon = query.latitude or 0.0, query.longitude or 0.0
        return [p for p in found if distance_km(lat, lon, p.latitude, p.longitude) <= NEAR_KM]

    def _has_coordinates(self, query: Query) -> bool:
        return self.use_coordinates and query.latitude is not None and query.longitude is not None

    def _fuzzy(self, name: str, country: str) -> tuple[str, float] | None:
        key = name_key(re.sub(r"\s*\(.*\)\s*$", "", name))
        if len(key) < 5:
            return None
        # Spelling slips rarely touch the first letter; keeping it avoids Gansu -> Ansu.
        choices = self.index.country_keys(country, initial=key[:1])
        found = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if not found or abs(len(found[0]) - len(key)) > 1:
            return None
        return found[0], found[1]

    def _choose(
        self, found: list[Place], query: Query, hint: CountryHint | None, how: str
    ) -> Resolution:
        if self._has_coordinates(query):
            assert query.latitude is not None and query.longitude is not None
            lat, lon = query.latitude, query.longitude
            ranked = sorted(found, key=lambda p: distance_km(lat, lon, p.latitude, p.longitude))
            nearest = ranked[0]
            km = distance_km(lat, lon, nearest.latitude, nearest.longitude)
            if km <= NEAR_KM:
                return Resolution(MATCHED, nearest, method=f"{how}; nearest namesake ({km:.0f} km)")
            if not query.country:
                # Without a country, a namesake far from the given point is another place.
                return Resolution(
                    UNMATCHED,
                    candidates=ranked[:5],
                    method=how,
                    note=(
                        f"the nearest namesake, {nearest.name}, {nearest.country}, lies "
                        f"{km:.0f} km from the given coordinates: the source means another "
                        "place, or a region"
                    ),
                    too_far=True,
                )
            if len(found) > 1:
                return Resolution(
                    AMBIGUOUS,
                    candidates=ranked[:5],
                    method=how,
                    note=f"no namesake within {NEAR_KM:.0f} km",
                    too_far=True,
                )
        far = self._too_far(found, query) or self._other_division(found, query, hint)
        if far is not None:
            return far
        if len(found) == 1:
            return Resolution(MATCHED, found[0], method=how)
        near_parent = self._near_parent(found, query, hint)
        if near_parent is not None:
            return Resolution(
                MATCHED, near_parent, method=f"{how}; nearest to the city named with it"
            )
        return self._by_population(found, hint, how)

    def _too_far(self, found: list[Place], query: Query) -> Resolution | None:
        """With a point given, a lone namesake beyond the set distance is for a person to
        settle (`MATCH_MAX_KM`), never taken silently."""
        if not self._has_coordinates(query) or len(found) != 1:
            return None
        assert query.latitude is not None and query.longitude is not None
        place = found[0]
        km = distance_km(query.latitude, query.longitude, place.latitude, place.longitude)
        limit = float(settings.MATCH_MAX_KM)
        if km <= limit:
            return None
        return Resolution(
            AMBIGUOUS,
            candidates=[place],
            method="name; the only namesake is far from the given point",
            note=f"{place.name}, {place.country} lies {km:.0f} km from the source's point "
            f"(more than {limit:.0f} km): settle it by hand",
            too_far=True,
        )

    @staticmethod
    def _other_division(
        found: list[Place], query: Query, hint: CountryHint | None
    ) -> Resolution | None:
        """The source names a division and no namesake lies in it: for a person to settle."""
        if not query.division or hint is None or not hint.admin1:
            return None
        if any(p.admin1 == hint.admin1 for p in found) or not all(p.admin1 for p in found):
            return None
        if hint.admin1.isalpha() and all(p.admin1.isdigit() for p in found):
            # GeoNames numbers this country's divisions (France, Germany...): an ISO code
            # cannot be compared with them, so it proves nothing.
            return None
        return Resolution(
            AMBIGUOUS,
            candidates=sorted(found, key=lambda p: -p.population)[:5],
            method="name; no namesake in the division named",
            note=f"no {query.name} in {query.division} ({hint.iso2}-{hint.admin1}) in the "
            "gazetteer",
        )

    def _near_parent_only(self, found: list[Place], query: Query) -> list[Place]:
        parent = self._parent(query)
        if parent is None:
            return found
        return [
            p
            for p in found
            if distance_km(parent.latitude, parent.longitude, p.latitude, p.longitude) <= PARENT_KM
        ]

    def _parent(self, query: Query) -> Place | None:
        parent_name = _parent_name(query.name)
        if not parent_name:
            return None
        return self.resolve(Query(parent_name, query.country)).place

    def _near_parent(
        self, found: list[Place], query: Query, hint: CountryHint | None
    ) -> Place | None:
        p = self._parent(query)
        if p is None:
            return None
        ranked = sorted(
            found, key=lambda c: distance_km(p.latitude, p.longitude, c.latitude, c.longitude)
        )
        best = ranked[0]
        if distance_km(p.latitude, p.longitude, best.latitude, best.longitude) <= PARENT_KM:
            return best
        return None

    def _by_population(self, found: list[Place], hint: CountryHint | None, how: str) -> Resolution:
        if hint and hint.admin1:
            in_division = [p for p in found if p.admin1 == hint.admin1]
            if len(in_division) == 1:
                return Resolution(MATCHED, in_division[0], method=f"{how}; in the division named")
            found = in_division or found
        ranked = sorted(found, key=lambda p: -p.population)
        first, second = ranked[0], ranked[1]
        # Records of one place: close together, or with the very same known population.
        same_size = first.population > 0 and all(p.population == first.population for p in ranked)
        if same_size or all(
            distance_km(first.latitude, first.longitude, p.latitude, p.longitude) <= SAME_PLACE_KM
            for p in ranked
        ):
            return Resolution(MATCHED, first, method=f"{how}; namesakes are one place")
        # GeoNames writes 0 for an unknown population: it does not make a place small, but a
        # town of known size beats records of unknown size.
        if (second.population > 0 and first.population >= DOMINANCE * second.population) or (
            second.population == 0 and first.population >= KNOWN_TOWN
        ):
            return Resolution(
                MATCHED, first, method=f"{how}; by far the biggest of {len(found)} namesakes"
            )
        return Resolution(
            AMBIGUOUS,
            candidates=ranked[:5],
            method=how,
            note=f"{len(found)} namesakes of similar size",
        )


def _parent_name(name: str) -> str:
    """The city a district name mentions: 'Liesing (Vienna)', 'Tokyo - Shibuya'."""
    bracket = re.match(r"^(.*?)\s*\((.+)\)\s*$", name)
    if bracket:
        return bracket.group(2)
    dash = re.split(r"\s+[\u2013\u2014-]\s+", name)
    return dash[0] if len(dash) > 1 else ""
