"""Entities: one declaration per editable model, from which the API and the CLI are built.

An `Entity` names a model's schemas, FilterSet, queryset and input functions (each app's
`inputs.py`). `entity_router` turns it into list/read/create/update/delete API operations;
the `add`, `edit`, `delete` and `show` commands use the same declaration, so the API and the
CLI validate and write through the same functions.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import django_filters
from django.db.models import Field, Model, QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status

from citydiplomacy.core.accounts.api_auth import signed_in
from citydiplomacy.core.history.gate import check_ahead
from citydiplomacy.core.history.models import ChangeAction, Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.listing import LARGEST_NUMBER, filter_parameters, list_data
from citydiplomacy.core.schemas import ConflictOut, ErrorOut, Page


@dataclass(frozen=True)
class Entity[M: Model]:
    name: str
    plural: str
    title: str
    model: type[M]
    lookup: str
    out_schema: type[Schema]
    in_schema: type[Schema]
    patch_schema: type[Schema]
    filterset: type[django_filters.FilterSet]
    queryset: Callable[[Any], QuerySet[M]]
    create: Callable[[Any, Actor], M]
    update: Callable[[M, Any, Actor], M]
    delete: Callable[[M, Actor, int | None], None]
    # An office's private records: `queryset(user)` shows only the user's offices' rows, and
    # the CLI acts on them only as a named user (`--user`), never as the anonymous system.
    private: bool = False

    def get(self, user: Any, key: str) -> M:
        """The record with this key that `user` may see, or Http404."""
        field = cast(
            Field[Any, Any],
            self.model._meta.get_field(self.lookup if self.lookup != "pk" else "id"),
        )
        try:
            value = field.to_python(key)
        except Exception:
            raise Http404(f"No {self.name} {key!r}.") from None
        found = self.queryset(user).filter(**{self.lookup: value}).first()
        if found is None:
            raise Http404(f"No {self.name} {key!r}.")
        return found

    def fresh(self, user: Any, obj: M) -> M:
        """The record read again with everything its API schema shows."""
        return self.get(user, str(getattr(obj, self.lookup)))

    def require_edit(self, actor: Actor, obj: M | None, action: str) -> None:
        """Refuse, before the payload is parsed, what the write gate will refuse."""
        check_ahead(actor, self.model, obj, action)


# What a write may answer besides success: not signed in, not allowed, an edit conflict or a
# duplicate (409, with the current version when it is a conflict), invalid input, throttled.
WRITE_ERRORS: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    409: ConflictOut | ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


def entity_router(entity: Entity[Any]) -> Router:
    """List, read, create, update and delete operations for one entity."""
    router = Router(tags=[entity.title])
    out, payload_in, payload_patch = entity.out_schema, entity.in_schema, entity.patch_schema
    name = entity.name.replace("-", "_")  # operation ids are identifiers

    @router.get(
        "/",
        response={200: Page[out], 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},  # type: ignore[valid-type]
        operation_id=f"{name}_list",
        openapi_extra={"parameters": filter_parameters(entity.filterset)},
    )
    def list_records(request: HttpRequest) -> Any:
        result = list_data(
            request,
            title=entity.title,
            filterset_class=entity.filterset,
            queryset=entity.queryset(request.user),
            row=lambda obj: obj,  # the response schema serialises the records
        )
        return Status(result.status, result.data)

    @router.get(
        "/{key}",
        response={200: out, 401: ErrorOut, 404: ErrorOut, 429: ErrorOut},
        operation_id=f"{name}_read",
    )
    def read(request: HttpRequest, key: str) -> Any:
        return entity.get(request.user, key)

    @router.post(
        "/",
        response={201: out, **WRITE_ERRORS},
        auth=signed_in,
        operation_id=f"{name}_create",
    )
    def create(request: HttpRequest, payload: payload_in) -> Any:  # type: ignore[valid-type]
        actor = Actor.from_request(request, Via.API)
        entity.require_edit(actor, None, ChangeAction.CREATE)
        obj = entity.create(payload, actor)
        return Status(201, entity.fresh(request.user, obj))

    @router.patch(
        "/{key}",
        response={200: out, 404: ErrorOut, **WRITE_ERRORS},
        auth=signed_in,
        operation_id=f"{name}_update",
    )
    def update(request: HttpRequest, key: str, payload: payload_patch) -> Any:  # type: ignore[valid-type]
        obj = entity.get(request.user, key)
        actor = Actor.from_request(request, Via.API)
        entity.require_edit(actor, obj, ChangeAction.UPDATE)
        obj = entity.update(obj, payload, actor)
        return entity.fresh(request.user, obj)

    @router.delete(
        "/{key}",
        response={204: None, 404: ErrorOut, **WRITE_ERRORS},
        auth=signed_in,
        operation_id=f"{name}_delete",
    )
    def delete(
        request: HttpRequest,
        key: str,
        version: int = Query(  # type: ignore[type-arg]
            ..., ge=1, le=LARGEST_NUMBER, description="The version you are deleting (edit check)"
        ),
    ) -> Any:
        obj = entity.get(request.user, key)
        actor = Actor.from_request(request, Via.API)
        entity.require_edit(actor, obj, ChangeAction.DELETE)
        entity.delete(obj, actor, version)
        return Status(204, None)

    return router
