"""Writes docs/cli-reference.md from the commands' own --help, so the docs cannot drift.

Run: .venv/bin/python -m citydiplomacy.site.cli_docs > docs/cli-reference.md
A test compares the file with this output.
"""

import os
from pathlib import Path


def commands() -> list[tuple[str, str]]:
    """(module, command) for each citydiplomacy app's commands: the site's (init, serve, ...)
    first, then each app's in INSTALLED_APPS order."""
    from django.apps import apps
    from django.core.management import find_commands

    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("citydiplomacy."):
            for name in sorted(find_commands(str(Path(config.path) / "management"))):
                found.append((config.name, name))
    return sorted(found, key=lambda item: item[0] != "citydiplomacy.site")


def render() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citydiplomacy.settings")
    os.environ["COLUMNS"] = "100"
    import django
    from django.core.management import load_command_class

    django.setup()
    parts = [
        "# CLI reference\n",
        "Generated from the commands' own `--help` by "
        "`.venv/bin/python -m citydiplomacy.site.cli_docs > docs/cli-reference.md`; "
        "do not edit by hand. Every command also accepts Django's common options "
        "(`--verbosity`, `--settings`, `--traceback`...). Examples are in [cli.md](cli.md).\n",
    ]
    for module, name in commands():
        command = load_command_class(module, name)
        parser = command.create_parser("citydiplomacy", name)
        text = parser.format_help()
        usage_end = text.index("\n\n")
        described = text[usage_end:]
        # Django's shared options add noise; keep the command's own arguments.
        described = described.split("  --version")[0].rstrip()
        parts.append(f"## citydiplomacy {name}\n\n```text\n{text[:usage_end]}{described}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(render(), end="")
