"""API shape of import runs."""

import datetime as dt
from typing import Any

from ninja import Schema


class ImportRunOut(Schema):
    id: int
    kind: str
    file_name: str
    file_sha256: str
    category: str
    options: dict[str, Any]
    actor: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: str
    phase: str
    done: int
    total: int | None
    counts: dict[str, int]
    message: str

    @staticmethod
    def resolve_actor(obj: Any) -> str:
        return str(obj.actor_label)

    @staticmethod
    def resolve_options(obj: Any) -> dict[str, Any]:
        # The server's path of an uploaded file is not the caller's business.
        return {k: v for k, v in obj.options.items() if k != "upload"}
