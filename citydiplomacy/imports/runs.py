"""Running an import: all or nothing, recorded as an Run, with a report.

`run_import` reads and checks the whole input first (a malformed or header-only file, or an
unwritable report path, is refused before anything is written), builds the gazetteer index
and runs the importer's optional `prepare` step outside any transaction, then writes
everything in one transaction: an error rolls it all
back, and `dry_run` rolls back on purpose after the report is complete. Every record
written names the run in its change record and its citation.
"""

import hashlib
import logging
import os
from collections.abc import Callable, Sized
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.runs.models import Run, RunStatus
from citydiplomacy.core.runs.services import run_progress
from citydiplomacy.geo.models import Country
from citydiplomacy.geo.resolution.index import GazetteerIndex
from citydiplomacy.geo.resolution.overrides import Overrides
from citydiplomacy.geo.resolution.resolver import CityResolver
from citydiplomacy.imports.report import Report
from citydiplomacy.imports.tabular import FileRefused
from citydiplomacy.sources.models import Source
from citydiplomacy.sources.services import source_ensure


@dataclass
class ImportOptions:
    dry_run: bool = False
    use_coordinates: bool = True
    gazetteer: int = 500
    overrides: Path | None = None
    geonames_file: Path | None = None  # a GeoNames dump adding places to the gazetteer
    encoding: str = "utf-8-sig"
    progress: bool = False
    report_path: Path | None = None  # checked as writable before anything is written
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportContext:
    run: Run
    actor: Actor
    source: Source
    options: ImportOptions
    report: Report
    resolver_factory: Callable[[], CityResolver]
    _resolver: CityResolver | None = None

    @property
    def resolver(self) -> CityResolver:
        if self._resolver is None:
            self._resolver = self.resolver_factory()
        return self._resolver


class Importer(Protocol):
    """An importer reads its input fully in `read` (refusing bad files) and writes in `write`.

    It may also have `prepare(data, preparation) -> data`, run between the two and outside
    the write transaction: the place for resolving names and looking up existing records,
    so that `write` holds the database's write lock only to write. An importer may name a
    made-up `fixture` file in its own layout, which the generated fixture test imports.
    """

    kind: str
    description: str

    def source_values(self, path: Path | None) -> dict[str, Any]: ...

    def read(self, path: Path | None, options: ImportOptions) -> Any: ...

    def write(self, data: Any, ctx: ImportContext) -> None: ...


class ImportFailed(Exception):
    """The import stopped; nothing it did was kept."""


@dataclass
class ImportOutcome:
    run: Run | None
    report: Report


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


log = logging.getLogger(__name__)


def reports_dir() -> Path:
    return Path(settings.REPORTS_DIR)


def report_path(run: Run) -> Path:
    """Where a recorded run's row-by-row report is kept, for its page's download link. The
    start time is in the name so that a database created afresh beside an old data
    directory never shows another run 1's report."""
    return reports_dir() / f"run-{run.pk}-{run.started_at:%Y%m%dT%H%M%S%f}.csv"


def kept_report(run: Run) -> Path | None:
    """The run's report file, if one was kept: under today's name, or under the name kept
    before 3 December 2026 (`run-<id>.csv`) when that file was written after the run began
    (an older file of that name belongs to another database's run)."""
    path = report_path(run)
    if path.exists():
        return path
    legacy = reports_dir() / f"run-{run.pk}.csv"
    if legacy.exists() and legacy.stat().st_mtime >= run.started_at.timestamp():
        return legacy
    return None


def keep_report(run: Run, report: Report) -> None:
    """Keep the report of `run` (started from the CLI, a page or the API) for its
    page. The import has committed by now: a report that cannot be kept is logged, not
    turned into a failure of an import that succeeded."""
    run.refresh_from_db(fields=["started_at"])  # the worker's start may have set it anew
    path = report_path(run)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        report.write(path)
    except OSError as error:
        log.warning("The report of run %s could not be kept at %s: %s", run.pk, path, error)


