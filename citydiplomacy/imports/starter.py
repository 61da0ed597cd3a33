"""The starter data drawn from the seed documents (CSV templates in `starter_data/`), loaded by
`citydiplomacy init` as the imports app's init step."""

from pathlib import Path
from typing import Any

from citydiplomacy.core.extensions import InitFailed
from citydiplomacy.imports.csv_templates import load_template_set

STARTER_DATA = Path(__file__).resolve().parent / "starter_data"


def load_starter_data(options: dict[str, Any], actor: Any) -> list[str]:
    summaries = load_template_set(STARTER_DATA, actor=actor)
    failed = [f"{kind}: {error}" for kind, s in summaries.items() for error in s.errors]
    if failed:
        raise InitFailed("The starter data did not load:\n" + "\n".join(failed))
    return [
        f"Starter {kind}: {s.created} new, {s.merged} merged, {s.unchanged} unchanged."
        for kind, s in summaries.items()
    ]
