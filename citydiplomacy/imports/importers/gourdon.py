"""What the importers of P. Gourdon's network files share (etmun.py, urbact.py).

The files of `gourdon-etmun-eucicop` (pgourdongeo/Chap3_LocationalAnalysis) describe
transnational municipal networks and their members, `;`-separated, with R's NA for missing
values and decimal commas. This module holds their dataset descriptions, how their cells are
read (years, websites, country codes, keywords as topics, coordinates), how a member is
resolved with the row's geocodings, and how decided member rows become memberships and
report lines.
"""

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from citydiplomacy.geo.gazetteer import m49_rows
from citydiplomacy.geo.resolution.index import Place, distance_km
from citydiplomacy.geo.resolution.resolver import MATCHED, NEAR_KM, NOT_A_CITY, Query, Resolution
from citydiplomacy.imports.importers.common import number, write_progress
from citydiplomacy.imports.networks import NetworkOutcome, NetworkSpec
from citydiplomacy.imports.runs import ImportContext
from citydiplomacy.imports.tabular import FileRefused, Row
from citydiplomacy.imports.writers import ensure_cities
from citydiplomacy.organisations.bulk import MembershipWriter

ETMUN_NETWORKS = "ETMUN_DataSource_BD_ETMUN_OrganizationsWithMembersCities.csv"
ETMUN_MEMBERS = "ETMUN_DataSource_MembersETMUNGeocode.csv"
URBACT_MEMBERS = "KEEP_AD_URBACT_UrbactDB_Vfinal_URBACT_Membership_GNidCorr_complete_V2.csv"
URBACT_NETWORKS = "KEEP_AD_URBACT_UrbactDB_Vfinal_UrbactNetworks_complete_V2.csv"
GOURDON = {
    "author": "P. Gourdon (PhD thesis data, pgourdongeo/Chap3_LocationalAnalysis)",
    "url": "https://github.com/pgourdongeo/Chap3_LocationalAnalysis",
    "note": "Thesis data on European transnational municipal networks; no licence stated, "
    "cite P. Gourdon.",
}
KNOWN = {
    ETMUN_NETWORKS: {
        "key": "gourdon-etmun-networks",
        "title": "ETMUN: European transnational municipal networks (Gourdon)",
        **GOURDON,
    },
    ETMUN_MEMBERS: {
        "key": "gourdon-etmun-memberships",
        "title": "ETMUN: members of European transnational municipal networks (Gourdon)",
        **GOURDON,
    },
    URBACT_NETWORKS: {
        "key": "gourdon-urbact-networks",
        "title": "URBACT networks (Gourdon)",
        **GOURDON,
    },
    URBACT_MEMBERS: {
        "key": "gourdon-urbact-memberships",
        "title": "URBACT network partners (Gourdon)",
        **GOURDON,
    },
}
ETMUN_CODE, URBACT_CODE = "ETMUN code", "URBACT network"

# Keywords of the files mapped onto the topic vocabulary, only where the meaning is plain.
# ETMUN's "Main Key-word"/"Additional Key-Word" are the subject categories of the Yearbook
# of International Organizations (Amenities, Towns, Government, Municipalities, ...): they
# describe what kind of body a network is, not its policy topic, so none of them is mapped.
_TOPIC_KEYWORDS = {
    "governance": ("governance", "governance, partnership", "city management"),
    "democracy": ("participation",),
    "economic-development": (
        "economy",
        "local economy",
        "entrepreneurship & smes",
        "sme and entrepreneurship",
        "social economy",
        "jobs and skills",
        "clustering and economic cooperation",
    ),
    "inclusion": ("inclusion", "social inclusion and equal opportunities", "minorities"),
    "environment": ("environment", "waste", "circular economy"),
    "climate": ("carbon neutrality", "climate adaptation"),
    "energy": ("energy efficiency",),
    "culture": ("culture & heritage", "cultural heritage and arts"),
    "education": ("education",),
    "public-health": ("health", "health and social services"),
    "transport": ("mobility", "transport and mobility", "improving transport connections"),
    "urban-planning": (
        "integrated urban development",
        "urban development",
        "physical urban development",
        "urban renewal",
        "urban planning",
        "city planning",
        "housing",
    ),
    "technology": (
        "digital transition",
        "ict and digital society",
        "research & innovation",
        "knowledge and technology transfer",
    ),
    "migration": ("migrants", "demographic change and immigration"),
    "security": ("safety",),
}
KEYWORD_TOPICS = {word: topic for topic, words in _TOPIC_KEYWORDS.items() for word in words}
# Country codes of the files that are not ISO codes.
COUNTRY_ALIASES = {"UK": "GB", "EL": "GR", "RKS": "XK", "USA": "US"}
MISSING = ("", "NA", "N/A")


