"""Template context every page gets: the navigation the apps registered (`extensions.nav`)."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from citydiplomacy.core import extensions


def navigation(request: HttpRequest) -> dict[str, Any]:
    def links(section: str) -> list[dict[str, str]]:
        return [
            {"label": item.label, "url": reverse(item.url_name), "testid": item.testid}
            for item in extensions.nav
            if item.section == section
        ]

    return {"nav_main": links("main"), "nav_user": links("user")}
