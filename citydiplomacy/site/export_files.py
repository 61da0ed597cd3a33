"""Full exports built once per registry version by the run worker, and served as files.

A whole-registry export costs seconds of a server thread, so many anonymous visitors asking
for it at once could hold every thread. The first anonymous request for a full (unfiltered)
public export queues its build (a run of kind `export-build`) and is streamed as before;
once the file for the current registry version exists, later requests get that file, which
the server sends without touching the database. A write bumps the registry version
(`core.history.version`), so a file is never served after the data it holds has changed; the
files of older versions are removed when a newer one is built.
"""

import logging
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import QueryDict

from citydiplomacy.core import extensions
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.history.version import current_version
from citydiplomacy.core.runs.models import Run, RunStatus
from citydiplomacy.core.runs.services import run_enqueue, run_progress
from citydiplomacy.site.exports import export

logger = logging.getLogger(__name__)
KIND = "export-build"
QUEUED_FOR = 3600  # seconds a queued build is remembered, so one is asked for, not many
PROGRESS_EVERY = 1 << 20  # bytes written between two progress reports of a build


def export_dir() -> Path:
    return Path(settings.DATA_DIR) / "exports"


def export_file(dataset: str, fmt: str, version: int) -> Path:
    return export_dir() / f"{dataset}-v{version}.{fmt}"


def can_be_file(dataset: str, query: QueryDict, user: Any) -> bool:
    """Whether this request asks for what a built file holds: the whole of a public dataset,
    for a visitor whose rows are everyone's (signed-in users may see more, so they stream)."""
    spec = extensions.exports.get(dataset)
    signed_in = bool(user is not None and user.is_authenticated)
    return not spec.private and not signed_in and not any(query.lists())


def ready_file(dataset: str, fmt: str) -> Path | None:
    """The built file of the current registry version, if there is one."""
    path = export_file(dataset, fmt, current_version())
    return path if path.is_file() else None


def _queued_key(dataset: str, fmt: str, version: int) -> str:
    return f"{KIND}:{dataset}.{fmt}:{version}"


def request_build(dataset: str, fmt: str) -> None:
    """Queue the build of the current version's file, unless it is queued already. The
    cache remembers the build's run, whose progress the status page shows."""
    version = current_version()
    key = _queued_key(dataset, fmt, version)
    if not cache.add(key, 0, QUEUED_FOR):
        return
    try:
        run = run_enqueue(
            KIND,
            actor=Actor.system("export"),
            options={"dataset": dataset, "format": fmt, "version": version},
        )
        cache.set(key, run.pk, QUEUED_FOR)
    except DatabaseError:
        # The file only spares later requests; this one is streamed whatever happens (an
        # import holding SQLite's write lock must not turn a download into an error).
        logger.warning("could not queue the build of %s.%s", dataset, fmt, exc_info=True)
        cache.delete(key)


def build_export(run: Any) -> None:
    """The run's work: write the file under a temporary name, then put it in place."""
    dataset, fmt = run.options["dataset"], run.options["format"]
    version = current_version()  # read before the rows: the file holds at least this
    target = export_file(dataset, fmt, version)
    if target.is_file():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    # The previous version's size is the best guess of this one's, for the progress bar.
    previous = [p.stat().st_size for p in target.parent.glob(f"{dataset}-v*.{fmt}")]
    expected = max(previous) if previous else None
    run_progress(run, phase=f"writing {dataset}.{fmt}", total=expected)
    written, reported = 0, 0
    with partial.open("wb") as out:
        for chunk in export(dataset, fmt, QueryDict(), user=None):
            # Text formats come as str, Parquet as bytes; the streamed answer encodes the same.
            data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
            out.write(data)
            written += len(data)
            if written - reported >= PROGRESS_EVERY:
                reported = written
                total = max(expected, written) if expected else None
                run_progress(run, phase=f"writing {dataset}.{fmt}", done=written, total=total)
    os.replace(partial, target)  # atomic: a reader sees the whole file or none
    run_progress(run, phase="written", done=written, total=written)
    for old in target.parent.glob(f"{dataset}-v*.{fmt}"):
        if old != target:
            old.unlink(missing_ok=True)


def build_status(dataset: str, fmt: str) -> dict[str, Any]:
    """Where the file of the current registry version stands: `ready` (its size), `queued`
    or `building` (the run's phase and bytes written, of about how many), `failed`, or
    `none` (not asked for yet). Two queries at most."""
    version = current_version()
    path = export_file(dataset, fmt, version)
    if path.is_file():
        return {"state": "ready", "version": version, "size": path.stat().st_size}
    run_id = cache.get(_queued_key(dataset, fmt, version))
    run = Run.objects.filter(pk=run_id).first() if run_id else None
    if run is None:
        return {"state": "none", "version": version}
    states: dict[str, str] = {RunStatus.QUEUED: "queued", RunStatus.RUNNING: "building"}
    state = states.get(run.status, "failed")
    if run.status == RunStatus.SUCCEEDED:  # a newer version's build replaced its file
        state = "none"
    return {
        "state": state,
        "version": version,
        "run": run.pk,
        "phase": run.phase,
        "done": run.done,
        "total": run.total,
    }
