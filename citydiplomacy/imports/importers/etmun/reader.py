"""Reading the ETMUN networks and members files, and what their cells say (roles, years,
member names, bodies that are not cities).
"""

import csv
import io
import re
from pathlib import Path

from citydiplomacy.geo.names import name_key
from citydiplomacy.geo.resolution.resolver import non_city_reason
from citydiplomacy.imports.importers.gourdon import (
    ETMUN_NETWORKS,
    MembersInput,
    cell_country,
    cell_themes,
    cell_value,
    cell_website,
    cell_year,
    check_codes,
)
from citydiplomacy.imports.networks import NetworkSpec
from citydiplomacy.imports.runs import ImportOptions
from citydiplomacy.imports.tabular import Row, read_rows, read_text

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
    name = cell_value(row.get("Name"))
    raw_acronym = cell_value(row.get("Acronym"))
    # "AMPHICTYONY / (refounded as EGTC in 2008)": the acronym is the part before the remark.
    acronym = re.split(r"\s*/\s*|\s*\(", raw_acronym)[0][:40]
    if name_key(acronym) == name_key(name):
        acronym = ""
    notes = []
    raw_country = cell_value(row.get("Country (secretariat)"))
    country = cell_country(raw_country)
    if raw_country and not country:
        notes.append(f"secretariat country {raw_country!r} is not one known country: left empty")
    if cell_value(founded_cell) and not cell_year(founded_cell):
        notes.append(f"founding date {founded_cell!r} is not a year: left empty")
    if cell_value(row.get("Url")) and not cell_website(row.get("Url")):
        notes.append(f"website {row.get('Url')!r} is not an address: left empty")
    themes, unmapped = cell_themes(row.get("Main Key-word"), row.get("Additional Key-Word"))
    aims, members = cell_value(row.get("Aims")), cell_value(row.get("Members"))
    description = "\n\n".join(
        part for part in (aims, members and f"Members, as ETMUN describes them: {members}.") if part
    )
    return NetworkSpec(
        row=row.number,
        code=cell_value(row.get("Code")),
        name=name,
        kind="city-network",
        acronym=acronym,
        founded=cell_year(founded_cell),
        country=country,
        website=cell_website(row.get("Url")),
        description=description,
        themes=themes,
        also_known_as=(raw_acronym,),
        notes=tuple(notes),
        details={"unmapped_keywords": " / ".join(unmapped)},
    )


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
    text = cell_value(statut)
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
    value = cell_value(text)
    if not value:
        return "", ""
    if cell_year(value):
        return value, ""
    phase = re.fullmatch(r"(\d{4})-(\d{4})\s*-\s*(.+)", value)
    if phase and cell_year(phase.group(1)):
        return phase.group(1), f"Took part in {phase.group(3)} ({phase.group(1)}-{phase.group(2)})."
    return "", f"Joining date in the source: {value}"


def member_name(row: Row) -> str:
    """The name to resolve: the seat's locality, without 'Municipality of' and the like."""
    name = cell_value(row.get("Locality_Siege")) or cell_value(row.get("Full_Name"))
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
    simplified, entity = cell_value(row.get("EntitySimplified")), cell_value(row.get("Entity"))
    if simplified not in CITY_TYPES:
        return f"entity type {simplified or 'not given'}" + (
            f" ({entity})" if entity and entity != simplified else ""
        )
    if entity in NOT_CITY_ENTITIES:
        return f"entity type {entity}: {NOT_CITY_ENTITIES[entity]}"
    # The type says municipality, so "Municipality of X" is a city; "Landkreis X" is not.
    full_name = cell_value(row.get("Full_Name"))
    union = _UNION.search(full_name)
    if union:
        return f"the name says it is not a city ({union.group(0).lower()}) ({full_name})"
    reason = non_city_reason(_MUNICIPALITY.sub("", full_name))
    return f"{reason} ({full_name})" if reason else ""


def read_networks(path: Path | None, options: ImportOptions) -> list[NetworkSpec]:
    assert path is not None
    specs = etmun_network_specs(path, options.encoding)
    check_codes(specs, path)
    return specs


def read_members(path: Path | None, options: ImportOptions) -> MembersInput:
    assert path is not None
    rows = read_rows(path, required=MEMBER_COLUMNS, delimiter=";", encoding=options.encoding)
    networks_path = path.parent / ETMUN_NETWORKS
    if not networks_path.is_file():
        return MembersInput(rows, [], None)
    specs = etmun_network_specs(networks_path, options.encoding)
    check_codes(specs, networks_path)
    return MembersInput(rows, specs, networks_path)