def run_import(
    importer: Importer,
    path: Path | None,
    *,
    actor: Actor,
    options: ImportOptions,
    queued: Run | None = None,
) -> ImportOutcome:
    """Read, resolve and write one input; refuse, fail or dry-run without leaving a trace.

    `queued` is the run the worker executes (started from a page or the API); without it the
    run is recorded when the write begins, and a failed import leaves no run behind.
    """
    overrides = Overrides.load(options.overrides) if options.overrides else Overrides()
    data = _read_or_refuse(importer, path, options, queued)
    report = Report()
    resolver: CityResolver | None = None

    def resolver_factory() -> CityResolver:
        nonlocal resolver
        if resolver is None:
            resolver = CityResolver(
                GazetteerIndex.build(extract_size=options.gazetteer, dump=options.geonames_file),
                overrides=overrides,
                settled=Overrides.settled(),
                use_coordinates=options.use_coordinates,
            )
        return resolver

    if queued is not None:
        run_progress(queued, phase="resolve and write")
    try:
        # Reading the database needs no write lock: the gazetteer index and an importer's
        # `prepare` (resolving names, matching existing records) run before the transaction,
        # so SQLite's write lock is held only for the final write and web writers only wait.
        if needs_resolver(importer):
            resolver_factory()
        prepare = getattr(importer, "prepare", None)
        if callable(prepare):
            data = prepare(data, Preparation(options, report, resolver_factory))
        with transaction.atomic():
            run = _start_run(importer, path, actor, options, queued)
            run_actor = Actor(via=Via.IMPORT, user=actor.user, label=actor.label, import_run=run)
            ctx = ImportContext(
                run=run,
                actor=run_actor,
                source=source_ensure(actor=run_actor, **importer.source_values(path)),
                options=options,
                report=report,
                resolver_factory=resolver_factory,
            )
            importer.write(data, ctx)
            report.note_provisional()
            _finish_run(run, report, RunStatus.DRY_RUN if options.dry_run else RunStatus.SUCCEEDED)
            if options.dry_run:
                transaction.set_rollback(True)
    except (FileRefused, ImportFailed):
        raise
    except Exception as error:
        raise ImportFailed(f"The import stopped and wrote nothing: {error}") from error
    # A dry run from the CLI leaves no run behind, so nothing to keep its report for.
    kept = queued if queued is not None else (None if options.dry_run else run)
    if kept is not None:
        keep_report(kept, report)
    return ImportOutcome(run=None if options.dry_run else run, report=report)


def _read_or_refuse(
    importer: Importer, path: Path | None, options: ImportOptions, queued: Run | None
) -> Any:
    """The importer's data, or FileRefused / ImportFailed before anything is written."""
    if not Country.objects.exists():
        raise ImportFailed("The gazetteer is empty: run `citydiplomacy init` first.")
    if options.geonames_file is not None and not options.geonames_file.is_file():
        raise FileRefused(f"{options.geonames_file}: no such GeoNames file.")
    if options.report_path is not None:
        refuse_unwritable_report(options.report_path)
    if queued is not None:
        run_progress(queued, phase="read")
    data = importer.read(path, options)
    if isinstance(data, Sized) and len(data) == 0:
        where = path if path is not None else "The query"
        raise FileRefused(f"{where}: has no data rows (only a header?); nothing to import.")
    return data


def needs_resolver(importer: Importer) -> bool:
    """Whether the importer resolves city names (all do, unless it says `resolves = False`)."""
    return bool(getattr(importer, "resolves", True))


@dataclass
class Preparation:
    """What an importer's optional `prepare(data, preparation)` step gets: everything but
    the run, which exists only inside the write transaction."""

    options: ImportOptions
    report: Report
    resolver_factory: Callable[[], CityResolver]

    @property
    def resolver(self) -> CityResolver:
        return self.resolver_factory()


def refuse_unwritable_report(path: Path) -> None:
    """Refuse a --report path that cannot be written, before the import writes anything."""
    if path.is_dir():
        raise FileRefused(f"--report {path}: is a directory; give a file name.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileRefused(f"--report {path}: the folder {folder} does not exist.")
    target, mode = (path, os.W_OK) if path.exists() else (folder, os.W_OK | os.X_OK)
    if not os.access(target, mode):
        raise FileRefused(f"--report {path}: cannot be written here (permission denied).")


def _start_run(
    importer: Importer,
    path: Path | None,
    actor: Actor,
    options: ImportOptions,
    queued: Run | None = None,
) -> Run:
    run = queued or Run(category="import", status=RunStatus.RUNNING)
    values = dict(
        kind=importer.kind,
        file_name=path.name if path is not None else "",  # not the server's directories
        file_sha256=file_sha256(path) if path is not None and path.is_file() else "",
        options={
            "dry_run": options.dry_run,
            "use_coordinates": options.use_coordinates,
            "gazetteer": options.gazetteer,
            "overrides": str(options.overrides or ""),
            "geonames_file": options.geonames_file.name if options.geonames_file else "",
            **options.extra,
        },
        user=actor.user,
        actor_label=actor.describe(),
    )
    for name, value in values.items():
        setattr(run, name, value)
    run.save()
    return run


def _finish_run(run: Run, report: Report, status: str) -> None:
    run.status = status
    run.finished_at = timezone.now()
    run.counts = report.summary()
    run.save(update_fields=["status", "finished_at", "counts"])
