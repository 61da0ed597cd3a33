"""The small things that jar, each fixed: office titles, a source's counts, `stats` wording,
error pages in the site's layout, the favicon, DELETE needing its version, the import-run
page with the file's hash and the options."""

from pathlib import Path

import pytest
from django.core.management import call_command

from citydiplomacy.core.runs.models import Run
from citydiplomacy.people.models import OfficeHeld
from citydiplomacy.sources.models import Citation

pytestmark = pytest.mark.django_db


def test_an_office_title_that_names_its_city_is_not_repeated(client):
    term = OfficeHeld.objects.filter(city__isnull=False).select_related("city").first()
    assert term is not None
    OfficeHeld.objects.filter(pk=term.pk).update(title=f"Mayor of {term.city.name}")
    html = client.get("/people/").content.decode()
    assert f"Mayor of {term.city.name} of {term.city.name}" not in html
    assert f"Mayor of {term.city.name}" in html


def test_a_source_counts_the_records_citing_it_and_links_to_them(client):
    citation = Citation.objects.filter(content_type__model="agreement").first()
    assert citation is not None
    key = citation.source.key
    html = client.get(f"/sources/{key}/").content.decode()
    listed = client.get("/agreements/", {"format": "json", "source": key}).json()["count"]
    noun = "agreement" if listed == 1 else "agreements"
    assert f'<a href="/agreements/?source={key}">{listed} {noun}</a>' in html


def test_stats_calls_terms_in_office_by_their_name(capsys):
    call_command("stats")
    out = capsys.readouterr().out
    assert "terms in office:" in out
    assert "offices:" not in out.replace("terms in office:", "")


@pytest.mark.parametrize("url", ["/no-such-page/", "/cities/1/"])
def test_a_missing_page_answers_404_in_the_sites_layout(client, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-testid="main-nav"' in html and 'data-testid="error-title"' in html


def test_a_refused_form_answers_403_in_the_sites_layout(reader):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()
    assert 'data-testid="main-nav"' in response.content.decode()


def test_the_favicon_answers_at_the_address_browsers_ask(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("favicon.svg")


def test_delete_without_a_version_is_refused_as_the_docs_say(editor_client):
    response = editor_client.delete("/api/organisations/c40")
    assert response.status_code == 422
    assert "version" in response.content.decode()
    assert editor_client.get("/api/organisations/c40").status_code == 200


def test_the_import_run_page_shows_the_file_hash_and_the_options(client, tmp_path: Path):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(
        "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
        "Wolfsburg,Germany,52.42,10.78,Luton,England,51.88,-0.42\n",
        encoding="utf-8",
    )
    call_command("import", "twin-cities", str(pairs), verbosity=0)
    run = Run.objects.latest("pk")
    html = client.get(f"/imports/{run.pk}/").content.decode()
    assert run.file_sha256 and run.file_sha256 in html
    assert "use_coordinates=True" in html


@pytest.mark.urls("tests.registry.urls_failing")
def test_a_failure_answers_500_in_the_sites_layout_with_its_menu():
    from django.test import Client

    response = Client(raise_request_exception=False).get("/failing/")
    page = response.content.decode()
    assert response.status_code == 500
    assert 'data-testid="error-title"' in page
    assert 'href="/cities/"' in page  # the site's menu, not an empty one
    assert "a failure the visitor must not see" not in page


def test_a_write_the_gate_refuses_answers_403_in_the_sites_layout(reader):
    from django.test import Client

    client = Client()
    client.force_login(reader)
    response = client.get("/agreements/new/")
    html = response.content.decode()
    assert response.status_code == 403
    assert 'data-testid="error-title"' in html and 'href="/cities/"' in html
