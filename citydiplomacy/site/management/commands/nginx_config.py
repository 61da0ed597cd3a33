"""citydiplomacy nginx_config: print the nginx site of the production recipe."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from citydiplomacy.site.nginx import NginxSite


class Command(BaseCommand):
    help = (
        "Print an nginx site configuration that terminates TLS and passes requests to the "
        "app servers (`serve --production`); save it under /etc/nginx/sites-enabled/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--server-name", required=True, help="The site's host name.")
        parser.add_argument("--certificate", required=True, help="TLS certificate (PEM) path.")
        parser.add_argument("--certificate-key", required=True, help="Its private key path.")
        parser.add_argument(
            "--upstream",
            action="append",
            help="An app server's HOST:PORT; repeat for each (default 127.0.0.1:8000).",
        )
        parser.add_argument("--access-log", default="", help="nginx access log path.")

    def handle(self, *args: Any, **options: Any) -> None:
        site = NginxSite(
            server_name=options["server_name"],
            certificate=options["certificate"],
            certificate_key=options["certificate_key"],
            upstreams=options["upstream"] or ["127.0.0.1:8000"],
            access_log=options["access_log"],
        )
        self.stdout.write(site.render(), ending="")
