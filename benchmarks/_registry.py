"""The fully imported registry, for the benchmarks that measure pages and exports at scale.

Not a benchmark itself. `full_registry(data_dir, database_url)` runs `citydiplomacy init` and
then every importer on the real datasets of `../shared/data/` into a scratch database, the
way a user would, and returns the CLI's environment and each step's wall time.
"""

import os
from pathlib import Path

from _common import PROJECT_DIR, cli_env, run_cli

# ../shared/data beside the project; CITYDIPLOMACY_SHARED_DATA names it for a checkout
# elsewhere (a git worktree, say).
DATA = Path(os.environ.get("CITYDIPLOMACY_SHARED_DATA", PROJECT_DIR.parent / "shared" / "data"))
GOURDON = DATA / "gourdon-etmun-eucicop"

# (importer, file) in the order a user would run them: networks before their members.
IMPORTS = [
    ("twin-cities", DATA / "hekman-twincities" / "app_public_twin_cities.csv"),
    ("wikidata-twinning", DATA / "wikidata-p190-ursino" / "query_p190_2021-11-12.csv"),
    ("etmun-networks", GOURDON / "ETMUN_DataSource_BD_ETMUN_OrganizationsWithMembersCities.csv"),
    ("etmun-memberships", GOURDON / "ETMUN_DataSource_MembersETMUNGeocode.csv"),
    (
        "urbact",
        GOURDON / "KEEP_AD_URBACT_UrbactDB_Vfinal_URBACT_Membership_GNidCorr_complete_V2.csv",
    ),
    ("mayors", DATA / "us-mayors-wikidata" / "mayors_cleaned.csv"),
    ("wup-population", DATA / "un-wup2018-f12" / "WUP2018-F12-Cities_Over_300K.xls"),
]


def missing_data() -> list[Path]:
    return [path for _, path in IMPORTS if not path.exists()]


def full_registry(
    data_dir: Path, database_url: str | None, log: bool = True
) -> tuple[dict[str, str], list[tuple[str, float]]]:
    env = cli_env(data_dir, database_url)
    steps: list[tuple[str, float]] = []
    _, seconds = run_cli(["init", "-v0"], env)
    steps.append(("init", seconds))
    for importer, path in IMPORTS:
        _, seconds = run_cli(["import", importer, str(path), "-v0"], env)
        steps.append((importer, seconds))
        if log:
            print(f"  imported {importer} in {seconds:.0f} s", flush=True)
    return env, steps
