"""API of import runs (read-only: imports are started from the command line)."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router

from citydiplomacy.core.runs.models import Run
from citydiplomacy.imports.schemas import ImportRunOut

router = Router(tags=["Imports"])


@router.get("/", response=list[ImportRunOut], operation_id="import_run_list")
def import_runs(request: HttpRequest, kind: str = "", limit: int = 100) -> Any:
    """The latest import runs, newest first, with what each read and wrote."""
    runs = Run.objects.all()
    if kind:
        runs = runs.filter(kind=kind)
    return runs[: max(1, min(limit, 1000))]


@router.get("/{run_id}", response=ImportRunOut, operation_id="import_run_read")
def import_run(request: HttpRequest, run_id: int) -> Any:
    return get_object_or_404(Run, pk=run_id)
