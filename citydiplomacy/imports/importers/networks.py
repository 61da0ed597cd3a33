"""Transnational municipal networks and their members, from P. Gourdon's thesis data.

Three importers read the files of `gourdon-etmun-eucicop` (pgourdongeo/Chap3_LocationalAnalysis):

- `etmun-networks`: the 58 ETMUN networks (name, acronym, founding year, secretariat country,
  website, aims) as organisations of kind city-network. A network is found again by its
  ETMUN code, kept in its citation's locator ("ETMUN code 02723, row 47"), else by an organisation
  of the same name or acronym (so the starter data's C40 and Eurocities are reused).
- `etmun-memberships`: the 17,333 member rows. Cities and municipalities are resolved to
  gazetteer cities; regions, intermunicipal bodies, associations and other bodies are
  reported as not a city and not written. The networks file, when it lies in the same
  folder, is imported first in the same run, so every network is fully described.
- `urbact`: the URBACT memberships (GeoNames ids given), with the URBACT networks (from the
  networks file in the same folder, else from the memberships file's own columns) as
  organisations of kind programme.
"""

import csv
import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from citydiplomacy.geo.gazetteer import m49_rows
from citydiplomacy.geo.names import name_key
from citydiplomacy.imports.gazetteer_index import Place, distance_km
from citydiplomacy.imports.importers.common import dataset_source, number, progress
from citydiplomacy.imports.membership_writer import (
    MembershipWriter,
    NetworkOutcome,
    NetworkSpec,
    NetworkWriter,
    report_network,
    summary,
)
from citydiplomacy.imports.report import describe_end
from citydiplomacy.imports.resolution import (
    MATCHED,
    NEAR_KM,
    NOT_A_CITY,
    Query,
    Resolution,
    non_city_reason,
)
from citydiplomacy.imports.runs import ImportContext, ImportOptions
from citydiplomacy.imports.tabular import FileRefused, Row, read_rows, read_text
from citydiplomacy.imports.writers import ensure_cities
from citydiplomacy.sources.services import source_ensure

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


def _value(text: str) -> str:
    """A cell without surrounding (also non-breaking) spaces; '' for the files' NA."""
    cleaned = text.replace("\xa0", " ").strip()
    return "" if cleaned in MISSING else cleaned


def _year(text: str) -> str:
    found = re.fullmatch(r"(1[89]\d\d|20\d\d)", _value(text))
    return found.group(1) if found else ""


def _website(text: str) -> str:
    """The first address of a cell that may hold several ('a ; b'), with its scheme."""
    first = re.split(r"[\s;,]+", _value(text))[0] if _value(text) else ""
    if first and not re.match(r"^https?://", first, re.IGNORECASE):
        first = f"http://{first}"
    try:
        URLValidator()(first)
    except ValidationError:
        return ""
    return first[:300]


def _country(text: str) -> str:
    """The ISO code a cell names ('UK' -> GB), '' when missing or not a known country."""
    cleaned = _value(text).upper()
    if not cleaned or "/" in cleaned:
        return ""
    cleaned = COUNTRY_ALIASES.get(cleaned, cleaned)
    return cleaned if cleaned in m49_rows() else ""


