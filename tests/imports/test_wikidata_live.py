"""Live Wikidata imports, against recorded responses served from a local HTTP server.

Nothing here goes online: every query is answered by the server started below, from the
hand-written SPARQL JSON files in tests/imports/recorded/.
"""

import json
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from citydiplomacy.agreements.selectors import agreement_between
from citydiplomacy.core.history.models import ChangeRecord
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.runs.models import Run
from citydiplomacy.geo.models import City
from citydiplomacy.imports.importers.wikidata_live import WikidataLiveImporter
from citydiplomacy.imports.importers.wikidata_live.reader import (
    build_query,
    partial_date,
    statement_id,
)
from citydiplomacy.imports.runs import ImportFailed, ImportOptions, run_import
from citydiplomacy.imports.sparql import ENDPOINT_ENV, USER_AGENT_ENV, SparqlClient
from citydiplomacy.organisations.models import Membership, Organisation
from citydiplomacy.people.models import OfficeHeld, Person
from citydiplomacy.site.selectors import registry_counts
from citydiplomacy.sources.models import Citation

pytestmark = pytest.mark.django_db
RECORDED = Path(__file__).resolve().parent / "recorded"
VILNIUS, TORONTO, MADRID = 593116, 6167865, 3117735
LONDON, PARIS = 2643743, 2988507


def recorded(name: str) -> bytes:
    return (RECORDED / name).read_bytes()


