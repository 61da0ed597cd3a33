"""Anonymous reads are cached per registry version: a write shows on the next request; signed-in
and private answers are never served from the cache; unchanged pages answer 304 to an ETag."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from citydiplomacy.core.history.version import current_version
from citydiplomacy.sources.models import Source, SourceKind
from citydiplomacy.sources.services import source_ensure, source_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings) -> None:
    settings.PAGE_CACHE = True


def test_an_anonymous_read_is_served_from_the_cache_the_second_time(client: Client) -> None:
    assert client.get("/api/sources/").headers["X-Cache"] == "miss"
    again = client.get("/api/sources/")
    assert again.headers["X-Cache"] == "hit"
    assert again.json() == client.get("/api/sources/").json()


def test_a_committed_write_is_visible_on_the_next_request(
    client: Client, system, django_capture_on_commit_callbacks
) -> None:
    assert "Cache test" not in client.get("/sources/").content.decode()
    before = current_version()
    with django_capture_on_commit_callbacks(execute=True):
        source_ensure(key="cache-test", title="Cache test", kind=SourceKind.ENTRY, actor=system)
    assert current_version() == before + 1
    assert "Cache test" in client.get("/sources/").content.decode()


def test_one_transaction_of_many_records_bumps_the_version_once(
    system, django_capture_on_commit_callbacks
) -> None:
    from django.db import transaction

    before = current_version()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in range(5):
            source_ensure(key=f"bulk-{n}", title=f"Bulk {n}", kind=SourceKind.ENTRY, actor=system)
    assert current_version() == before + 1


def test_a_rolled_back_write_does_not_bump_the_version(
    system, django_capture_on_commit_callbacks
) -> None:
    from django.db import transaction

    before = current_version()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        source_ensure(key="rolled-back", title="Gone", kind=SourceKind.ENTRY, actor=system)
        transaction.set_rollback(True)
    assert current_version() == before


def test_savepoints_rolled_back_take_only_their_own_bump_away(
    system, django_capture_on_commit_callbacks
) -> None:
    # Template loads write each row in a savepoint of its own; a refused row rolls back.
    from django.db import transaction

    def write_in_savepoint(key: str, *, keep: bool) -> None:
        with transaction.atomic():
            source_ensure(key=key, title=key, kind=SourceKind.ENTRY, actor=system)
            transaction.set_rollback(not keep)

    before = current_version()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        write_in_savepoint("refused-row", keep=False)
    assert current_version() == before
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        write_in_savepoint("refused-first", keep=False)
        for n in range(3):
            write_in_savepoint(f"kept-row-{n}", keep=True)
    assert current_version() == before + 1


def test_an_update_is_visible_on_the_next_request(
    client: Client, system, test_source: Source, django_capture_on_commit_callbacks
) -> None:
    url = f"/api/sources/{test_source.key}"
    assert client.get(url).json()["title"] == "Test fixture"
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        source_update(
            test_source, actor=system, expected_version=test_source.version, title="Renamed"
        )
    assert client.get(url).json()["title"] == "Renamed"


def test_signed_in_reads_are_never_served_from_or_stored_in_the_cache(
    la_records, la_editor: User, login, client: Client
) -> None:
    member = login(la_editor)
    first = member.get("/cities/5368361/")
    assert "X-Cache" not in first.headers
    assert "no-store" in first.headers["Cache-Control"]
    anonymous = client.get("/cities/5368361/")
    assert "Quixotic harbour talks" not in anonymous.content.decode()
    assert client.get("/cities/5368361/").headers["X-Cache"] == "hit"
    assert "X-Cache" not in member.get("/cities/5368361/").headers


def test_office_pages_and_exports_are_never_cached(client: Client) -> None:
    for url in ("/offices/", "/export/agreements.csv", "/accounts/login/"):
        client.get(url)
        assert client.get(url).headers.get("X-Cache") is None, url


def test_an_unchanged_page_answers_304_to_its_etag(client: Client) -> None:
    first = client.get("/agreements/")
    etag = first.headers["ETag"]
    again = client.get("/agreements/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""


def test_the_json_twin_and_the_html_page_are_cached_apart(client: Client) -> None:
    html = client.get("/agreements/")
    json = client.get("/agreements/", HTTP_ACCEPT="application/json")
    assert html["Content-Type"].startswith("text/html")
    assert json["Content-Type"].startswith("application/json")
    assert client.get("/agreements/", HTTP_ACCEPT="application/json")["Content-Type"].startswith(
        "application/json"
    )
