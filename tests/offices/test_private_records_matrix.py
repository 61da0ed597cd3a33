"""No path lets an office's private records out: every registered private kind x path x visitor.

The kinds, their example records and their own pages come from `extensions.private_kinds`;
the other paths are derived from the other registrations: each private entity's API read and
lists, every private export dataset in each of its formats, search, type-ahead and private
options, the history, the office's pages. A member of another office, a signed-in user of no
office and an anonymous visitor get nothing: a 404 for the record (or the login page), and
lists, searches and exports without it and with a zero count, never its text. A viewer of the
record's office reaches it on the same paths, so each path is known to reach it. A new private
kind joins this matrix by registering itself; nothing here names one.
"""

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import Resolver404, resolve

from citydiplomacy.core import extensions
from citydiplomacy.core.extensions import PrivateKind, PrivatePath

pytestmark = pytest.mark.django_db

GONE = (404,)  # the record's own pages: not found, whether it exists or not
EMPTY = (200,)  # lists, searches and exports: answered, without the record
KINDS = list(extensions.private_kinds)


def marker_of(kind: PrivateKind) -> str:
    return "Zq" + kind.name.replace("-", "").capitalize() + "xw"


def _is_page(url: str) -> bool:
    try:
        resolve(url)
    except Resolver404:
        return False
    return True


def derived_paths(kind: PrivateKind, obj: Any, office: str, marker: str) -> list[PrivatePath]:
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    found = [
        PrivatePath(f"/history/{label}/{obj.pk}/", outsider=GONE),
        PrivatePath(f"/history/{label}/{obj.pk}/?format=json", outsider=GONE),
        PrivatePath(f"/api/history/?model={label}&object_id={obj.pk}", outsider=EMPTY),
        PrivatePath(f"/api/history/?office={office}", outsider=EMPTY),
        PrivatePath(f"/history/?office={office}&format=json", outsider=EMPTY),
        PrivatePath(f"/offices/{office}/members/?format=json", False, GONE),
    ]
    word = marker[:-2]  # the search page repeats the query: search for part of the marker
    for text in (f"/search/?q={word}", f"/search/?q={word}&format=json"):
        found.append(PrivatePath(text, kind.searchable, EMPTY))
    found.append(PrivatePath(f"/search/suggest/?q={word}", kind.searchable, EMPTY))
    for entity in (e for e in extensions.entities if e.model is kind.model):
        key = getattr(obj, entity.lookup if entity.lookup != "pk" else "pk")
        found += [
            PrivatePath(f"/api/{entity.plural}/{key}", outsider=GONE),
            PrivatePath(f"/api/{entity.plural}/", outsider=EMPTY),
            PrivatePath(f"/api/{entity.plural}/?office={office}", outsider=EMPTY),
        ]
        if _is_page(f"/{entity.plural}/"):  # the entity's list page, where it has one
            found += [
                PrivatePath(f"/{entity.plural}/", outsider=EMPTY),
                PrivatePath(f"/{entity.plural}/?format=json", outsider=EMPTY),
            ]
    for dataset in (d for d in extensions.exports if d.private):
        found += [
            PrivatePath(f"/export/{dataset.name}.{fmt}?office={office}", False, EMPTY)
            for fmt in dataset.formats
        ]
    for option in (o for o in extensions.options if o.private):
        found.append(PrivatePath(f"/search/options/{option.name}/?q={word}", False, EMPTY))
    return found


@pytest.fixture
def examples(la_office, la_admin, la_editor, system):
    """One example record of every registered private kind, in the Los Angeles office."""
    made = {}
    for kind in KINDS:
        obj = kind.example(la_office, system, marker_of(kind))
        made[kind.name] = (
            obj,
            [*kind.paths(obj), *derived_paths(kind, obj, "la", marker_of(kind))],
        )
    return made


def body_of(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    # Binary exports (Parquet) are searched for the marker as text too.
    return raw.decode(errors="replace")


@pytest.fixture(params=["member of another office", "user of no office", "anonymous visitor"])
def outsider(request, client, login, paris_editor):
    if request.param == "member of another office":
        return login(paris_editor)
    if request.param == "user of no office":
        return login(User.objects.create_user(username="no-office"))
    return client


def test_every_private_kind_is_in_the_matrix():
    assert {kind.name for kind in KINDS} >= {"contact", "engagement", "follow-up"}


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_an_outsider_gets_nothing_of_a_private_record_on_any_path(kind, outsider, examples):
    markers = [marker_of(k) for k in KINDS]
    leaks = []
    for path in examples[kind.name][1]:
        response = outsider.get(path.url)
        text, status = body_of(response), response.status_code
        if any(marker in text for marker in markers) or "zq@example.org" in text:
            leaks.append(f"{path.url}: {status} shows the record")
        elif status not in path.outsider:
            leaks.append(f"{path.url}: {status}, expected one of {path.outsider}")
        elif status == 302 and not response["Location"].startswith("/accounts/login/"):
            leaks.append(f"{path.url}: redirects to {response['Location']}")
        elif status == 200 and response["Content-Type"].startswith("application/json"):
            data = json.loads(text)
            if (isinstance(data, dict) and data.get("count")) or (isinstance(data, list) and data):
                leaks.append(f"{path.url}: a count reveals records")
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_a_viewer_of_the_office_reaches_the_record_on_the_same_paths(
    kind, login, la_viewer, examples
):
    client = login(la_viewer)
    missing = []
    for path in examples[kind.name][1]:
        if not path.member_sees:
            continue
        response = client.get(path.url)
        if response.status_code != 200:
            missing.append(f"{path.url}: {response.status_code}")
        elif marker_of(kind) not in body_of(response):
            missing.append(f"{path.url}: no {marker_of(kind)!r}")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize(
    "provider", [p for p in extensions.search if p.private], ids=lambda p: p.name
)
def test_a_private_search_provider_answers_outsiders_with_nothing(provider, paris_editor, examples):
    from django.contrib.auth.models import AnonymousUser

    for visitor in (paris_editor, AnonymousUser()):
        for kind in KINDS:
            assert provider.search(marker_of(kind), 10, visitor) == []


@pytest.mark.parametrize(
    "source", list(extensions.calendar_sources), ids=lambda source: source.name
)
def test_a_calendar_source_gives_another_office_none_of_this_offices_records(
    source, paris_office, examples
):
    # Each source is asked for the Paris office's feed while every private kind has a
    # record in Los Angeles: none of their text may appear in Paris's events.
    markers = [marker_of(k) for k in KINDS]
    leaks = [
        f"{event.uid}: {event.summary}"
        for event in source.events(paris_office, "http://testserver/")
        if any(m in f"{event.summary} {event.description} {event.location}" for m in markers)
    ]
    assert not leaks, "\n".join(leaks)
