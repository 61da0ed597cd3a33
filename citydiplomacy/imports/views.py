"""Pages of import runs: what each import read, wrote and could not match."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from citydiplomacy.core.pages import PageData, page
from citydiplomacy.core.runs.models import Run


def _run(run: Run) -> PageData:
    return {
        "id": run.pk,
        "kind": run.kind,
        "file_name": run.file_name,
        "status": run.status,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "actor": run.actor_label,
        "counts": run.counts,
        "message": run.message,
    }


@page("imports/run_list.html")
def run_list(request: HttpRequest) -> PageData:
    runs = Run.objects.all()[:200]
    return {"title": "Import runs", "runs": [_run(run) for run in runs]}


@page("imports/run_detail.html")
def run_detail(request: HttpRequest, pk: int) -> PageData:
    run = get_object_or_404(Run, pk=pk)
    return {"title": str(run), "run": _run(run)}
