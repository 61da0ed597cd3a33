"""Every registered personal-data handler is covered by a person's export and erasure: its
example record naming the person appears in the export, and after erasure the person's name
is nowhere in the office's private records nor in their history. A new kind of office record
that names people joins by registering its handler; nothing here names one."""

from typing import Any

import pytest
from django.db import models

from citydiplomacy.contacts.erasure import contact_erase
from citydiplomacy.contacts.selectors import contact_export
from citydiplomacy.contacts.services import contact_create
from citydiplomacy.core import extensions
from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.core.privacy import private_models

pytestmark = pytest.mark.django_db

NAME = "Ottoline Vexbridge"
HANDLERS = list(extensions.personal_data)


@pytest.fixture
def person(la_office, la_admin, la_editor, system):
    contact = contact_create(office=la_office, name=NAME, email="ov@example.org", actor=system)
    for handler in HANDLERS:
        handler.example(contact, system)
    return contact


def _text_holding(office_id: int, needle: str) -> list[str]:
    found = []
    for model in private_models():
        if not any(f.name == "office" for f in model._meta.concrete_fields):
            continue
        texts = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for row in model._default_manager.filter(office_id=office_id).values(*texts):
            found += [f"{model.__name__}.{k}" for k, v in row.items() if needle in str(v)]
    return found


@pytest.mark.parametrize("handler", HANDLERS, ids=lambda h: h.name)
def test_a_persons_export_includes_what_each_handler_holds(handler, person):
    data = handler.export(_subject(person))
    assert any(NAME in str(value) or person.pk in _ids(value) for value in data.values()), data
    assert set(data) <= set(contact_export(person))


def test_an_erasure_leaves_the_persons_name_nowhere_in_the_office(person, la_admin):
    from citydiplomacy.core.history.models import Via
    from citydiplomacy.core.history.services import Actor

    office_id = person.office_id
    assert _text_holding(office_id, "Vexbridge")
    contact_erase(person, actor=Actor(via=Via.WEB, user=la_admin))
    assert _text_holding(office_id, "Vexbridge") == []
    history = ChangeRecord.objects.filter(private_to=office_id)
    assert not [r.pk for r in history if "Vexbridge" in f"{r.before}{r.after}{r.object_repr}"]


def _subject(contact: Any) -> Any:
    from citydiplomacy.contacts.personal_data import Subject

    return Subject.of(contact)


def _ids(value: Any) -> set[Any]:
    rows = value if isinstance(value, list) else [value]
    return {row.get("holder") for row in rows if isinstance(row, dict)}
