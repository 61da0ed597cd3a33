"""Imports started from a page or the API: the file is kept under the data directory, a run is
queued, and the task worker executes it (`RunKind` "import"); `run_import` keeps its report.

The import itself is the same `run_import` the CLI calls: all or nothing, with its report.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename

from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.runs.models import Run, RunStatus
from citydiplomacy.core.runs.services import run_enqueue, run_finish
from citydiplomacy.imports.importers.registry import IMPORTERS
from citydiplomacy.imports.runs import ImportOptions, run_import

UPLOADS = "uploads"


def importer_choices() -> list[tuple[str, str]]:
    return [(kind, f"{kind}: {IMPORTERS[kind].description}") for kind in sorted(IMPORTERS)]


def import_enqueue(
    *, importer: str, upload: "UploadedFile[Any]", actor: Actor, dry_run: bool = False
) -> Run:
    """Keep the uploaded file and queue its import; the worker does the rest."""
    if importer not in IMPORTERS:
        raise ValueError(f"No importer {importer!r}.")
    name = get_valid_filename(Path(upload.name or "upload").name)
    run = run_enqueue(
        "import",
        actor=actor,
        options={"importer": importer, "dry_run": dry_run, "upload": ""},
        file_name=name,
    )
    folder = Path(settings.DATA_DIR) / UPLOADS / str(run.pk)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / name).open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    run.options["upload"] = str(folder / name)
    Run.objects.filter(pk=run.pk).update(options=run.options)
    return run


def execute_import(run: Run) -> None:
    """The worker's side: run the import on the kept file, keep the report."""
    options: dict[str, Any] = dict(run.options)
    importer = IMPORTERS[options["importer"]]
    actor = Actor(via=Via.IMPORT, user=run.user, label="" if run.user else "import page")
    dry_run = bool(options.get("dry_run"))
    outcome = run_import(
        importer,
        Path(options["upload"]),
        actor=actor,
        options=ImportOptions(dry_run=dry_run),
        queued=run,
    )
    if dry_run:
        run_finish(run, RunStatus.DRY_RUN, counts=outcome.report.summary())
