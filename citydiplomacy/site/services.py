"""Setting the registry up: the database, then every registered init step (the gazetteer,
the starter data, ...), all idempotent."""

from typing import Any

from django.core.management import call_command

from citydiplomacy.core import extensions
from citydiplomacy.core.history.services import Actor


def registry_init(options: dict[str, Any]) -> list[str]:
    """Create or update the database and run each init step; the lines say what each did.

    Running it again with the same packages and files changes nothing. A step that fails
    raises `extensions.InitFailed`.
    """
    call_command("migrate", interactive=False, verbosity=0)
    actor = Actor.system("citydiplomacy init")
    lines: list[str] = []
    for step in extensions.init_steps:
        if step.starter and not options.get("starter_data", True):
            continue
        lines += step.run(options, actor)
    return lines
