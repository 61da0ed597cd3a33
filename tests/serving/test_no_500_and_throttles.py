"""Hostile and careless input gets a clear 4xx, never a 500: filters, numbers, page sizes,
deletes without a version; every API error is JSON; guessing passwords and tokens is
throttled; one client's downloads cannot hold every worker; pages carry a strict CSP."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from citydiplomacy.core.accounts.services import token_create
from citydiplomacy.sources.models import Source

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
HUGE = str(10**23)

COUNTRY_FILTERS = [
    "/api/contacts/?country=us",
    "/api/consular-posts/?country=FR",
    "/api/memberships/?country=de",
    "/api/people/?country=US",
    "/api/organisations/?secretariat_country=fr",
    "/offices/?country=US&format=json",
]


@pytest.mark.parametrize("url", COUNTRY_FILTERS)
def test_every_country_filter_answers_for_any_value(url: str, la_admin: User, login) -> None:
    client = login(la_admin)
    for value in ("US", "zz", "'; drop", ""):
        response = client.get(re.sub(r"country=[^&]*", f"country={value}", url))
        assert response.status_code in (200, 422), (url, value, response.status_code)
        assert response["Content-Type"].startswith("application/json")


def test_the_country_filter_keeps_the_country_in_either_case(client: Client) -> None:
    from citydiplomacy.organisations.models import Membership

    code = Membership.objects.values_list("city__country_id", flat=True).first()
    assert code
    upper = client.get(f"/api/memberships/?country={code.upper()}").json()
    lower = client.get(f"/api/memberships/?country={code.lower()}").json()
    assert upper["count"] == lower["count"] > 0
    assert client.get("/api/memberships/?country=ZZ").json()["count"] == 0


@pytest.mark.parametrize(
    "url",
    [
        f"/api/agreements/?city={HUGE}",
        f"/api/people/?city=-{HUGE}",
        f"/cities/?min_population={HUGE}&format=json",
        f"/api/history/?version={HUGE}",
    ],
)
def test_a_number_too_large_for_any_column_is_a_422_naming_the_filter(
    client: Client, url: str
) -> None:
    response = client.get(url)
    assert response.status_code == 422
    body = response.json()
    name = re.search(r"\?(\w+)=", url).group(1)  # type: ignore[union-attr]
    assert name in body["errors"]


def test_a_geonames_id_too_large_for_the_column_is_a_422_not_a_500(editor_client: Client) -> None:
    # Found by the fuzzer: SQLite cannot bind the number, so the lookup itself failed.
    settle = editor_client.post(
        f"/api/cities/provisional/{HUGE}/settle", data="{}", content_type="application/json"
    )
    read = editor_client.get(f"/api/cities/{HUGE}")
    assert (settle.status_code, read.status_code) == (422, 422)
    assert "geonames_id" in str(settle.json()) and "geonames_id" in str(read.json())
    assert editor_client.get("/api/cities/1").status_code == 404  # in range, unknown


def test_a_list_page_shows_the_out_of_range_number_as_a_form_error(client: Client) -> None:
    response = client.get(f"/cities/?min_population={HUGE}")
    assert response.status_code == 422
    assert "Enter a number between" in response.content.decode()


def test_an_export_with_a_huge_number_is_refused_before_streaming(client: Client) -> None:
    response = client.get(f"/export/agreements.csv?city={HUGE}")
    assert response.status_code == 400 and "city" in response.json()["detail"]


@pytest.mark.parametrize("value", ["0", "501", "abc", "-3", HUGE])
def test_per_page_out_of_range_is_a_422(client: Client, value: str) -> None:
    response = client.get(f"/api/agreements/?per_page={value}")
    assert response.status_code == 422
    assert "per_page" in response.json()["errors"]


def test_a_page_number_past_the_end_shows_the_last_page(client: Client) -> None:
    response = client.get(f"/api/agreements/?page={HUGE}")
    assert response.status_code == 200


def test_an_api_delete_without_the_version_is_refused_and_deletes_nothing(
    editor: User, test_source: Source, system
) -> None:
    key = token_create(user=editor, name="tests", actor=system)[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = client.delete(f"/api/sources/{test_source.key}")
    assert response.status_code == 422 and "version" in response.json()["detail"]
    assert client.delete(f"/api/sources/{test_source.key}?version=abc").status_code == 422
    assert Source.objects.filter(pk=test_source.pk).exists()
    stale = client.delete(f"/api/sources/{test_source.key}?version={test_source.version + 1}")
    assert stale.status_code == 409
    done = client.delete(f"/api/sources/{test_source.key}?version={test_source.version}")
    assert done.status_code == 204


@pytest.mark.parametrize("version", ["abc", "", "1e3", "²", HUGE])
def test_a_page_delete_with_a_bad_version_is_a_422_not_a_500(
    editor_client: Client, test_source: Source, version: str
) -> None:
    response = editor_client.post(f"/sources/{test_source.key}/delete/", {"version": version})
    assert response.status_code == 422
    assert "Nothing was deleted" in response.content.decode()
    assert Source.objects.filter(pk=test_source.pk).exists()


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/no-such-thing/", 404),
        ("get", "/api/agreements/999999999", 404),
        ("put", "/api/agreements/", 405),
        ("post", "/api/sources/", 401),
    ],
)
def test_every_api_error_is_json(client: Client, method: str, url: str, status: int) -> None:
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_a_session_write_without_csrf_gets_a_json_403(editor: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post("/api/sources/", {"key": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_pages_carry_a_strict_content_security_policy(client: Client) -> None:
    policy = client.get("/cities/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "object-src 'none'" in policy


def test_no_template_has_inline_script_style_attributes_or_event_handlers() -> None:
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"
        r"|\son[a-z]+\s*=|\sstyle\s*=|javascript:",
        re.IGNORECASE,
    )
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "citydiplomacy").rglob("*.html")
        for match in inline.finditer(path.read_text())
    ]
    assert not offenders


def test_wrong_passwords_are_throttled_with_a_clear_message(client: Client) -> None:
    from citydiplomacy.core.accounts.services import user_create

    user_create(username="guessed", password="the right password 42", registry_editor=False)
    for _ in range(4):
        wrong = client.post("/accounts/login/", {"username": "guessed", "password": "nope"})
        assert wrong.status_code == 200
    fifth = client.post("/accounts/login/", {"username": "guessed", "password": "nope"})
    assert fifth.status_code == 429
    locked = client.post(
        "/accounts/login/", {"username": "guessed", "password": "the right password 42"}
    )
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert int(locked["Retry-After"]) > 0
    # Someone else at another address is not locked out of their own account.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert (
        other.post(
            "/accounts/login/", {"username": "guessed", "password": "the right password 42"}
        ).status_code
        == 302
    )


def test_guessing_api_tokens_is_throttled(client: Client, editor: User) -> None:
    for attempt in range(10):
        response = client.get("/api/sources/", HTTP_AUTHORIZATION=f"Bearer guess-{attempt}")
        assert response.status_code == 401
    blocked = client.get("/api/sources/", HTTP_AUTHORIZATION="Bearer guess-11")
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    assert "Too many invalid API tokens" in blocked.json()["detail"]


@pytest.fixture
def export_limits(settings) -> None:
    settings.EXPORTS_PER_MINUTE = 6
    settings.EXPORTS_AT_ONCE = 2


@pytest.mark.usefixtures("export_limits")
def test_one_client_cannot_run_more_than_two_exports_at_once(client: Client) -> None:
    first = client.get("/export/memberships.csv")
    second = client.get("/export/memberships.csv")
    assert first.status_code == second.status_code == 200
    third = client.get("/export/memberships.csv")
    assert third.status_code == 429 and int(third["Retry-After"]) > 0
    b"".join(first.streaming_content)  # the first download ends (and the client closes it)
    fourth = client.get("/export/memberships.csv")
    assert fourth.status_code == 200
    for response in (second, fourth):
        response.close()


@pytest.mark.usefixtures("export_limits")
def test_one_client_cannot_start_more_than_six_exports_a_minute(client: Client) -> None:
    for _ in range(6):
        response = client.get("/export/memberships.json")
        assert response.status_code == 200
        # Read to the end, the test client closes the response itself. Closing it again would
        # send a second request_finished, whose handler closes the database connection: on
        # PostgreSQL that breaks the test's transaction (SQLite's in-memory database ignores it).
        b"".join(response.streaming_content)
    refused = client.get("/export/memberships.json")
    assert refused.status_code == 429 and "this minute" in refused.json()["detail"]
