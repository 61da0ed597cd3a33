"""The `citydiplomacy` console command.

Every subcommand is a Django management command (init, serve, export, stats, add, edit,
createuser, token, and Django's own such as migrate), so the CLI, the web UI and the API
share one settings module and one set of service functions.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citydiplomacy.settings")
    from django.core.management import execute_from_command_line

    argv = [sys.argv[0], *sys.argv[1:]]
    if len(argv) == 1:
        argv.append("help")
    try:
        execute_from_command_line(argv)
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early; that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
