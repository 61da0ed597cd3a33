"""citydiplomacy serve: serve the web app and the API with waitress (threads, no reloader)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from waitress import serve

from citydiplomacy.wsgi import application


class Command(BaseCommand):
    help = "Serve the web app and the API on HOST:PORT (default 127.0.0.1:8000)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--threads", type=int, default=8, help="Requests served at once (default: 8)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        self.stdout.write(f"Serving citydiplomacy on http://{host}:{port}/ (Ctrl+C to stop)")
        self.stdout.flush()
        serve(application, host=host, port=port, threads=options["threads"], ident="citydiplomacy")
