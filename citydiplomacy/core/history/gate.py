"""The single gate of every write: who may create, change or delete a record.

`create_recorded`, `update_recorded`, `delete_recorded` and the bulk recorders call
`check_write` before anything is written, whatever the door (page, API, CLI, importer), so a
rule lives here and in the registered `WritePolicy`s only: forms, API inputs and commands
parse, the services decide. The local operator (the system, the command line and imports run
without a named user) is trusted, as whoever runs the commands owns the database; writes
made as the consequence of an allowed write (a deletion's `before_delete` hooks) are too.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model

from citydiplomacy.core import extensions
from citydiplomacy.core.accounts.permissions import can_edit_registry
from citydiplomacy.core.history.models import Via

if TYPE_CHECKING:
    from citydiplomacy.core.history.services import Actor

TRUSTED_DOORS = (Via.SYSTEM, Via.CLI, Via.IMPORT)
REGISTRY_EDITOR_NEEDED = (
    "{who} cannot change {what}: the shared registry is changed by registry editors only "
    "(ask an administrator; on the command line, give --user of an editor)."
)


def _who(actor: "Actor") -> str:
    return actor.user.get_username() if actor.user is not None else "Nobody signed in"


def refusal(actor: "Actor", obj: Model, action: str) -> str:
    """Why `actor` may not `action` `obj` ("" when they may)."""
    if actor.cascade or (actor.user is None and actor.via in TRUSTED_DOORS):
        return ""
    for policy in extensions.write_policies:
        if policy.applies(type(obj)):
            return policy.refusal(actor, obj, action)
    if can_edit_registry(actor.user):
        return ""
    return REGISTRY_EDITOR_NEEDED.format(who=_who(actor), what=obj._meta.verbose_name_plural)


def check_write(actor: "Actor", obj: Model, action: str) -> None:
    message = refusal(actor, obj, action)
    if message:
        raise PermissionDenied(message)


def check_ahead(actor: "Actor", model: type[Model], obj: Model | None, action: str) -> None:
    """The gate asked before a door parses its input, so an outsider is refused (403) before
    being told what is wrong with the payload; the write itself asks the gate again.

    Without a record (a creation) the question is put to a blank one of `model`; for an
    office's records that only says whether the actor writes in some office, and the office
    the input names is checked when it is parsed (`offices.inputs.office_for_writing`).
    """
    check_write(actor, obj if obj is not None else model(), action)


def check_bulk(actor: "Actor", objs: Iterable[Model], action: str) -> None:
    """The gate for bulk writes: each distinct (model, office) once, not each row."""
    seen: set[tuple[type[Model], Any]] = set()
    for obj in objs:
        key = (type(obj), getattr(obj, "office_id", None))
        if key not in seen:
            seen.add(key)
            check_write(actor, obj, action)
