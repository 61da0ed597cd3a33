"""citydiplomacy serve: the web app and the API.

Without `--production`: waitress, threads in one process, for a laptop. With `--production`:
gunicorn, one process per worker (sized to the cores), request timeouts, the trusted reverse
proxies' addresses, and its own logs; meant to listen on loopback behind nginx
(docs/configuration.md).
"""

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def default_workers() -> int:
    """Gunicorn's usual sizing: two workers per core plus one (requests wait on the database)."""
    return 2 * (os.cpu_count() or 1) + 1


def gunicorn_options(options: dict[str, Any]) -> dict[str, Any]:
    return {
        "bind": f"{options['host']}:{options['port']}",
        "workers": options["workers"] or default_workers(),
        "worker_class": "gthread",
        "threads": options["threads"] or 2,
        "timeout": options["timeout"],
        "graceful_timeout": 30,
        "keepalive": 5,
        # A worker is replaced after this many requests, so a slow leak cannot grow.
        "max_requests": 5000,
        "max_requests_jitter": 500,
        # Only the reverse proxies may say the request came over HTTPS.
        "forwarded_allow_ips": ",".join(settings.TRUSTED_PROXIES),
        "proxy_allow_ips": ",".join(settings.TRUSTED_PROXIES),
        "errorlog": "-",
        "loglevel": "info",
        # The app logs each request with the client's real address (citydiplomacy.access).
        "accesslog": None,
        "proc_name": "citydiplomacy",
        "preload_app": True,
    }


def serve_production(options: dict[str, Any]) -> None:
    from gunicorn.app.base import BaseApplication

    from citydiplomacy.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in gunicorn_options(options).items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    Server().run()


class Command(BaseCommand):
    help = "Serve the web app and the API on HOST:PORT (default 127.0.0.1:8000)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--production",
            action="store_true",
            help="Serve with gunicorn: several worker processes, timeouts, behind a proxy.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=0,
            help="Worker processes with --production (default: 2 per core + 1).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=0,
            help="Requests served at once per process (default: 8; 2 with --production).",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=60,
            help="With --production: seconds before a stuck request's worker is restarted.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        if options["production"]:
            if options["workers"] < 0 or options["threads"] < 0 or options["timeout"] < 1:
                raise CommandError("--workers, --threads and --timeout must be positive.")
            workers = options["workers"] or default_workers()
            self.stdout.write(
                f"Serving citydiplomacy (production, {workers} workers) on {host}:{port}"
            )
            self.stdout.flush()
            serve_production(options)
            return
        from waitress import serve

        from citydiplomacy.wsgi import application

        self.stdout.write(f"Serving citydiplomacy on http://{host}:{port}/ (Ctrl+C to stop)")
        self.stdout.flush()
        serve(
            application,
            host=host,
            port=port,
            threads=options["threads"] or 8,
            ident="citydiplomacy",
        )
