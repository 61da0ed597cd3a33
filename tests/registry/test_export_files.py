"""Full public exports are built once per registry version by the worker and served as files;
filtered or signed-in exports, and any export after a write, are streamed from the database."""

from pathlib import Path

import pytest
from django.http import FileResponse

from citydiplomacy.agreements.services import agreement_record
from citydiplomacy.core.runs.models import Run, RunStatus
from tests.conftest import NEW_YORK, TOKYO
from tests.imports.test_queued_imports import _work_off_the_queue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_first_full_export_is_streamed_and_queues_its_file_which_later_visitors_get(
    client, data_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get("/export/agreements.csv")
    assert first.status_code == 200 and not isinstance(first, FileResponse)
    streamed = body(first)
    (run,) = Run.objects.filter(kind="export-build")
    assert run.status == RunStatus.QUEUED and run.options["dataset"] == "agreements"

    _work_off_the_queue()
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.message
    assert len(list((data_dir / "exports").glob("agreements-v*.csv"))) == 1

    second = client.get("/export/agreements.csv")
    assert isinstance(second, FileResponse)
    assert second["Content-Disposition"] == 'attachment; filename="agreements.csv"'
    assert body(second) == streamed
    # Asked again, no second build is queued: the file is there.
    client.get("/export/agreements.csv")
    assert Run.objects.filter(kind="export-build").count() == 1


def test_after_a_write_the_old_file_is_not_served_and_the_export_has_the_new_tie(
    client, system, cite, city, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        before = body(client.get("/export/agreements.csv"))
    _work_off_the_queue()
    assert isinstance(client.get("/export/agreements.csv"), FileResponse)

    with django_capture_on_commit_callbacks(execute=True):  # the version bumps on commit
        agreement_record(
            city_a=city(NEW_YORK), city_b=city(TOKYO), kind="friendship", citations=cite,
            actor=system,
        )  # fmt: skip
    after = client.get("/export/agreements.csv")
    assert not isinstance(after, FileResponse)
    assert body(after).count(b"\n") == before.count(b"\n") + 1


def test_filtered_and_signed_in_exports_are_streamed_and_queue_nothing(
    client, editor_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        filtered = client.get("/export/agreements.csv?country=JP")
        signed_in = editor_client.get("/export/agreements.csv")
        unknown_format = client.get("/export/agreements.ics")
    assert filtered.status_code == signed_in.status_code == 200
    assert unknown_format.status_code in (400, 404)
    assert not Run.objects.filter(kind="export-build").exists()