@dataclass
class Endpoint:
    """A local SPARQL endpoint answering from a queue of (status, headers, body)."""

    url: str
    responses: list[tuple[int, dict[str, str], bytes]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)

    def answer(self, *names: str) -> None:
        self.responses += [(200, {}, recorded(name)) for name in names]

    def queries(self) -> list[str]:
        return [r["query"] for r in self.requests]


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    state = Endpoint(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            query = urllib.parse.parse_qs(body).get("query", [""])[0]
            state.requests.append({"headers": dict(self.headers), "query": query})
            status, headers, payload = state.responses.pop(0) if state.responses else (500, {}, b"")
            self.send_response(status)
            for name, value in {
                "Content-Type": "application/sparql-results+json",
                **headers,
            }.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def live(
    endpoint: Endpoint,
    prop: str,
    *,
    page_size: int = 5000,
    sleeps: Sleeps | None = None,
    attempts: int = 4,
    url: str = "",
    **extra: Any,
) -> list[dict[str, Any]]:
    client = SparqlClient(
        endpoint=url or endpoint.url,
        sleep=Sleeps() if sleeps is None else sleeps,
        attempts=attempts,
    )
    outcome = run_import(
        WikidataLiveImporter(client=client, page_size=page_size),
        None,
        actor=Actor.system("test"),
        options=ImportOptions(gazetteer=15000, extra={"live": True, "property": prop, **extra}),
    )
    return sorted(outcome.report.lines, key=lambda line: line["row"])


def test_twinning_is_read_page_by_page_until_a_page_comes_back_short(endpoint):
    endpoint.answer("wikidata_p190_page1.json", "wikidata_p190_page2.json")
    lines = live(endpoint, "P190", page_size=2)
    assert len(endpoint.requests) == 2
    assert "LIMIT 2 OFFSET 0" in endpoint.queries()[0]
    assert "LIMIT 2 OFFSET 2" in endpoint.queries()[1]
    assert [(line["row"], line["status"]) for line in lines] == [
        (1, "created"),
        (2, "duplicate"),
        (3, "created"),
    ]
    assert lines[1]["message"] == "reverse of row 1: the tie is stated on both sides"


def test_live_twinning_marks_one_sided_ties_and_cites_the_statements(endpoint):
    endpoint.answer("wikidata_p190_page1.json", "wikidata_p190_page2.json")
    live(endpoint, "P190", page_size=2)
    both = agreement_between(VILNIUS, TORONTO, "sister-city")
    one = agreement_between(VILNIUS, MADRID, "sister-city")
    assert both is not None and both.stated_only_by_id is None
    assert one is not None and one.stated_only_by_id == VILNIUS
    assert sorted(c.locator for c in both.citations.all()) == ["Q172 P190 Q216", "Q216 P190 Q172"]
    assert City.objects.get(pk=MADRID).wikidata_id == "Q2807"


def test_a_query_cut_short_by_limit_does_not_mark_ties_one_sided(endpoint):
    endpoint.answer("wikidata_p190_page1.json", "wikidata_p190_page2.json")
    live(endpoint, "P190", page_size=2, limit=3)
    assert "LIMIT 1 OFFSET 2" in endpoint.queries()[1]
    one = agreement_between(VILNIUS, MADRID, "sister-city")
    assert one is not None and one.stated_only_by_id is None


def test_a_busy_service_is_asked_again_after_the_time_it_names(endpoint):
    endpoint.responses.append((429, {"Retry-After": "7"}, b"Too many requests"))
    endpoint.answer("wikidata_p190_page1.json", "wikidata_p190_page2.json")
    sleeps = Sleeps()
    lines = live(endpoint, "P190", page_size=2, sleeps=sleeps)
    assert sleeps == [7.0]
    assert len(endpoint.requests) == 3 and len(lines) == 3


def test_requests_name_the_software_and_a_contact_in_the_user_agent(endpoint, monkeypatch):
    monkeypatch.setenv(ENDPOINT_ENV, endpoint.url)
    monkeypatch.setenv(USER_AGENT_ENV, "citydiplomacy-tests/1 (tests@example.org)")
    endpoint.answer("wikidata_p190_page2.json")
    call_command(
        "import", "wikidata-live", "--live", "--property", "P190", "--gazetteer", "15000",
        verbosity=0,
    )  # fmt: skip
    headers = endpoint.requests[0]["headers"]
    assert headers["User-Agent"] == "citydiplomacy-tests/1 (tests@example.org)"
    assert headers["Accept"] == "application/sparql-results+json"
    monkeypatch.delenv(USER_AGENT_ENV)
    assert SparqlClient().user_agent.startswith("citydiplomacy/0.1.0 (")
    assert USER_AGENT_ENV in SparqlClient().user_agent


def test_without_live_the_importer_does_not_go_online(endpoint, monkeypatch):
    monkeypatch.setenv(ENDPOINT_ENV, endpoint.url)
    with pytest.raises(CommandError, match="--live"):
        call_command("import", "wikidata-live", "--property", "P190", verbosity=0)
    importer = WikidataLiveImporter(client=SparqlClient(endpoint=endpoint.url))
    with pytest.raises(ImportFailed, match="add --live to allow it"):
        run_import(
            importer, None, actor=Actor.system("test"), options=ImportOptions(extra={"limit": 5})
        )
    assert endpoint.requests == [] and not Run.objects.exists()


def test_an_unreachable_endpoint_fails_with_a_clear_message_and_writes_nothing(endpoint):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/sparql"
    counts, sleeps = registry_counts(), Sleeps()
    with pytest.raises(ImportFailed, match="could not be reached or stayed busy after 3 attempts"):
        live(endpoint, "P190", url=closed, attempts=3, sleeps=sleeps)
    assert sleeps == [2.0, 4.0]
    assert registry_counts() == counts and not Run.objects.exists()


def test_an_endpoint_that_keeps_failing_is_given_up_with_its_last_answer(endpoint):
    endpoint.responses += [(503, {}, b"Service Unavailable")] * 3
    counts = registry_counts()
    with pytest.raises(ImportFailed, match=r"after 3 attempts \(last: HTTP 503\)"):
        live(endpoint, "P190", attempts=3)
    assert registry_counts() == counts and not Run.objects.exists()


def test_a_query_timeout_is_not_retried_and_says_how_to_narrow_it(endpoint):
    endpoint.responses.append((500, {}, b"java.util.concurrent.TimeoutException"))
    with pytest.raises(ImportFailed, match="Narrow it with --country or --limit"):
        live(endpoint, "P463")
    assert len(endpoint.requests) == 1


def test_an_answer_that_is_not_sparql_json_is_refused(endpoint):
    endpoint.responses.append((200, {}, b"<html>maintenance</html>"))
    with pytest.raises(ImportFailed, match="not a SPARQL JSON result"):
        live(endpoint, "P6")


def test_a_country_restricts_the_query_and_an_unknown_one_is_refused(endpoint):
    endpoint.answer("wikidata_p190_page2.json")
    live(endpoint, "P190", country="lt")
    assert 'wdt:P297 "LT"' in endpoint.queries()[0]
    assert "UNION { ?sister wdt:P17 ?country . }" in endpoint.queries()[0]
    with pytest.raises(ImportFailed, match="not an ISO 3166 country code"):
        live(endpoint, "P190", country="XX")
    assert 'wdt:P17/wdt:P297 "FR"' in build_query("P6", country="FR", limit=10, offset=0)


def test_memberships_find_or_create_organisations_by_wikidata_id(endpoint):
    endpoint.answer("wikidata_p463.json")
    lines = live(endpoint, "P463")
    assert [(line["row"], line["status"]) for line in lines] == [
        (1, "created"),
        (2, "duplicate"),
        (3, "created"),
        (4, "unmatched"),
    ]
    eurocities = Organisation.objects.get(slug="eurocities")  # from the starter data
    assert eurocities.wikidata_id == "Q1378406"
    alliance = Organisation.objects.get(wikidata_id="Q1186519")
    assert alliance.kind == "other" and alliance.name == "Climate Alliance"
    paris = Membership.objects.get(city_id=PARIS, organisation=eurocities)
    assert paris.role == "member" and paris.joined == "1989"
    [citation] = paris.citations.all()
    assert citation.locator == "Q90 P463 Q1378406 (Q90$6F1B2C3D-0001-4A6B-9E1F-1A2B3C4D5E01)"
    assert "580 km" in lines[3]["city_note"]  # Quebec the province, not Québec the city


def test_heads_of_government_become_people_and_terms_as_mayor(endpoint):
    endpoint.answer("wikidata_p6.json")
    lines = live(endpoint, "P6")
    assert [line["status"] for line in lines] == ["merged", "created", "created"]
    khan = Person.objects.get(slug="sadiq-khan")  # from the starter data, now with its id
    assert khan.wikidata_id == "Q334155"
    assert "start: kept 2016-05" in lines[0]["message"]
    delanoe = OfficeHeld.objects.get(person__wikidata_id="Q2105")
    assert (delanoe.city_id, delanoe.role, delanoe.start, delanoe.end, delanoe.party) == (
        PARIS,
        "mayor",
        "2001-03-25",
        "2014-04-05",
        "Socialist Party",
    )
    assert Person.objects.filter(wikidata_id="Q2851133", name="Anne Hidalgo").exists()


def test_importing_the_same_results_again_changes_nothing(endpoint):
    endpoint.answer("wikidata_p6.json", "wikidata_p463.json")
    live(endpoint, "P6")
    live(endpoint, "P463")
    counts, changes = registry_counts(), ChangeRecord.objects.count()
    citations = Citation.objects.count()
    endpoint.answer("wikidata_p6.json", "wikidata_p463.json")
    again = live(endpoint, "P6") + live(endpoint, "P463")
    assert registry_counts() == counts and ChangeRecord.objects.count() == changes
    assert Citation.objects.count() == citations
    assert not {line["status"] for line in again} & {"created", "merged"}


def test_statement_ids_and_dates_are_read_at_their_precision():
    uri = "http://www.wikidata.org/entity/statement/Q90-6F1B2C3D-0001"
    assert statement_id(uri) == "Q90$6F1B2C3D-0001"
    assert partial_date("1989-01-01T00:00:00Z", "9") == ("1989", "")
    assert partial_date("2008-06-01T00:00:00Z", "10") == ("2008-06", "")
    assert partial_date("2014-04-05T00:00:00Z", "11") == ("2014-04-05", "")
    assert partial_date("1900-01-01T00:00:00Z", "7")[0] == ""
    assert partial_date("", "") == ("", "")


def test_recorded_responses_are_sparql_json_results():
    for path in RECORDED.glob("wikidata_*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert set(document) == {"head", "results"} and document["results"]["bindings"]
