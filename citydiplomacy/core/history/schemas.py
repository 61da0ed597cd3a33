"""API shape of change records."""

import datetime as dt
from typing import Any

from ninja import Schema

from citydiplomacy.core.history.models import ChangeRecord


class FieldChange(Schema):
    field: str
    before: Any
    after: Any


class ChangeRecordOut(Schema):
    id: int
    at: dt.datetime
    actor: str
    via: str
    model: str
    object_id: str
    object_repr: str
    action: str
    version: int | None
    changes: list[FieldChange]

    @staticmethod
    def resolve_actor(obj: ChangeRecord) -> str:
        return obj.actor_label

    @staticmethod
    def resolve_model(obj: ChangeRecord) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"

    @staticmethod
    def resolve_changes(obj: ChangeRecord) -> list[dict[str, Any]]:
        return obj.changed_fields()
