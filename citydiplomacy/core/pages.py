"""One data function per page, rendered as HTML or as JSON.

A page view returns a plain dict of JSON-ready data. `render_page` turns it into the HTML
template or, for `?format=json` (or an `Accept: application/json` request), into the same
dict as JSON, so the numbers on the screen and in the JSON twin cannot drift apart.
"""

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any, Concatenate, ParamSpec, cast

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

P = ParamSpec("P")
PageData = dict[str, Any]


class PageResult:
    """A page's data plus what only the HTML rendering needs (forms) and a status code."""

    def __init__(
        self, data: PageData, *, status: int = 200, html_context: Mapping[str, Any] | None = None
    ) -> None:
        self.data = data
        self.status = status
        self.html_context = dict(html_context or {})


def wants_json(request: HttpRequest) -> bool:
    if request.GET.get("format") == "json":
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def json_url(request: HttpRequest) -> str:
    query = request.GET.copy()
    query["format"] = "json"
    return f"{request.path}?{query.urlencode()}"


def render_page(request: HttpRequest, template: str, result: PageResult) -> HttpResponse:
    if wants_json(request):
        return JsonResponse(
            result.data,
            status=result.status,
            encoder=DjangoJSONEncoder,
            json_dumps_params={"ensure_ascii": False},
        )
    context = {**result.data, **result.html_context, "json_url": json_url(request)}
    return render(request, template, context, status=result.status)


def page(
    template: str,
) -> Callable[
    [Callable[Concatenate[HttpRequest, P], PageData | PageResult]],
    Callable[Concatenate[HttpRequest, P], HttpResponse],
]:
    """Make a data function into a view that renders `template` or JSON."""

    def decorate(
        data_function: Callable[Concatenate[HttpRequest, P], PageData | PageResult],
    ) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
        @wraps(data_function)
        def view(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            result = data_function(request, *args, **kwargs)
            if not isinstance(result, PageResult):
                result = PageResult(result)
            return render_page(request, template, result)

        return cast("Callable[Concatenate[HttpRequest, P], HttpResponse]", view)

    return decorate
