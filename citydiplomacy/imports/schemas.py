"""API shape of import runs."""

import datetime as dt
from typing import Any

from ninja import Schema


class ImportRunOut(Schema):
    id: int
    kind: str
    file_name: str
    file_sha256: str
    options: dict[str, Any]
    actor: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: str
    counts: dict[str, int]

    @staticmethod
    def resolve_actor(obj: Any) -> str:
        return str(obj.actor_label)
