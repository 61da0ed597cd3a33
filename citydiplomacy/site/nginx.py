"""The nginx site configuration of the production recipe (docs/configuration.md).

`citydiplomacy nginx-config` prints it for an operator; the proxy tests start Debian's nginx
with exactly this text, so the documented recipe is the tested one.
"""

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

SITE = """\
# citydiplomacy behind nginx: TLS ends here; the app servers listen on loopback.
upstream citydiplomacy {{
{servers}
    keepalive 32;
}}

server {{
    listen {http_port};
    server_name {server_name};
    # Plain HTTP only ever redirects; the app never sees it.
    return 301 https://$host{https_suffix}$request_uri;
}}

server {{
    listen {https_port} ssl;
    server_name {server_name};
    ssl_certificate {certificate};
    ssl_certificate_key {certificate_key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:citydiplomacy:10m;
{access_log}
    client_max_body_size {max_body};

    location / {{
        proxy_pass http://citydiplomacy;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        # Set, not appended: a client cannot smuggle an address of its own choosing.
        proxy_set_header X-Forwarded-For $remote_addr;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_connect_timeout 5s;
        proxy_read_timeout {read_timeout}s;
        # When the client goes away, nginx drops the request instead of waiting for it.
        proxy_ignore_client_abort off;
        # A second app server takes over when one is down or restarting.
        proxy_next_upstream error timeout http_502 http_503;
    }}
}}
"""


@dataclass
class NginxSite:
    server_name: str
    certificate: str
    certificate_key: str
    upstreams: list[str] = field(default_factory=lambda: ["127.0.0.1:8000"])
    http_port: int = 80
    https_port: int = 443
    access_log: str = ""
    max_body: str = "200m"
    read_timeout: int = 65

    def render(self) -> str:
        servers = "\n".join(
            f"    server {upstream} max_fails=3 fail_timeout=10s;" for upstream in self.upstreams
        )
        # nginx's "combined" format starts with the client's address.
        log = f"    access_log {self.access_log} combined;" if self.access_log else ""
        return SITE.format(
            servers=servers,
            http_port=self.http_port,
            https_port=self.https_port,
            https_suffix="" if self.https_port == 443 else f":{self.https_port}",
            server_name=self.server_name,
            certificate=self.certificate,
            certificate_key=self.certificate_key,
            access_log=log,
            max_body=self.max_body,
            read_timeout=self.read_timeout,
        )


def scratch_config(directory: Path, site: NginxSite, workers: str = "1") -> Path:
    """A whole nginx.conf that runs `site` unprivileged from `directory` (its pid, logs and
    temporary files there): how the proxy tests and the serving benchmark start Debian's
    nginx with the recipe's exact site text. Returns the file's path."""
    conf = directory / "nginx.conf"
    temp_paths = "\n".join(
        f"    {kind}_temp_path {directory / f'nginx-{kind}'};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf.write_text(
        f"daemon off;\nworker_processes {workers};\npid {directory / 'nginx.pid'};\n"
        f"error_log {directory / 'nginx-error.log'} warn;\n"
        f"events {{ worker_connections 1024; }}\n"
        f"http {{\n{temp_paths}\n{site.render()}\n}}\n"
    )
    return conf


def self_signed_certificate(directory: Path, openssl: str = "openssl") -> tuple[Path, Path]:
    """A throw-away certificate and key for localhost (tests and benchmarks only)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return cert, key
