"""Services, filters, schemas and inputs of the field notes, the way every app has them."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from ninja import Schema

from citydiplomacy.core.crud import Entity
from citydiplomacy.core.history.services import (
    Actor,
    assign_fields,
    create_recorded,
    delete_recorded,
    update_recorded,
)
from citydiplomacy.offices.inputs import office_for_writing
from citydiplomacy.offices.visibility import visible
from tests.dummy_domain.models import FieldNote


def field_note_create(*, office: Any, title: str, text: str = "", actor: Actor) -> FieldNote:
    return create_recorded(FieldNote(office=office, title=title, text=text), actor=actor)


def field_note_update(
    note: FieldNote, *, actor: Actor, expected_version: int | None, **changes: Any
) -> FieldNote:
    assign_fields(note, changes, ("title", "text"))
    update_recorded(note, actor=actor, expected_version=expected_version)
    return note


class FieldNoteFilterSet(django_filters.FilterSet):
    office = django_filters.CharFilter(field_name="office__slug")
    title = django_filters.CharFilter(lookup_expr="icontains")
    text = django_filters.CharFilter(lookup_expr="icontains")
    sort = django_filters.OrderingFilter(fields=(("title", "title"),))

    class Meta:
        model = FieldNote
        fields = ["title"]


class FieldNoteOut(Schema):
    id: int
    title: str
    text: str
    version: int


class FieldNoteIn(Schema):
    office: str
    title: str
    text: str = ""


class FieldNotePatch(Schema):
    version: int
    title: str | None = None
    text: str | None = None


def visible_notes(user: Any) -> QuerySet[FieldNote]:
    return visible(FieldNote.objects.select_related("office"), user)


def _create(data: FieldNoteIn, actor: Actor) -> FieldNote:
    office = office_for_writing(data.office, actor)
    return field_note_create(office=office, title=data.title, text=data.text, actor=actor)


def _update(note: FieldNote, data: FieldNotePatch, actor: Actor) -> FieldNote:
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    return field_note_update(note, actor=actor, expected_version=data.version, **changes)


def _delete(note: FieldNote, actor: Actor, version: int | None) -> None:
    delete_recorded(note, actor=actor, expected_version=version)


FIELD_NOTE = Entity[FieldNote](
    name="field-note",
    plural="field-notes",
    title="Field notes",
    model=FieldNote,
    lookup="pk",
    out_schema=FieldNoteOut,
    in_schema=FieldNoteIn,
    patch_schema=FieldNotePatch,
    filterset=FieldNoteFilterSet,
    queryset=visible_notes,
    create=_create,
    update=_update,
    delete=_delete,
    private=True,
)
