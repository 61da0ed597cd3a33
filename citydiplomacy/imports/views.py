"""Pages of import runs: what each import read, wrote and could not match; starting an import
from the browser (queued for the task worker) and following its progress."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from citydiplomacy.core.accounts.permissions import can_edit_registry
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.pages import PageData, PageResult, page
from citydiplomacy.core.runs.models import Run
from citydiplomacy.imports.queued import import_enqueue, importer_choices
from citydiplomacy.imports.runs import kept_report


class StartImportForm(forms.Form):
    importer = forms.ChoiceField(choices=importer_choices)
    file = forms.FileField(help_text="The file to import (CSV, TSV, JSON or a spreadsheet).")
    dry_run = forms.BooleanField(required=False, label="Dry run: resolve and report only")


def _run(run: Run) -> PageData:
    return {
        "id": run.pk,
        "kind": run.kind,
        "category": run.category,
        "file_name": run.file_name,
        "file_sha256": run.file_sha256,
        "options": {k: v for k, v in run.options.items() if k != "upload"},
        "status": run.status,
        "status_label": run.get_status_display(),
        "finished": run.finished,
        "phase": run.phase,
        "done": run.done,
        "total": run.total,
        "percent": run.percent,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "actor": run.actor_label,
        "counts": run.counts,
        "message": run.message,
        "report_url": reverse("imports:report", args=[run.pk]) if kept_report(run) else "",
    }


@page("imports/run_list.html")
def run_list(request: HttpRequest) -> PageResult:
    runs = Run.objects.all()[:200]
    data: PageData = {"title": "Import runs", "runs": [_run(run) for run in runs]}
    form = StartImportForm() if can_edit_registry(request.user) else None
    return PageResult(data, html_context={"form": form})


@page("imports/run_detail.html")
def run_detail(request: HttpRequest, pk: int) -> PageData:
    run = get_object_or_404(Run, pk=pk)
    return {"title": str(run), "run": _run(run)}


def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's progress as a fragment the run page polls until the run has finished."""
    run = get_object_or_404(Run, pk=pk)
    return render(request, "imports/_progress.html", {"run": _run(run)})


@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    if not can_edit_registry(request.user):
        raise PermissionDenied("Starting an import needs a registry editor's account.")
    form = StartImportForm(request.POST, request.FILES)
    if not form.is_valid():
        runs = [_run(run) for run in Run.objects.all()[:200]]
        context = {"title": "Import runs", "runs": runs, "form": form}
        return render(request, "imports/run_list.html", context, status=422)
    run = import_enqueue(
        importer=form.cleaned_data["importer"],
        upload=form.cleaned_data["file"],
        actor=Actor.from_request(request),
        dry_run=form.cleaned_data["dry_run"],
    )
    messages.info(request, f"Import queued as run {run.pk}; this page follows its progress.")
    return HttpResponseRedirect(reverse("imports:run", args=[run.pk]))


def run_report(request: HttpRequest, pk: int) -> FileResponse:
    run = get_object_or_404(Run, pk=pk)
    path = kept_report(run)
    if path is None:
        raise Http404(f"Run {pk} has no report file.")
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"run-{pk}-report.csv")
