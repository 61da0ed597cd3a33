"""The context an entity example builds its payload in (see `extensions.EntityExample`)."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ExampleContext:
    actor: Any
    user: Any
    office: Any
    unique: str
