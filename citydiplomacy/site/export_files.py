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
from citydiplomacy.core.runs.services import run_enqueue, run_progress
from citydiplomacy.site.exports import export

logger = logging.getLogger(__name__)
KIND = "export-build"
QUEUED_FOR = 3600  # seconds a queued build is remembered, so one is asked for, not many


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


def request_build(dataset: str, fmt: str) -> None:
    """Queue the build of the current version's file, unless it is queued already."""
    version = current_version()
    key = f"{KIND}:{dataset}.{fmt}:{version}"
    if not cache.add(key, 1, QUEUED_FOR):
        return
    try:
        run_enqueue(
            KIND,
            actor=Actor.system("export"),
            options={"dataset": dataset, "format": fmt, "version": version},
        )
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
    run_progress(run, phase=f"writing {dataset}.{fmt}")
    written = 0
    with partial.open("wb") as out:
        for chunk in export(dataset, fmt, QueryDict(), user=None):
            # Text formats come as str, Parquet as bytes; the streamed answer encodes the same.
            data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
            out.write(data)
            written += len(data)
    os.replace(partial, target)  # atomic: a reader sees the whole file or none
    run_progress(run, phase="written", done=written, total=written)
    for old in target.parent.glob(f"{dataset}-v*.{fmt}"):
        if old != target:
            old.unlink(missing_ok=True)
