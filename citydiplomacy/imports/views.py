"""Pages of import runs: what each import read, wrote and could not match."""

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from citydiplomacy.core.pages import PageData, page
from citydiplomacy.core.runs.models import Run
from citydiplomacy.imports.runs import stored_report_path


def _run(run: Run) -> PageData:
    return {
        "id": run.pk,
        "kind": run.kind,
        "file_name": run.file_name,
        "file_sha256": run.file_sha256,
        "options": run.options,
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
    has_report = stored_report_path(run.pk).is_file()
    return {
        "title": str(run),
        "run": _run(run),
        "report_url": reverse("imports:run_report", args=[run.pk]) if has_report else None,
    }


def run_report(request: HttpRequest, pk: int) -> FileResponse:
    """The run's row-by-row report (what matched, what did not and why) as CSV."""
    run = get_object_or_404(Run, pk=pk)
    path = stored_report_path(run.pk)
    if not path.is_file():
        raise Http404(f"Import run {run.pk} has no stored report.")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"import-{run.pk}-{run.kind}-report.csv",
        content_type="text/csv; charset=utf-8",
    )
