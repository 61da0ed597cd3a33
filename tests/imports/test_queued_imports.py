"""Imports started from the browser or the API are queued, run by the task worker, and
followed on their run's page: all or nothing, with their report kept for download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.core.runs.models import Run, RunStatus
from citydiplomacy.imports.csv_templates import TEMPLATES
from tests.conftest import PARIS, TOKYO

pytestmark = pytest.mark.django_db


def _file(*rows: dict[str, str]) -> SimpleUploadedFile:
    columns = TEMPLATES["agreements"].columns
    lines = [",".join(columns), *(",".join(r.get(c, "") for c in columns) for r in rows)]
    return SimpleUploadedFile("ties.csv", "\n".join(lines).encode(), content_type="text/csv")


def _work_off_the_queue() -> None:
    """What `citydiplomacy db_worker` does for each queued task, one worker step at a time.

    The command's loop closes the database connection between tasks, which would end the
    test's transaction on PostgreSQL; its `Worker.run_task` is the same code per task."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    for result in DBTaskResult.objects.ready():
        result.claim(worker.worker_id)
        worker.run_task(result)


def test_an_editor_queues_an_import_and_the_worker_runs_it(
    login, editor, test_source, django_capture_on_commit_callbacks
):
    row = {"geonames_id_a": str(PARIS), "geonames_id_b": str(TOKYO), "source": "test-fixture"}
    before = Agreement.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        answer = login(editor).post(
            "/imports/start/", {"importer": "csv-agreements", "file": _file(row)}
        )
    run = Run.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/imports/{run.pk}/"
    assert run.status == RunStatus.QUEUED and run.task_id
    page = login(editor).get(f"/imports/{run.pk}/progress/")
    assert b"hx-trigger" in page.content  # the page keeps polling while the run waits

    _work_off_the_queue()
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.message
    assert run.kind == "csv-agreements" and run.file_sha256
    assert Agreement.objects.count() == before + 1
    report = login(editor).get(f"/imports/{run.pk}/report.csv")
    assert report.status_code == 200
    assert b"hx-trigger" not in login(editor).get(f"/imports/{run.pk}/progress/").content


def test_a_failed_queued_import_writes_nothing_and_says_why(
    login, editor, django_capture_on_commit_callbacks
):
    broken = SimpleUploadedFile("ties.csv", b"not,the,template\n1,2,3\n")
    with django_capture_on_commit_callbacks(execute=True):
        login(editor).post("/imports/start/", {"importer": "csv-agreements", "file": broken})
    _work_off_the_queue()
    run = Run.objects.get()
    assert run.status == RunStatus.FAILED and "column" in run.message.lower()


def test_only_registry_editors_start_imports(login, reader, client):
    upload = {"importer": "csv-agreements", "file": _file()}
    assert login(reader).post("/imports/start/", upload).status_code == 403
    api = login(reader).post("/api/imports/", {"importer": "csv-agreements", "file": _file()})
    assert api.status_code == 403
    assert not Run.objects.exists()


def test_the_api_queues_an_import_and_reports_its_progress(
    login, editor, test_source, django_capture_on_commit_callbacks
):
    row = {"geonames_id_a": str(PARIS), "geonames_id_b": str(TOKYO), "source": "test-fixture"}
    with django_capture_on_commit_callbacks(execute=True):
        answer = login(editor).post(
            "/api/imports/", {"importer": "csv-agreements", "file": _file(row)}
        )
    assert answer.status_code == 202 and answer.json()["status"] == "queued"
    _work_off_the_queue()
    run = login(editor).get(f"/api/imports/{answer.json()['id']}").json()
    assert run["status"] == "succeeded" and "upload" not in run["options"]


def test_an_import_from_the_command_line_keeps_its_report_for_the_run_page(
    login, editor, tmp_path, test_source
):
    import csv
    import io

    from django.core.management import call_command

    row = {"geonames_id_a": str(PARIS), "geonames_id_b": str(TOKYO), "source": "test-fixture"}
    path = tmp_path / "ties.csv"
    path.write_bytes(_file(row, {"geonames_id_a": "not-a-number"}).read())
    call_command("import", "csv-agreements", str(path), verbosity=0)
    run = Run.objects.get()
    page = login(editor).get(f"/imports/{run.pk}/")
    assert b'data-testid="report-download"' in page.content
    assert login(editor).get(f"/imports/{run.pk}/?format=json").json()["run"]["report_url"]
    answer = login(editor).get(f"/imports/{run.pk}/report.csv")
    assert answer.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(answer.streaming_content).decode())))
    assert [r["status"] for r in rows] == ["created", "invalid"]


def test_a_report_kept_under_the_earlier_name_is_offered_only_if_written_for_this_run(
    login, editor, tmp_path, test_source
):
    import os

    from django.core.management import call_command

    from citydiplomacy.imports.runs import kept_report, report_path

    row = {"geonames_id_a": str(PARIS), "geonames_id_b": str(TOKYO), "source": "test-fixture"}
    path = tmp_path / "ties.csv"
    path.write_bytes(_file(row).read())
    call_command("import", "csv-agreements", str(path), verbosity=0)
    run = Run.objects.get()
    report_path(run).unlink()
    assert login(editor).get(f"/imports/{run.pk}/report.csv").status_code == 404
    legacy = report_path(run).with_name(f"run-{run.pk}.csv")
    legacy.write_text("row,status\n2,created\n")
    assert kept_report(run) == legacy  # written after the run began: this run's
    older = run.started_at.timestamp() - 3600
    os.utime(legacy, (older, older))  # a file of another database's run 1
    assert kept_report(run) is None
    assert b"report-download" not in login(editor).get(f"/imports/{run.pk}/").content
