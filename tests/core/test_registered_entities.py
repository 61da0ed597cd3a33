"""Every registered entity gets the same API behaviour, generated from its registration:
list, read, create (with a change record), a stale-version update answering 409, delete,
and 403 for someone without the right. A new entity joins by registering itself and its
example (`extensions.examples`); nothing here names one."""

import itertools
import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType

from citydiplomacy.core import extensions
from citydiplomacy.core.examples import ExampleContext
from citydiplomacy.core.history.models import ChangeAction, ChangeRecord

pytestmark = pytest.mark.django_db

ENTITIES = list(extensions.entities)
_unique = itertools.count(1)


def test_every_registered_entity_has_an_example():
    missing = [e.name for e in ENTITIES if e.name not in extensions.examples]
    assert not missing, f"register an EntityExample for: {', '.join(missing)}"


@pytest.fixture
def writer_and_office(request, editor, la_office, la_editor, la_admin):
    """(a user who may write the entity, the office private records go to)."""
    entity = request.getfixturevalue("entity")
    return (la_editor if entity.private else editor), la_office


def _payload(entity: Any, writer: User, office: Any, system: Any) -> dict[str, Any]:
    context = ExampleContext(actor=system, user=writer, office=office, unique=str(next(_unique)))
    return extensions.examples.get(entity.name).payload(context)


def _post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e.name)
def test_an_entity_is_created_read_listed_updated_and_deleted_through_the_api(
    entity, writer_and_office, login, system
):
    writer, office = writer_and_office
    client = login(writer)
    example = extensions.examples.get(entity.name)
    created = _post(client, f"/api/{entity.plural}/", _payload(entity, writer, office, system))
    assert created.status_code == 201, created.content
    body = created.json()
    key = str(body.get(entity.lookup if entity.lookup != "pk" else "id", body.get("id")))
    obj = entity.get(writer, key)
    kind = ContentType.objects.get_for_model(entity.model)
    record = ChangeRecord.objects.filter(content_type=kind, object_id=str(obj.pk)).first()
    assert record is not None and record.action == ChangeAction.CREATE
    assert record.user == writer

    assert client.get(f"/api/{entity.plural}/{key}").status_code == 200
    listed = client.get(f"/api/{entity.plural}/")
    assert listed.status_code == 200 and listed.json()["count"] >= 1

    url = f"/api/{entity.plural}/{key}"
    fresh = client.patch(
        url, json.dumps({**example.patch, "version": obj.version}), "application/json"
    )
    assert fresh.status_code == 200, fresh.content
    stale = client.patch(
        url, json.dumps({**example.patch, "version": obj.version}), "application/json"
    )
    assert stale.status_code == 409

    current = entity.get(writer, key).version
    deleted = client.delete(f"{url}?version={current}")
    assert deleted.status_code == 204
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e.name)
def test_someone_without_the_right_cannot_create_an_entity(
    entity, writer_and_office, login, reader, paris_editor, system
):
    writer, office = writer_and_office
    outsider = paris_editor if entity.private else reader
    answer = _post(
        login(outsider), f"/api/{entity.plural}/", _payload(entity, writer, office, system)
    )
    assert answer.status_code in (403, 422), answer.content
    assert not answer.json().get("id")


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e.name)
def test_the_cli_shows_an_entity_as_the_api_does(entity, writer_and_office, login, system):
    from io import StringIO

    from django.core.management import call_command

    writer, office = writer_and_office
    created = _post(
        login(writer), f"/api/{entity.plural}/", _payload(entity, writer, office, system)
    ).json()
    key = str(created.get(entity.lookup if entity.lookup != "pk" else "id", created.get("id")))
    out = StringIO()
    call_command("show", entity.name, key, "--user", writer.username, stdout=out)
    assert json.loads(out.getvalue()) == login(writer).get(f"/api/{entity.plural}/{key}").json()


@pytest.mark.parametrize("dataset", list(extensions.exports), ids=lambda d: d.name)
def test_every_export_dataset_answers_in_each_of_its_formats(dataset, login, la_viewer):
    client = login(la_viewer)
    for fmt in dataset.formats:
        response = client.get(f"/export/{dataset.name}.{fmt}")
        assert response.status_code == 200, (fmt, response.content[:200])
        assert b"".join(response.streaming_content)


@pytest.mark.parametrize("provider", list(extensions.search), ids=lambda p: p.name)
def test_every_search_provider_answers_with_labelled_links(provider, la_viewer):
    rows = provider.search("a", 3, la_viewer)
    assert isinstance(rows, list) and len(rows) <= 3
    assert all(row["label"] and row["url"].startswith("/") for row in rows)
