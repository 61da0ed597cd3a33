"""The registry's change version: bumped once per committed transaction that recorded a change.

Cached public pages are keyed on it (`core.pagecache`), so a write is visible on the very next
request, from any process or app server sharing the database. The bump runs after commit, in
its own short statement, so writers never queue on the counter row while their transaction is
open; a reader therefore never caches a page under a version its data does not contain.
"""

from django.db import connection, transaction
from django.db.models import F

from citydiplomacy.core.history.models import RegistryVersion

ROW = 1


def current_version() -> int:
    """The registry version now (0 before the first recorded write). Every cached page
    request asks, so the statement is written out: the ORM would compile it each time."""
    table = connection.ops.quote_name(RegistryVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE id = %s", [ROW])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _bump() -> None:
    if not RegistryVersion.objects.filter(pk=ROW).update(value=F("value") + 1):
        RegistryVersion.objects.get_or_create(pk=ROW, defaults={"value": 1})


class _PendingBump:
    """The bump of one transaction: however many times it is registered, it runs once."""

    done = False

    def __init__(self) -> None:
        # The savepoint levels it is registered at, in the commit queue it was registered in:
        # a commit or a rollback (of the transaction or of a savepoint) replaces the queue,
        # and what is still registered is then read from the new one.
        self.levels: set[frozenset[str | None]] = set()
        self.queue: object = None

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            _bump()


def bump_after_commit() -> None:
    """Bump the version once the current transaction commits (at once outside one).

    Called for every change record written. A registration is made per savepoint level (so a
    rolled-back savepoint takes only its own away), and all registrations of one transaction
    share one `_PendingBump`, so a transaction writing thousands of records bumps once.
    """
    connection = transaction.get_connection()
    pending = getattr(connection, "registry_bump", None)
    if pending is None or pending.done or not connection.in_atomic_block:
        pending = _PendingBump()
        connection.registry_bump = pending
    queue = connection.run_on_commit
    if pending.queue is not queue:
        pending.queue = queue
        pending.levels = {frozenset(sids) for sids, callback, _ in queue if callback is pending}
    # Looked up, not searched for in the queue at every call: a load writing each row in a
    # savepoint of its own registers once per row, and a search made that quadratic.
    level = frozenset(connection.savepoint_ids)
    if connection.in_atomic_block and level in pending.levels:
        return
    pending.levels.add(level)
    transaction.on_commit(pending)
