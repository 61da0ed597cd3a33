"""Everything the field notes contribute, through the extension points only."""

from typing import Any

from citydiplomacy.core import extensions as ext
from tests.dummy_domain import domain


def _search(text: str, limit: int, user: Any) -> list[dict[str, Any]]:
    notes = domain.visible_notes(user).filter(title__icontains=text)[:limit]
    url = "/field-notes/{}/"
    return [{"id": n.pk, "label": n.title, "url": url.format(n.pk), "detail": ""} for n in notes]


def _row(note: Any) -> dict[str, Any]:
    return {"id": note.pk, "office": note.office.slug, "title": note.title, "text": note.text}


def _example(office: Any, actor: Any, marker: str) -> Any:
    return domain.field_note_create(office=office, title=f"{marker} notes", actor=actor)


def _paths(note: Any) -> list[ext.PrivatePath]:
    return [
        ext.PrivatePath(f"/field-notes/{note.pk}/"),
        ext.PrivatePath(f"/field-notes/{note.pk}/?format=json"),
    ]


def _pd_export(subject: Any) -> dict[str, Any]:
    notes = domain.visible_notes(None).model.objects.filter(office_id=subject.office_id)
    return {"field_notes": [_row(n) for n in notes if subject.mentioned_in(n.text)]}


def _pd_erase(subject: Any, actor: Any) -> None:
    from citydiplomacy.contacts.personal_data import redact_mentions

    notes = domain.visible_notes(None).model.objects.filter(office_id=subject.office_id)
    redact_mentions(subject, notes, actor)


def _pd_example(contact: Any, actor: Any) -> Any:
    return domain.field_note_create(
        office=contact.office, title="Visit", text=f"Ask {contact.name} about it.", actor=actor
    )


def register() -> None:
    ext.urls.register(ext.UrlInclude("dummy_domain", "tests.dummy_domain.urls"))
    ext.entities.register(domain.FIELD_NOTE)
    ext.examples.register(
        ext.EntityExample(
            "field-note",
            lambda ctx: {"office": ctx.office.slug, "title": f"Notes {ctx.unique}"},
            {"text": "Changed"},
        )
    )
    ext.search.register(
        ext.SearchProvider("field_notes", "Field notes", "note", _search, 90, private=True)
    )
    ext.exports.register(
        ext.ExportDataset(
            name="field-notes",
            filterset=domain.FieldNoteFilterSet,
            records=domain.visible_notes,
            row=_row,
            columns=("id", "office", "title", "text"),
            private=True,
        )
    )
    ext.private_kinds.register(
        ext.PrivateKind("field-note", domain.FieldNote, _example, _paths, searchable=True)
    )
    ext.personal_data.register(
        ext.PersonalDataHandler("field-notes", _pd_export, _pd_erase, _pd_example, order=90)
    )
