"""The shared machinery of `add`, `edit`, `delete` and `show`: the API's entities on the CLI.

Arguments are `field=value` pairs validated by the entity's API schema, and the write goes
through the same input functions as the API, so the CLI accepts and refuses exactly what
the API does. Changes are recorded with the acting user (`--user`) or the system account.
"""

import json
import typing
from typing import Any

import pydantic
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, CommandParser
from django.http import Http404

from citydiplomacy.core import extensions
from citydiplomacy.core.crud import Entity
from citydiplomacy.core.errors import describe
from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor, EditConflict
from citydiplomacy.core.schemas import dump


def add_common_arguments(parser: CommandParser, *, with_key: bool, with_fields: bool) -> None:
    parser.add_argument(
        "entity", choices=sorted(extensions.entities.names()), help="The kind of record."
    )
    if with_key:
        parser.add_argument("key", help="The record's id, slug or key.")
    if with_fields:
        parser.add_argument("fields", nargs="*", metavar="field=value")
        parser.add_argument("--source", action="append", default=[], metavar="KEY")
        parser.add_argument("--page", default="")
        parser.add_argument("--locator", default="")
        parser.add_argument("--quote", default="")
    parser.add_argument("--user", help="Act as this user (recorded in the change history).")


def entity(options: dict[str, Any]) -> Entity[Any]:
    return extensions.entities.get(options["entity"])  # type: ignore[no-any-return]


def acting_user(options: dict[str, Any]) -> Any:
    """The user named by --user, or None; an office's private records need one."""
    username = options.get("user")
    if not username:
        if entity(options).private:
            raise CommandError(
                f"{options['entity']} records belong to an office: act as one of its members "
                "with --user NAME."
            )
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user {username!r}.")
    return user


def actor(options: dict[str, Any]) -> Actor:
    user = acting_user(options)
    if user is None:
        return Actor(via=Via.CLI, label="command line")
    return Actor(via=Via.CLI, user=user, label="command line")


def find(options: dict[str, Any]) -> Any:
    """The record named by the key, as the acting user (--user) may see it."""
    return run(lambda: entity(options).get(acting_user(options), options["key"]))


def _is_list(schema: type[pydantic.BaseModel], name: str) -> bool:
    annotation = schema.model_fields[name].annotation
    candidates = (annotation, *typing.get_args(annotation))
    return any(typing.get_origin(candidate) is list for candidate in candidates)


def payload(schema: type[pydantic.BaseModel], options: dict[str, Any], **extra: Any) -> Any:
    """Build and validate the schema from field=value pairs and --source options."""
    data: dict[str, Any] = dict(extra)
    for pair in options["fields"]:
        name, sep, value = pair.partition("=")
        if not sep:
            raise CommandError(f"{pair!r}: write fields as name=value.")
        if name not in schema.model_fields:
            known = ", ".join(n for n in schema.model_fields if n not in ("version", "sources"))
            raise CommandError(f"Unknown field {name!r}; the fields are: {known}.")
        data[name] = (
            [v.strip() for v in value.split(",") if v.strip()] if _is_list(schema, name) else value
        )
    if options["source"]:
        data["sources"] = [
            {
                "source": key,
                "page": options["page"],
                "locator": options["locator"],
                "quote": options["quote"],
            }
            for key in options["source"]
        ]
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        raise CommandError(problems) from None


def run(action: Any) -> Any:
    """Run a write or read, turning refusals into a clear CommandError."""
    try:
        return action()
    except ValidationError as error:
        raise CommandError(describe(error)) from None
    except (EditConflict, Http404, PermissionDenied) as error:
        raise CommandError(str(error)) from None


def show(found: Entity[Any], obj: Any, user: Any = None) -> str:
    shown = found.fresh(user, obj)
    return json.dumps(dump(found.out_schema, shown), indent=2, ensure_ascii=False)
