"""Filterable, sortable, paginated lists, shared by list pages and the API.

Each model has one FilterSet (in its app's `filtersets.py`) whose `sort` filter orders the
rows. `list_data` applies it and paginates; the list page renders the result as HTML or
JSON, and the API returns the same dict, so both show the same numbers.
"""

from collections.abc import Callable
from typing import Any, TypeVar

import django_filters
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, QueryDict

from citydiplomacy.core.pages import PageResult

M = TypeVar("M", bound=Model)
MAX_PAGE_SIZE = 500


def page_size(query: QueryDict) -> int:
    try:
        size = int(query.get("per_page", settings.PAGE_SIZE))
    except ValueError:
        size = settings.PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


def list_data[M: Model](
    request: HttpRequest,
    *,
    title: str,
    filterset_class: type[django_filters.FilterSet],
    queryset: QuerySet[M],
    row: Callable[[M], Any],
) -> PageResult:
    """Filter, sort and paginate `queryset` by the request's query string."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    html: dict[str, Any] = {"filter_form": filterset.form}
    if not filterset.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in filterset.errors.items()}
        data = {
            "title": title,
            "detail": "Some filters are not valid: "
            + "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in errors.items()),
            "errors": errors,
            "count": 0,
            "results": [],
        }
        return PageResult(data, status=400, html_context=html)
    paginator = Paginator(filterset.qs, page_size(request.GET))
    current = paginator.get_page(request.GET.get("page"))
    filters = {
        name: value
        for name, value in filterset.form.cleaned_data.items()
        if value not in (None, "", [])
    }
    data = {
        "title": title,
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "per_page": paginator.per_page,
        "filters": {name: _plain(value) for name, value in filters.items()},
        "results": [row(obj) for obj in current.object_list],
    }
    html["page_obj"] = current
    return PageResult(data, html_context=html)


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)