# --- Reading values -----------------------------------------------------------------


def cell_value(text: str) -> str:
    """A cell without surrounding (also non-breaking) spaces; '' for the files' NA."""
    cleaned = text.replace("\xa0", " ").strip()
    return "" if cleaned in MISSING else cleaned


def cell_year(text: str) -> str:
    found = re.fullmatch(r"(1[89]\d\d|20\d\d)", cell_value(text))
    return found.group(1) if found else ""


def cell_website(text: str) -> str:
    """The first address of a cell that may hold several ('a ; b'), with its scheme."""
    first = re.split(r"[\s;,]+", cell_value(text))[0] if cell_value(text) else ""
    if first and not re.match(r"^https?://", first, re.IGNORECASE):
        first = f"http://{first}"
    try:
        URLValidator()(first)
    except ValidationError:
        return ""
    return first[:300]


def cell_country(text: str) -> str:
    """The ISO code a cell names ('UK' -> GB), '' when missing or not a known country."""
    cleaned = cell_value(text).upper()
    if not cleaned or "/" in cleaned:
        return ""
    cleaned = COUNTRY_ALIASES.get(cleaned, cleaned)
    return cleaned if cleaned in m49_rows() else ""


def cell_themes(*cells: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(topic slugs, keywords left unmapped) of keyword cells ('a / b / c')."""
    topics: dict[str, None] = {}
    unmapped: dict[str, None] = {}
    for cell in cells:
        for word in re.split(r"\s*/\s*", cell_value(cell)):
            if not word:
                continue
            topic = KEYWORD_TOPICS.get(word.lower())
            if topic:
                topics[topic] = None
            else:
                unmapped[word] = None
    return tuple(topics), tuple(unmapped)


def cell_coordinates(row: Row, *pairs: tuple[str, str]) -> list[tuple[float, float]]:
    """The distinct (lat, lon) pairs of a row's coordinate columns, valid ones only."""
    found: list[tuple[float, float]] = []
    for lat_column, lon_column in pairs:
        lat, lon = number(row.get(lat_column)), number(row.get(lon_column))
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        if (lat, lon) not in found:
            found.append((lat, lon))
    return found


def resolve_member(
    ctx: ImportContext, names: list[str], country: str, coordinates: list[tuple[float, float]]
) -> Resolution:
    """Resolve the name, then its other forms, with each geocoding the row gives.

    The ETMUN file has two geocodings (lat/lon and Y/X) which disagree on 92 rows; a wrong
    one leaves namesakes ambiguous rather than choosing a wrong city, so the other is tried.
    A form other than the name as written is taken only near the row's coordinates.
    """
    attempts: list[tuple[float | None, float | None]] = [*coordinates] or [(None, None)]
    first: Resolution | None = None
    for index, name in enumerate(names):
        for lat, lon in attempts:
            resolution = ctx.resolver.resolve(Query(name, country, lat, lon))
            if resolution.status == NOT_A_CITY and index == 0:
                return resolution
            if resolution.status == MATCHED and index == 0:
                return resolution
            if resolution.status == MATCHED and near_any(resolution.place, coordinates):
                return replace(resolution, method=f"{resolution.method}; read as {name!r}")
            first = first or resolution
    assert first is not None
    return outside_country(ctx, names, country, coordinates) or first


def outside_country(
    ctx: ImportContext, names: list[str], country: str, coordinates: list[tuple[float, float]]
) -> Resolution | None:
    """A match in another country, confirmed by the row's coordinates (Hong Kong filed
    under CN, Guadeloupe under FR, a wrong country code), or None."""
    if not country:
        return None
    for name in names:
        for lat, lon in coordinates:
            resolution = ctx.resolver.resolve(Query(name, "", lat, lon))
            if resolution.status == MATCHED and near_any(resolution.place, coordinates):
                assert resolution.place is not None
                how = f"outside {country}, where the file puts it, near its coordinates"
                return replace(resolution, method=f"{resolution.method}; {how}")
    return None


def near_any(place: Place | None, coordinates: list[tuple[float, float]]) -> bool:
    if place is None:
        return False
    return not coordinates or any(
        distance_km(lat, lon, place.latitude, place.longitude) <= NEAR_KM
        for lat, lon in coordinates
    )


def check_codes(specs: list[NetworkSpec], path: Path) -> None:
    seen: dict[str, int] = {}
    for spec in specs:
        if not spec.code or not spec.name:
            raise FileRefused(f"{path}: line {spec.row} has no network code or name.")
        if spec.code in seen:
            raise FileRefused(
                f"{path}: line {spec.row} repeats network code {spec.code} of line "
                f"{seen[spec.code]}."
            )
        seen[spec.code] = spec.row


# --- Members ---------------------------------------------------------------------------


@dataclass
class MembersInput:
    """A members file's rows, with the networks of the networks file beside it (if any)."""

    rows: list[Row]
    networks: list[NetworkSpec]
    networks_path: Path | None


@dataclass
class Member:
    """One member row as decided: resolved (with role and dates) or reported."""

    row: Row
    network: str
    status: str
    message: str = ""
    resolution: Resolution | None = None
    role: str = "member"
    joined: str = ""
    left: str = ""
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def write_members(
    members: list[Member], networks: dict[str, NetworkOutcome], ctx: ImportContext
) -> None:
    """Write the resolved members as memberships and give every row its report line."""
    ensure_cities([m.resolution.place for m in members if m.resolution and m.resolution.place], ctx)
    writer = MembershipWriter(ctx.actor, ctx.source)
    repeats: dict[int, int] = {}
    keys: dict[int, tuple[int, int, str, str]] = {}
    for m in members:
        organisation = networks[m.network].organisation if m.network in networks else None
        if m.status != MATCHED or organisation is None or m.resolution is None:
            continue
        assert m.resolution.place is not None
        key = (m.resolution.place.geonames_id, organisation.pk, m.role, m.joined)
        keys[m.row.number] = key
        first = writer.add(
            city=key[0],
            organisation=key[1],
            role=m.role,
            joined=m.joined,
            left=m.left,
            note=m.note,
            row=m.row.number,
            as_written=m.details.get("city_name", "") or m.details.get("name", ""),
            via_district=m.resolution.via_district,
        )
        if first is not None:
            repeats[m.row.number] = first
    with write_progress(ctx, "writing memberships", len(writer.pending)) as step:
        writer.progress = step
        outcomes = writer.flush()
    for m in members:
        network = networks.get(m.network)
        extra = [m.message, network.member_note if network else ""]
        if m.row.number in repeats:
            status, extra = "duplicate", [f"same membership as row {repeats[m.row.number]}", *extra]
        elif m.row.number in keys:
            outcome = outcomes[keys[m.row.number]]
            status, extra = outcome.status, [*extra, *outcome.disagreements]
        elif network is None:
            status, extra = "invalid", ["the row names no network", *extra]
        elif m.status == MATCHED:
            status, extra = "ambiguous", [f"network {m.network}: {network.message}", *extra]
        else:
            status = m.status
        message = "; ".join(e for e in extra if e)
        ctx.report.add(m.row.number, status, message, **m.details)
