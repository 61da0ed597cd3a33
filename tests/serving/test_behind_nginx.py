"""The production recipe as deployed: gunicorn app servers behind Debian's nginx over TLS."""

import json
import re
import time

import pytest

from tests.serving.conftest import PASSWORD, Deployment, fetch

pytestmark = pytest.mark.serving


def _csrf(cookies: list[str]) -> str:
    for cookie in cookies:
        match = re.match(r"csrftoken=([^;]+)", cookie)
        if match:
            return match.group(1)
    raise AssertionError(f"no csrftoken cookie in {cookies}")


def test_https_through_nginx_answers_without_a_redirect_loop_and_sends_hsts(
    deployment: Deployment,
) -> None:
    status, headers, body, _ = fetch(f"{deployment.base}/")
    assert status == 200, body[:500]
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_plain_http_is_sent_once_to_https(deployment: Deployment) -> None:
    status, headers, _, _ = fetch(f"http://127.0.0.1:{deployment.http_port}/cities/")
    assert status == 301
    assert headers["Location"].startswith(f"https://127.0.0.1:{deployment.https_port}/cities/")


def test_cookies_are_secure_and_signing_in_works_over_the_proxy(deployment: Deployment) -> None:
    status, _, _, cookies = fetch(f"{deployment.base}/accounts/login/")
    assert status == 200
    assert cookies and all("Secure" in cookie for cookie in cookies), cookies
    token = _csrf(cookies)
    form = f"username=editor&password={PASSWORD.replace(' ', '+')}&csrfmiddlewaretoken={token}"
    status, _, body, cookies = fetch(
        f"{deployment.base}/accounts/login/",
        method="POST",
        data=form.encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={token}",
            "Referer": f"{deployment.base}/accounts/login/",
        },
    )
    assert status == 302, body[:1000]
    session = [cookie for cookie in cookies if cookie.startswith("sessionid=")]
    assert session and "Secure" in session[0] and "HttpOnly" in session[0]


def test_the_app_logs_the_real_client_address_not_the_proxy(deployment: Deployment) -> None:
    marker = f"/sources/?q=logged-{time.time_ns()}"
    # A client-written X-Forwarded-For is overwritten by nginx, never believed.
    fetch(f"{deployment.base}{marker}", headers={"X-Forwarded-For": "203.0.113.9"})
    deadline = time.monotonic() + 10
    lines: list[str] = []
    while time.monotonic() < deadline and not lines:
        logs = deployment.app_log(0) + deployment.app_log(1)
        lines = [line for line in logs.splitlines() if marker.split("?")[1] in line]
        time.sleep(0.2)
    assert lines, "no access-log line for the request"
    # nginx saw the client at 127.0.0.1 (the test itself) and the app logs that address.
    assert "client=127.0.0.1 " in lines[0] and "203.0.113.9" not in lines[0]
    assert marker.split("?")[1] in deployment.nginx_log()


def test_plain_http_straight_to_an_app_server_is_redirected_not_served_as_secure(
    deployment: Deployment,
) -> None:
    # Without the proxy's X-Forwarded-Proto the app server cannot know the request was
    # secure, so it redirects to HTTPS instead of serving it.
    status, headers, _, _ = fetch(f"{deployment.app_base(0)}/", headers={"Host": "localhost"})
    assert status == 301 and headers["Location"].startswith("https://localhost/")


def test_a_write_through_one_app_server_is_read_through_the_other_on_the_next_request(
    deployment: Deployment,
) -> None:
    output = deployment.cli("token", "create", "editor", "serving test")
    key = output.splitlines()[0].split(": ")[-1].strip()
    proxy_headers = {"Host": "localhost", "X-Forwarded-Proto": "https"}
    list_url = "/api/sources/?q=Serving+test"
    first = fetch(f"{deployment.app_base(1)}{list_url}", headers=proxy_headers)
    assert first[0] == 200 and json.loads(first[2])["count"] == 0
    again = fetch(f"{deployment.app_base(1)}{list_url}", headers=proxy_headers)
    assert again[1].get("X-Cache") == "hit"  # the second server now answers from Redis
    created = fetch(
        f"{deployment.app_base(0)}/api/sources/",
        method="POST",
        data=json.dumps(
            {"key": "serving-test", "title": "Serving test", "kind": "website"}
        ).encode(),
        headers={
            **proxy_headers,
            "Authorization": f"Bearer {key}",
            "Content-Type": "application/json",
        },
    )
    assert created[0] == 201, created[2][:500]
    after = fetch(f"{deployment.app_base(1)}{list_url}", headers=proxy_headers)
    assert after[0] == 200
    assert [s["key"] for s in json.loads(after[2])["results"]] == ["serving-test"]
