"""Reading the URBACT memberships file (and the networks file beside it): columns, checks."""

from pathlib import Path

from citydiplomacy.imports.importers.gourdon import (
    URBACT_NETWORKS,
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
from citydiplomacy.imports.tabular import Row, read_rows

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
    name = cell_value(row.get(name_column))
    founded, dissolved = cell_year(row.get("Start")), cell_year(row.get("End"))
    themes, unmapped = cell_themes(row.get("Main.Key.Word"), row.get("Additionnal.key.words"))
    phase = " ".join(p for p in (cell_value(row.get("Phase")), cell_value(row.get("Type"))) if p)
    lead = cell_value(row.get("LeadPartner"))
    lead_country = cell_country(row.get("LeadPartnerCountry"))
    about = "An URBACT network" + (f" ({phase})" if phase else "")
    if lead or lead_country:
        about += f"; lead partner: {', '.join(p for p in (lead, lead_country) if p)}"
    description = "\n\n".join(
        p
        for p in (cell_value(row.get("Description")), about + ".", cell_value(row.get("Aims")))
        if p
    )
    return NetworkSpec(
        row=row.number,
        code=cell_value(row.get("Code_Network")),
        name=f"{name} (URBACT)",
        kind="programme",
        founded=founded,
        dissolved=dissolved if dissolved >= founded else "",
        website=cell_website(row.get("Url")),
        description=description,
        themes=themes,
        details={"unmapped_keywords": " / ".join(unmapped)},
    )


def read(path: Path | None, options: ImportOptions) -> MembersInput:
    assert path is not None
    rows = read_rows(path, required=URBACT_MEMBER_COLUMNS, delimiter=";", encoding=options.encoding)
    networks_path = path.parent / URBACT_NETWORKS
    if not networks_path.is_file():
        return MembersInput(rows, [], None)
    network_rows = read_rows(
        networks_path,
        required=URBACT_NETWORK_COLUMNS,
        delimiter=";",
        encoding=options.encoding,
    )
    specs = [urbact_spec(row, name_column="Name") for row in network_rows]
    check_codes(specs, networks_path)
    return MembersInput(rows, specs, networks_path)
