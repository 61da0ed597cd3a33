"""The task the worker executes for every queued run (Django's tasks framework)."""

from django.tasks import task

from citydiplomacy.core.runs.services import run_execute


@task()
def execute_run(run_id: int) -> None:
    run_execute(run_id)