def _themes(*cells: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(topic slugs, keywords left unmapped) of keyword cells ('a / b / c')."""
    topics: dict[str, None] = {}
    unmapped: dict[str, None] = {}
    for cell in cells:
        for word in re.split(r"\s*/\s*", _value(cell)):
            if not word:
                continue
            topic = KEYWORD_TOPICS.get(word.lower())
            if topic:
                topics[topic] = None
            else:
                unmapped[word] = None
    return tuple(topics), tuple(unmapped)


def _coordinates(row: Row, *pairs: tuple[str, str]) -> list[tuple[float, float]]:
    """The distinct (lat, lon) pairs of a row's coordinate columns, valid ones only."""
    found: list[tuple[float, float]] = []
    for lat_column, lon_column in pairs:
        lat, lon = number(row.get(lat_column)), number(row.get(lon_column))
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        if (lat, lon) not in found:
            found.append((lat, lon))
    return found


def _resolve(
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
            if resolution.status == MATCHED and _near(resolution.place, coordinates):
                return replace(resolution, method=f"{resolution.method}; read as {name!r}")
            first = first or resolution
    assert first is not None
    return _outside_country(ctx, names, country, coordinates) or first


def _outside_country(
    ctx: ImportContext, names: list[str], country: str, coordinates: list[tuple[float, float]]
) -> Resolution | None:
    """A match in another country, confirmed by the row's coordinates (Hong Kong filed
    under CN, Guadeloupe under FR, a wrong country code), or None."""
    if not country:
        return None
    for name in names:
        for lat, lon in coordinates:
            resolution = ctx.resolver.resolve(Query(name, "", lat, lon))
            if resolution.status == MATCHED and _near(resolution.place, coordinates):
                assert resolution.place is not None
                how = f"outside {country}, where the file puts it, near its coordinates"
                return replace(resolution, method=f"{resolution.method}; {how}")
    return None


def _near(place: Place | None, coordinates: list[tuple[float, float]]) -> bool:
    if place is None:
        return False
    return not coordinates or any(
        distance_km(lat, lon, place.latitude, place.longitude) <= NEAR_KM
        for lat, lon in coordinates
    )


# --- ETMUN networks ----------------------------------------------------------------------

NETWORK_COLUMNS = (
    "Name",
    "Acronym",
    "Code",
    "Country (secretariat)",
    "Url",
    "Date",
    "Aims",
    "Members",
    "Main Key-word",
    "Additional Key-Word",
)


def read_indexed(
    path: Path, *, required: tuple[str, ...], encoding: str
) -> tuple[list[str], list[tuple[Row, list[str]]]]:
    """The header and rows of a `;` file, each row also as its list of cells.

    The ETMUN networks file has two columns called "Date" (founding year, then the date
    the data were collected); a dict of the row keeps only the last, so the founding year is
    read by position. `read_rows` still checks the file and refuses a malformed one.
    """
    rows = read_rows(path, required=required, delimiter=";", encoding=encoding)
    records = [
        record
        for record in csv.reader(io.StringIO(read_text(path, encoding)), delimiter=";")
        if any(cell.strip() for cell in record)
    ]
    return records[0], list(zip(rows, records[1:], strict=True))


def etmun_network_specs(path: Path, encoding: str) -> list[NetworkSpec]:
    header, rows = read_indexed(path, required=NETWORK_COLUMNS, encoding=encoding)
    founded_at = header.index("Date")
    return [_etmun_spec(row, cells[founded_at]) for row, cells in rows]


def _etmun_spec(row: Row, founded_cell: str) -> NetworkSpec:
    name = _value(row.get("Name"))
    raw_acronym = _value(row.get("Acronym"))
    # "AMPHICTYONY / (refounded as EGTC in 2008)": the acronym is the part before the remark.
    acronym = re.split(r"\s*/\s*|\s*\(", raw_acronym)[0][:40]
    if name_key(acronym) == name_key(name):
        acronym = ""
    notes = []
    raw_country = _value(row.get("Country (secretariat)"))
    country = _country(raw_country)
    if raw_country and not country:
        notes.append(f"secretariat country {raw_country!r} is not one known country: left empty")
    if _value(founded_cell) and not _year(founded_cell):
        notes.append(f"founding date {founded_cell!r} is not a year: left empty")
    if _value(row.get("Url")) and not _website(row.get("Url")):
        notes.append(f"website {row.get('Url')!r} is not an address: left empty")
    themes, unmapped = _themes(row.get("Main Key-word"), row.get("Additional Key-Word"))
    aims, members = _value(row.get("Aims")), _value(row.get("Members"))
    description = "\n\n".join(
        part for part in (aims, members and f"Members, as ETMUN describes them: {members}.") if part
    )
    return NetworkSpec(
        row=row.number,
        code=_value(row.get("Code")),
        name=name,
        kind="city-network",
        acronym=acronym,
        founded=_year(founded_cell),
        country=country,
        website=_website(row.get("Url")),
        description=description,
        themes=themes,
        also_known_as=(raw_acronym,),
        notes=tuple(notes),
        details={"unmapped_keywords": " / ".join(unmapped)},
    )


def _check_codes(specs: list[NetworkSpec], path: Path) -> None:
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


class EtmunNetworksImporter:
    kind = "etmun-networks"
    description = (
        "ETMUN networks (Gourdon's ETMUN_DataSource_BD_ETMUN_OrganizationsWithMembersCities"
        ".csv, `;`-separated) as city-network organisations, matched by code, name or acronym."
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return dataset_source(path, KNOWN, "Municipal networks")

    def read(self, path: Path | None, options: ImportOptions) -> list[NetworkSpec]:
        assert path is not None
        specs = etmun_network_specs(path, options.encoding)
        _check_codes(specs, path)
        return specs

    def write(self, specs: list[NetworkSpec], ctx: ImportContext) -> None:
        writer = NetworkWriter(ctx, prefix=ETMUN_CODE)
        for spec in progress(specs, ctx, "networks"):
            report_network(ctx, spec, writer.write(spec, ctx.source))


# --- ETMUN members -----------------------------------------------------------------------

MEMBER_COLUMNS = (
    "Full_Name",
    "Locality_Siege",
    "CountryCode",
    "Y",
    "X",
    "Statut",
    "Entity",
    "Year_of_Joining",
    "Network_Name",
    "Code_Network",
    "EntitySimplified",
    "lon",
    "lat",
)
CITY_TYPES = ("City", "Municipality")
# Entity types filed under "City" that are not cities: German Landkreise, and a network's
# own administration listed among its members.
NOT_CITY_ENTITIES = {
    "District": "a district (Landkreis)",
    "Network Administration": "the network's administration",
}
ROLES = {
    "member": "member",
    "full member": "member",
    "effective member": "member",
    "associated member": "associate",
    "associated partner": "associate",
    "partner": "partner",
    "partners": "partner",
    "observer": "observer",
    "president": "chair",
    "president coppem": "chair",
    "vice president": "vice-chair",
    "1 vice president": "vice-chair",
}
_COMMITMENT = re.compile(r"(?:2020|2030|ADAPT)+")
_MUNICIPALITY = re.compile(
    r"^\s*(the\s+)?municipality of\s+|\s+(metropolitan\s+)?municipality\s*$|\s+borough council\s*$",
    re.IGNORECASE,
)
# Words with which local governments name themselves around the place's name.
_LOCAL_GOVERNMENT = re.compile(
    r"^(comune di|commune de|commune d'|ville de|ville d'|city of|town of|concello de|"
    r"ajuntament de|ajuntament d'|ayuntamiento de|administration communale de|"
    r"administration communale d'|municipio de|c[aâ]mara municipal de|mairie de|"
    r"municipalit[eé] de|gemeente|stadt|stad|gmina|grad|marktgemeinde|stadtgemeinde)\s+"
    r"|\s+(city council|town council|city|kommune|kommun|(v[aá]ros |k[oö]zs[eé]g )?"
    r"[oö]nkorm[aá]nyzata|v[aá]ros)$",
    re.IGNORECASE,
)
# "Weilheim i. OB", "Eschenau a. d. Traisen": GeoNames also knows such towns without it.
_QUALIFIER = re.compile(
    r"\s+(a\.\s*d\.|i\.|a\.|b\.|am|im|an der|in der|bei|ob der|ob)\s+.*$", re.IGNORECASE
)
# Unions of municipalities and parts of cities that the entity types file as municipalities.
_UNION = re.compile(
    r"^(unione|comunit[aà]|associazione intercomunale|aggregazione|consorzio|mancomunidad|"
    r"mancomunitat|consell comarcal|amt|samtgemeinde|verbandsgemeinde)\b|\bborough of\b",
    re.IGNORECASE,
)


def etmun_role(statut: str) -> tuple[str, str]:
    """(role, note) of a Statut: Covenant of Mayors commitments are kept in the note."""
    text = _value(statut)
    if not text:
        return "member", ""
    if _COMMITMENT.fullmatch(text):
        commitments = re.findall(r"2020|2030|ADAPT", text)
        return "member", f"Covenant of Mayors commitment: {' + '.join(commitments)}"
    role = ROLES.get(text.lower())
    if role:
        return role, ""
    if text.lower() == "former member":
        return "member", "A former member; the source does not say when it left."
    return "member", f"Status in the source: {text}"


def etmun_joined(text: str) -> tuple[str, str]:
    """(joined, note) of a Year_of_Joining: a year, or 'YYYY-YYYY - phase' (CIVITAS)."""
    value = _value(text)
    if not value:
        return "", ""
    if _year(value):
        return value, ""
    phase = re.fullmatch(r"(\d{4})-(\d{4})\s*-\s*(.+)", value)
    if phase and _year(phase.group(1)):
        return phase.group(1), f"Took part in {phase.group(3)} ({phase.group(1)}-{phase.group(2)})."
    return "", f"Joining date in the source: {value}"


def member_name(row: Row) -> str:
    """The name to resolve: the seat's locality, without 'Municipality of' and the like."""
    name = _value(row.get("Locality_Siege")) or _value(row.get("Full_Name"))
    name = _MUNICIPALITY.sub("", name).strip()
    # "Zolochiv, Lviv region": the city, then the region it lies in.
    return re.sub(r",\s*[^,]+\b(region|oblast)\s*$", "", name, flags=re.IGNORECASE).strip()


def _name_forms(name: str) -> list[str]:
    return [
        _LOCAL_GOVERNMENT.sub("", name).strip(),
        *([part.strip() for part in name.split("/")] if "/" in name else []),
        re.sub(r"^St\.?\s+", "Sankt ", name),
        _QUALIFIER.sub("", name),
        re.sub(r"\s*\(.*$", "", name).strip(),
    ]


def name_candidates(name: str) -> list[str]:
    """The name, then forms gazetteers use: without 'Comune di' or 'City', each half of
    'Truden/Trodena', 'Sankt' for 'St.', without 'a. d. Traisen' or a bracket."""
    found = [name]
    for _ in range(2):
        for current in list(found):
            found += [form for form in _name_forms(current) if form and form not in found]
    return found


def non_city_member(row: Row) -> str:
    """Why a member row is not a city ('' when it is one): its entity type, else its name."""
    simplified, entity = _value(row.get("EntitySimplified")), _value(row.get("Entity"))
    if simplified not in CITY_TYPES:
        return f"entity type {simplified or 'not given'}" + (
            f" ({entity})" if entity and entity != simplified else ""
        )
    if entity in NOT_CITY_ENTITIES:
        return f"entity type {entity}: {NOT_CITY_ENTITIES[entity]}"
    # The type says municipality, so "Municipality of X" is a city; "Landkreis X" is not.
    full_name = _value(row.get("Full_Name"))
    union = _UNION.search(full_name)
    if union:
        return f"the name says it is not a city ({union.group(0).lower()}) ({full_name})"
    reason = non_city_reason(_MUNICIPALITY.sub("", full_name))
    return f"{reason} ({full_name})" if reason else ""


@dataclass
class MembersInput:
    rows: list[Row]
    networks: list[NetworkSpec]
    networks_path: Path | None


@dataclass
class _Member:
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


def _minimal_specs(
    rows: list[Row], known: set[str], code_column: str, name_column: str, file_name: str
) -> list[NetworkSpec]:
    """Networks named by member rows but absent from the networks file: made from the name."""
    specs: dict[str, NetworkSpec] = {}
    for row in rows:
        code, name = _value(row.get(code_column)), _value(row.get(name_column))
        if code and code not in known and code not in specs:
            specs[code] = NetworkSpec(
                row=row.number,
                code=code,
                name=name or code,
                kind="city-network",
                description=f"Known only as {name or code} from the member rows of {file_name}.",
            )
    return list(specs.values())


class EtmunMembershipsImporter:
    kind = "etmun-memberships"
    description = (
        "ETMUN network members (Gourdon's ETMUN_DataSource_MembersETMUNGeocode.csv): cities "
        "and municipalities become memberships; other bodies are reported as not a city. The "
        "networks file in the same folder is imported first."
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return dataset_source(path, KNOWN, "Municipal network members")

    def read(self, path: Path | None, options: ImportOptions) -> MembersInput:
        assert path is not None
        rows = read_rows(path, required=MEMBER_COLUMNS, delimiter=";", encoding=options.encoding)
        networks_path = path.parent / ETMUN_NETWORKS
        if not networks_path.is_file():
            return MembersInput(rows, [], None)
        specs = etmun_network_specs(networks_path, options.encoding)
        _check_codes(specs, networks_path)
        return MembersInput(rows, specs, networks_path)

    def write(self, data: MembersInput, ctx: ImportContext) -> None:
        organisations = self._networks(data, ctx)
        members = [self._decide(row, ctx) for row in progress(data.rows, ctx, "resolving")]
        _write_members(members, organisations, ctx)

    def _networks(self, data: MembersInput, ctx: ImportContext) -> dict[str, NetworkOutcome]:
        writer = NetworkWriter(ctx, prefix=ETMUN_CODE)
        outcomes: dict[str, NetworkOutcome] = {}
        if data.networks_path is not None:
            source = source_ensure(actor=ctx.actor, **self.networks_source(data.networks_path))
            outcomes = writer.write_all(data.networks, source)
            ctx.report.notes.append(summary(outcomes, data.networks_path.name))
        missing = _minimal_specs(
            data.rows, set(outcomes), "Code_Network", "Network_Name", ctx.source.file_name
        )
        made = writer.write_all(missing, ctx.source)
        for code, outcome in made.items():
            outcome.member_note = "network not in the networks file: made from its name"
            outcomes[code] = outcome
        return outcomes

    def networks_source(self, path: Path) -> dict[str, Any]:
        return dataset_source(path, KNOWN, "Municipal networks")

    def _decide(self, row: Row, ctx: ImportContext) -> _Member:
        network = _value(row.get("Code_Network"))
        details = {
            "network": network,
            "network_name": _value(row.get("Network_Name")),
            "entity": _value(row.get("EntitySimplified")),
            "full_name": _value(row.get("Full_Name")),
        }
        reason = non_city_member(row)
        if reason:
            return _Member(row, network, NOT_A_CITY, reason, details=details)
        country = _country(row.get("CountryCode"))
        notes = [] if country else [_country_note(row.get("CountryCode"))]
        name = member_name(row)
        coordinates = (
            _coordinates(row, ("lat", "lon"), ("Y", "X")) if ctx.options.use_coordinates else []
        )
        resolution = _resolve(ctx, name_candidates(name), country, coordinates)
        role, role_note = etmun_role(row.get("Statut"))
        joined, joined_note = etmun_joined(row.get("Year_of_Joining"))
        details.update(describe_end("city_", name, row.get("CountryCode"), resolution))
        details.update(role=role, joined=joined)
        return _Member(
            row,
            network,
            resolution.status,
            "; ".join(n for n in notes if n),
            resolution,
            role=role,
            joined=joined,
            note=" ".join(n for n in (role_note, joined_note) if n),
            details=details,
        )


def _country_note(raw: str) -> str:
    if raw == "NA":
        # R writes a missing value as NA; later steps of the data took it for Namibia.
        return "country code NA read as missing (not Namibia): resolved without a country"
    if not raw:
        return "no country code: resolved without a country"
    return f"country code {raw!r} is not a known country: resolved without a country"


def _write_members(
    members: list[_Member], networks: dict[str, NetworkOutcome], ctx: ImportContext
) -> None:
    """Write the resolved members as memberships and give every row its report line."""
    ensure_cities([m.resolution.place for m in members if m.resolution and m.resolution.place], ctx)
    writer = MembershipWriter(ctx)
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
        )
        if first is not None:
            repeats[m.row.number] = first
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


# --- URBACT ------------------------------------------------------------------------------

URBACT_MEMBER_COLUMNS = (
    "Code_Network",
    "NameCity",
    "Country",
    "City.Statut",
    "Network",
    "Description",
    "LeadPartnerCountry",
    "Url",
    "Start",
    "End",
    "geonameId",
    "lng_GN",
    "lat_GN",
)
URBACT_NETWORK_COLUMNS = (
    "Name",
    "Code_Network",
    "Description",
    "LeadPartnerCountry",
    "Url",
    "Start",
    "End",
    "Main.Key.Word",
)
URBACT_ROLES = {"lead partner": "lead-partner", "partner": "partner"}


def urbact_spec(row: Row, *, name_column: str) -> NetworkSpec:
    """An URBACT network from a row of the networks file or of the memberships file."""
    name = _value(row.get(name_column))
    founded, dissolved = _year(row.get("Start")), _year(row.get("End"))
    themes, unmapped = _themes(row.get("Main.Key.Word"), row.get("Additionnal.key.words"))
    phase = " ".join(p for p in (_value(row.get("Phase")), _value(row.get("Type"))) if p)
    lead = _value(row.get("LeadPartner"))
    lead_country = _country(row.get("LeadPartnerCountry"))
    about = "An URBACT network" + (f" ({phase})" if phase else "")
    if lead or lead_country:
        about += f"; lead partner: {', '.join(p for p in (lead, lead_country) if p)}"
    description = "\n\n".join(
        p for p in (_value(row.get("Description")), about + ".", _value(row.get("Aims"))) if p
    )
    return NetworkSpec(
        row=row.number,
        code=_value(row.get("Code_Network")),
        name=f"{name} (URBACT)",
        kind="programme",
        founded=founded,
        dissolved=dissolved if dissolved >= founded else "",
        website=_website(row.get("Url")),
        description=description,
        themes=themes,
        details={"unmapped_keywords": " / ".join(unmapped)},
    )


@dataclass
class UrbactInput:
    rows: list[Row]
    networks: list[NetworkSpec]
    networks_path: Path | None


class UrbactImporter:
    kind = "urbact"
    description = (
        "URBACT network partners (Gourdon's KEEP_AD_URBACT_..._Membership_..._V2.csv, with "
        "GeoNames ids); the URBACT networks file in the same folder describes the networks."
    )

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return dataset_source(path, KNOWN, "URBACT network partners")

    def read(self, path: Path | None, options: ImportOptions) -> UrbactInput:
        assert path is not None
        rows = read_rows(
            path, required=URBACT_MEMBER_COLUMNS, delimiter=";", encoding=options.encoding
        )
        networks_path = path.parent / URBACT_NETWORKS
        if not networks_path.is_file():
            return UrbactInput(rows, [], None)
        network_rows = read_rows(
            networks_path,
            required=URBACT_NETWORK_COLUMNS,
            delimiter=";",
            encoding=options.encoding,
        )
        specs = [urbact_spec(row, name_column="Name") for row in network_rows]
        _check_codes(specs, networks_path)
        return UrbactInput(rows, specs, networks_path)

    def write(self, data: UrbactInput, ctx: ImportContext) -> None:
        networks = self._networks(data, ctx)
        members = [self._decide(row, ctx) for row in progress(data.rows, ctx, "resolving")]
        _write_members(members, networks, ctx)

    def _networks(self, data: UrbactInput, ctx: ImportContext) -> dict[str, NetworkOutcome]:
        writer = NetworkWriter(ctx, prefix=URBACT_CODE)
        outcomes: dict[str, NetworkOutcome] = {}
        if data.networks_path is not None:
            values = dataset_source(data.networks_path, KNOWN, "URBACT networks")
            outcomes = writer.write_all(data.networks, source_ensure(actor=ctx.actor, **values))
            ctx.report.notes.append(summary(outcomes, data.networks_path.name))
        seen: dict[str, NetworkSpec] = {}
        for row in data.rows:
            code = _value(row.get("Code_Network"))
            if code and code not in outcomes and code not in seen:
                seen[code] = urbact_spec(row, name_column="Network")
        outcomes.update(writer.write_all(list(seen.values()), ctx.source))
        return outcomes

    def _decide(self, row: Row, ctx: ImportContext) -> _Member:
        network = _value(row.get("Code_Network"))
        name, raw_country = _value(row.get("NameCity")), _value(row.get("Country"))
        country = _country(raw_country)
        geonames_id = _value(row.get("geonameId"))
        details: dict[str, Any] = {"network": network, "network_name": _value(row.get("Network"))}
        role = URBACT_ROLES.get(_value(row.get("City.Statut")).lower())
        if role is None:
            message = f"City.Statut {row.get('City.Statut')!r} is neither Lead Partner nor Partner"
            return _Member(row, network, "invalid", message, details=details)
        coordinates = _coordinates(row, ("lat_GN", "lng_GN")) if ctx.options.use_coordinates else []
        lat, lon = coordinates[0] if coordinates else (None, None)
        query = Query(
            name,
            country,
            lat,
            lon,
            geonames_id=int(geonames_id) if geonames_id.isdigit() else None,
        )
        resolution = ctx.resolver.resolve(query)
        if resolution.status != MATCHED:
            resolution = _outside_country(ctx, [name], country, coordinates) or resolution
        joined, left = _year(row.get("Start")), _year(row.get("End"))
        details.update(describe_end("city_", name, raw_country, resolution))
        details.update(geonames_id_given=geonames_id, role=role, joined=joined, left=left)
        return _Member(
            row,
            network,
            resolution.status,
            resolution=resolution,
            role=role,
            joined=joined,
            left=left if left >= joined else "",
            details=details,
        )
