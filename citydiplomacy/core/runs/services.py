"""Starting, following and finishing runs of long work.

`run_enqueue` records a queued run and hands it to the task worker (Django's tasks framework
with the database backend: `citydiplomacy worker`, which `scripts/run` starts beside the
server), so a request that starts an import or a rebuild returns at once with the run's page.
The worker calls the registered `RunKind.execute(run)`; the work reports where it stands with
`run_progress`, and the run ends succeeded or failed with its message.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from citydiplomacy.core import extensions
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.runs.models import Run, RunStatus


def run_enqueue(
    kind: str, *, actor: Actor, options: dict[str, Any] | None = None, file_name: str = ""
) -> Run:
    """Record a queued run of `kind` (a registered RunKind) and queue it for the worker."""
    spec = extensions.run_kinds.get(kind)
    run = Run.objects.create(
        kind=kind,
        category=spec.category,
        status=RunStatus.QUEUED,
        options=options or {},
        file_name=file_name,
        user=actor.user,
        actor_label=actor.describe(),
    )

    def enqueue() -> None:
        from citydiplomacy.core.runs.tasks import execute_run

        result = execute_run.enqueue(run.pk)
        Run.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])

    # The worker must find the run: queue it once the run's row is committed.
    transaction.on_commit(enqueue)
    return run


def run_execute(run_id: int) -> None:
    """Do a queued run's work (called by the worker): its RunKind, then its final state."""
    run = Run.objects.get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return  # already done (a task delivered twice)
    run.status, run.started_at = RunStatus.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        extensions.run_kinds.get(run.kind).execute(run)
    except Exception as error:  # the run's page says what went wrong; nothing is kept
        run_finish(run, RunStatus.FAILED, message=str(error) or type(error).__name__)
        return
    run.refresh_from_db()
    if not run.finished:
        run_finish(run, RunStatus.SUCCEEDED)


def run_progress(run: Run, *, phase: str, done: int = 0, total: int | None = None) -> None:
    """Where the run stands. Written at once; inside an all-or-nothing write transaction it
    shows when that transaction ends, so set the phase before opening it."""
    run.phase, run.done, run.total = phase[:40], done, total
    Run.objects.filter(pk=run.pk).update(phase=run.phase, done=done, total=total)


def run_finish(
    run: Run, status: str, *, message: str = "", counts: dict[str, Any] | None = None
) -> None:
    run.status, run.finished_at = status, timezone.now()
    run.message = message or run.message
    if counts is not None:
        run.counts = counts
    Run.objects.filter(pk=run.pk).update(
        status=run.status, finished_at=run.finished_at, message=run.message, counts=run.counts
    )
