"""API of import runs: read them, follow their progress, and start an import of an uploaded
file (queued for the task worker; registry editors only)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from citydiplomacy.core.accounts.api_auth import signed_in
from citydiplomacy.core.accounts.permissions import can_edit_registry
from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.runs.models import Run
from citydiplomacy.core.schemas import ErrorOut
from citydiplomacy.imports.importers.registry import IMPORTERS
from citydiplomacy.imports.queued import import_enqueue
from citydiplomacy.imports.schemas import ImportRunOut

router = Router(tags=["Imports"])


@router.get("/", response=list[ImportRunOut], operation_id="import_run_list")
def import_runs(request: HttpRequest, kind: str = "", limit: int = 100) -> Any:
    """The latest import runs, newest first, with what each read and wrote."""
    runs = Run.objects.all()
    if kind:
        runs = runs.filter(kind=kind)
    return runs[: max(1, min(limit, 1000))]


@router.post(
    "/",
    response={202: ImportRunOut, 403: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    operation_id="import_run_start",
)
def import_start(
    request: HttpRequest,
    importer: Form[str],
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
) -> Any:
    """Queue an import of the uploaded file; follow it at /api/imports/{id} (its status,
    phase and progress) until it has finished."""
    if not can_edit_registry(request.user):
        raise PermissionDenied("Starting an import needs a registry editor's account.")
    if importer not in IMPORTERS:
        known = ", ".join(sorted(IMPORTERS))
        return Status(
            422, {"detail": f"importer: no importer {importer!r}; choose one of {known}."}
        )
    run = import_enqueue(
        importer=importer, upload=file, actor=Actor.from_request(request, Via.API), dry_run=dry_run
    )
    return Status(202, run)


@router.get("/{run_id}", response=ImportRunOut, operation_id="import_run_read")
def import_run(request: HttpRequest, run_id: int) -> Any:
    return get_object_or_404(Run, pk=run_id)
