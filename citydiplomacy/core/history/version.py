"""The registry's change version: bumped once per committed transaction that recorded a change.

Cached public pages are keyed on it (`core.pagecache`), so a write is visible on the very next
request, from any process or app server sharing the database. The bump runs after commit, in
its own short statement, so writers never queue on the counter row while their transaction is
open; a reader therefore never caches a page under a version its data does not contain.
"""

from django.db import transaction
from django.db.models import F

from citydiplomacy.core.history.models import RegistryVersion

ROW = 1


def current_version() -> int:
    """The registry version now (0 before the first recorded write)."""
    value = RegistryVersion.objects.filter(pk=ROW).values_list("value", flat=True).first()
    return int(value or 0)


def _bump() -> None:
    if not RegistryVersion.objects.filter(pk=ROW).update(value=F("value") + 1):
        RegistryVersion.objects.get_or_create(pk=ROW, defaults={"value": 1})


def bump_after_commit() -> None:
    """Bump the version once the current transaction commits (at once outside one).

    Called for every change record written; one transaction bumps once however many records
    it writes. A rolled-back transaction drops its pending bump with it.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        callback is _bump for _sids, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_bump)
