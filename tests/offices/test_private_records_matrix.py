"""No path lets an office's private records out: record kind x path x visitor.

For each kind of private record (contact, engagement, follow-up) and each path (HTML page and
its JSON twin, list, search and type-ahead, API detail and list, export, history page and
API), a member of another office and an anonymous visitor get nothing: a 404 for the record
(or the login page), and lists, searches and exports without it and with a zero count, never
its data. The same paths show the record to a viewer of its own office, so each path is known
to reach it.
"""

import json
from dataclasses import dataclass

import pytest

from tests.conftest import SECRET_CONTACT, SECRET_ENGAGEMENT, SECRET_FOLLOW_UP, TOKYO

pytestmark = pytest.mark.django_db

MARKERS = {
    "contact": SECRET_CONTACT,
    "engagement": SECRET_ENGAGEMENT,
    "follow-up": SECRET_FOLLOW_UP,
}
MODELS = {
    "contact": "contacts.contact",
    "engagement": "engagements.engagement",
    "follow-up": "engagements.followup",
}
PAGES = {"contact": "contacts", "engagement": "engagements", "follow-up": "follow-ups"}


@dataclass(frozen=True)
class Path:
    url: str
    outsider: tuple[int, ...]  # what an outsider may get (a 302 must lead to the login page)
    member_sees: bool = True  # whether a viewer of the office finds the marker there


GONE = (404,)  # the record's own pages: not found, whether it exists or not
EMPTY = (200,)  # lists, searches and exports: answered, without the record


def paths(kind, records):
    pk = getattr(records, kind.replace("-", "_")).pk
    page, plural, model = f"/{PAGES[kind]}/{pk}/", PAGES[kind], MODELS[kind]
    word = MARKERS[kind].split()[0]
    searched = kind != "follow-up"  # search finds contacts by name, engagements by title
    found = [
        Path(page, GONE),
        Path(f"{page}?format=json", GONE),
        Path(f"{page}edit/", GONE, member_sees=False),
        Path(f"/{plural}/", EMPTY),
        Path(f"/{plural}/?format=json", EMPTY),
        Path(f"/{plural}/?office=la&format=json", EMPTY),
        Path(f"/search/?q={word}", EMPTY, member_sees=searched),
        Path(f"/search/?q={word}&format=json", EMPTY, member_sees=searched),
        Path(f"/search/suggest/?q={word}", EMPTY, member_sees=searched),
        Path(f"/api/{plural}/{pk}", GONE),
        Path(f"/api/{plural}/", EMPTY),
        Path(f"/api/{plural}/?office=la", EMPTY),
        Path(f"/export/{plural}.csv", EMPTY),
        Path(f"/export/{plural}.json?office=la", EMPTY),
        Path(f"/history/{model}/{pk}/", GONE),
        Path(f"/history/{model}/{pk}/?format=json", GONE),
        Path(f"/api/history/?model={model}&object_id={pk}", EMPTY),
        Path("/api/history/?office=la", EMPTY),
        Path("/history/?office=la&format=json", EMPTY),
        Path("/offices/la/?format=json", GONE, member_sees=kind != "contact"),
        Path("/offices/la/members/?format=json", GONE, member_sees=False),
    ]
    if kind == "contact":
        found += [
            Path(f"/contacts/{pk}/export/", GONE, member_sees=False),
            Path(f"/api/personal-data/contacts/{pk}", (401, 404), member_sees=False),
            Path(f"/search/options/contact/?q={word}", EMPTY),
        ]
    if kind == "engagement":
        found += [
            Path("/export/engagements.ics", EMPTY),
            # Partner timelines are for the office's members: outsiders find no office there.
            Path(f"/offices/la/timeline/cities/{TOKYO}/?format=json", GONE),
            Path("/offices/la/timeline/countries/JP/", GONE),
            Path(f"/api/engagements/?partner_city={TOKYO}", EMPTY),
        ]
    if kind == "follow-up":
        found += [
            Path("/me/follow-ups/?format=json", (200, 302), member_sees=False),
            Path(f"/engagements/{records.engagement.pk}/follow-ups/new/", GONE, member_sees=False),
        ]
    return found


def body_of(response):
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode()


@pytest.fixture(params=["member of another office", "anonymous visitor"])
def outsider(request, client, login, paris_editor):
    return login(paris_editor) if request.param == "member of another office" else client


@pytest.mark.parametrize("kind", list(MARKERS))
def test_an_outsider_gets_nothing_of_a_private_record_on_any_path(kind, outsider, la_records):
    leaks = []
    for path in paths(kind, la_records):
        response = outsider.get(path.url)
        text, status = body_of(response), response.status_code
        if any(marker in text for marker in MARKERS.values()) or "zq@example.org" in text:
            leaks.append(f"{path.url}: {status} shows the record")
        elif status not in path.outsider:
            leaks.append(f"{path.url}: {status}, expected one of {path.outsider}")
        elif status == 302 and not response["Location"].startswith("/accounts/login/"):
            leaks.append(f"{path.url}: redirects to {response['Location']}")
        elif status == 200 and response["Content-Type"].startswith("application/json"):
            data = json.loads(text)
            if (isinstance(data, dict) and data.get("count")) or (isinstance(data, list) and data):
                leaks.append(f"{path.url}: a count of {data['count']} reveals records")
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("kind", list(MARKERS))
def test_a_viewer_of_the_office_reaches_the_record_on_the_same_paths(
    kind, login, la_viewer, la_records
):
    client = login(la_viewer)
    missing = []
    for path in paths(kind, la_records):
        if not path.member_sees:
            continue
        response = client.get(path.url)
        if response.status_code != 200:
            missing.append(f"{path.url}: {response.status_code}")
        elif MARKERS[kind] not in body_of(response):
            missing.append(f"{path.url}: no {MARKERS[kind]!r}")
    assert not missing, "\n".join(missing)
