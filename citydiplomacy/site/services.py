"""Setting the registry up: database, gazetteer and starter data, all idempotent."""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.management import call_command

from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.divisions import DivisionReport, load_divisions
from citydiplomacy.geo.gazetteer import LoadReport, load_cities, load_countries
from citydiplomacy.imports.csv_templates import LoadSummary, load_template_set

STARTER_DATA = Path(__file__).resolve().parent.parent / "imports" / "starter_data"


@dataclass
class InitReport:
    countries: LoadReport
    cities: LoadReport
    divisions: DivisionReport = field(default_factory=DivisionReport)
    starter: dict[str, LoadSummary] = field(default_factory=dict)


class StarterDataError(Exception):
    pass


def registry_init(
    *, min_population: int, starter_data: bool = True, progress: bool = False
) -> InitReport:
    """Create or update the database, load the gazetteer and the starter data.

    Running it again with the same packages and files changes nothing.
    """
    call_command("migrate", interactive=False, verbosity=0)
    actor = Actor.system("citydiplomacy init")
    report = InitReport(
        countries=load_countries(actor=actor),
        cities=load_cities(min_population=min_population, actor=actor, progress=progress),
    )
    report.divisions = load_divisions(actor=actor)
    if starter_data:
        report.starter = load_template_set(STARTER_DATA, actor=actor)
        failed = [f"{kind}: {error}" for kind, s in report.starter.items() for error in s.errors]
        if failed:
            raise StarterDataError("The starter data did not load:\n" + "\n".join(failed))
        _load_app_starters(report, actor)
    return report


def _load_app_starters(report: InitReport, actor: Actor) -> None:
    """Starter data of apps whose CSV template specs carry a `load_starter` (once per app)."""
    from citydiplomacy.core import extensions

    done: set[object] = set()
    for template in extensions.csv_templates:
        loader = getattr(template.spec, "load_starter", None)
        if loader is None or loader in done:
            continue
        done.add(loader)
        for kind, summary in loader(actor=actor).items():
            report.starter[kind] = summary
            if summary.errors:
                raise StarterDataError(f"The starter data did not load: {kind}: {summary.errors}")
