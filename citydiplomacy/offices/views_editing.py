"""Editing office-private records: the visibility and role checks every such page shares.

The record is looked up among those the visitor may see (a 404 otherwise, whether it exists
or not); creating needs the editor role in some office, changing one needs it in the
record's own office.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from citydiplomacy.core.editing import RecordForm, delete_record, edit_record
from citydiplomacy.core.history.services import Actor


def edit_office_record(
    request: HttpRequest,
    *,
    visible: QuerySet[Any],
    pk: int | None,
    form_class: type[RecordForm],
    new_title: str,
    success_url: Callable[[Any], str],
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    record = get_object_or_404(visible, pk=pk) if pk is not None else None
    return edit_record(
        request,
        form_class=form_class,
        instance=record,
        title=f"Edit {record}" if record else new_title,
        success_url=success_url,
        initial=initial if record is None else None,
        form_kwargs={"user": request.user},
    )


def remove_office_record(
    request: HttpRequest,
    *,
    visible: QuerySet[Any],
    pk: int,
    delete: Callable[..., None],
    success_url: str,
) -> HttpResponse:
    record: Model = get_object_or_404(visible, pk=pk)

    def delete_it(obj: Any, actor: Actor, version: int | None) -> None:
        delete(obj, actor=actor, expected_version=version)

    return delete_record(
        request,
        instance=record,
        delete=delete_it,
        success_url=success_url,
    )
