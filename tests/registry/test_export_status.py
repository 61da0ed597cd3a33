"""A whole public export slower than a click has a status page: it queues the build, shows
the run's progress while the worker writes the file, and turns into the download link."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.http import FileResponse

from citydiplomacy.core.runs.models import Run, RunStatus
from tests.imports.test_queued_imports import _work_off_the_queue

pytestmark = pytest.mark.django_db
STATUS = "/export/agreements.csv/status/"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    cache.clear()  # a queued build is remembered in the cache, per registry version
    return tmp_path


def test_the_status_page_queues_the_build_follows_it_and_offers_the_download(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.get(f"{STATUS}?format=json").json()
    (run,) = Run.objects.filter(kind="export-build")
    assert (queued["state"], queued["run"]) == ("queued", run.pk)
    assert queued["download_url"] is None and queued["run_url"] == f"/imports/{run.pk}/"
    html = client.get(STATUS).content.decode()
    assert 'data-state="queued"' in html and 'hx-trigger="every 2s"' in html
    assert "<progress" in html
    # Asked again while queued: the same build, not a second one.
    client.get(STATUS)
    assert Run.objects.filter(kind="export-build").count() == 1

    _work_off_the_queue()
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED and run.done > 0 and run.done == run.total
    ready = client.get(f"{STATUS}?format=json").json()
    assert ready["state"] == "ready" and ready["size"] == run.done
    assert ready["download_url"] == "/export/agreements.csv"
    html = client.get(STATUS).content.decode()
    assert 'data-testid="export-download"' in html and "hx-trigger" not in html
    assert isinstance(client.get(ready["download_url"]), FileResponse)


def test_the_progress_of_a_running_build_is_shown_as_a_share_of_the_expected_size(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.get(STATUS)
    run = Run.objects.get(kind="export-build")
    Run.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, phase="writing agreements.csv", done=300, total=1200
    )
    data = client.get(f"{STATUS}?format=json").json()
    assert (data["state"], data["done"], data["total"], data["percent"]) == (
        "building",
        300,
        1200,
        25,
    )
    assert 'value="25" max="100"' in client.get(STATUS).content.decode()


def test_unknown_and_private_exports_have_no_status_page(client):
    assert client.get("/export/agreements.ics/status/").status_code == 404
    assert client.get("/export/nothing.csv/status/").status_code == 404
    assert client.get("/export/engagements.csv/status/").status_code == 404


def test_the_full_list_links_its_prepared_files_and_a_filtered_one_does_not(client):
    assert STATUS in client.get("/agreements/").content.decode()
    assert STATUS not in client.get("/agreements/?country=JP").content.decode()
