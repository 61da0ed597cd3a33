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


PER_PAGE_CHOICES = (25, 50, 100, 250, 500)


class BadPageSize(ValueError):
    """`per_page` is not a whole number from 1 to MAX_PAGE_SIZE."""


def page_size(query: QueryDict) -> int:
    """The page size the query asks for; refused (never silently changed) when out of range."""
    raw = query.get("per_page", "")
    if raw in ("", None):
        return int(settings.PAGE_SIZE)
    try:
        size = int(raw)
    except ValueError:
        raise BadPageSize(f"per_page must be a whole number, not {raw!r}.") from None
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise BadPageSize(f"per_page must be from 1 to {MAX_PAGE_SIZE}; {size} is out of range.")
    return size


def page_links(current: int, pages: int, around: int = 2) -> list[int | None]:
    """Page numbers to offer: the first, the last, and `around` either side of the current
    one; None where numbers are left out (shown as an ellipsis)."""
    shown = sorted({1, pages, *range(max(1, current - around), min(pages, current + around) + 1)})
    links: list[int | None] = []
    for number in shown:
        if links and number - (links[-1] or 0) > 1:
            links.append(None)
        links.append(number)
    return links


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
    try:
        size = page_size(request.GET)
    except BadPageSize as error:
        data = {
            "title": title,
            "detail": str(error),
            "errors": {"per_page": [str(error)]},
            "count": 0,
            "results": [],
        }
        return PageResult(data, status=422, html_context=html)
    records = filterset.qs
    # Deep pages cost what the first does: the sort and the offset run over the primary
    # keys alone (the database skips narrow rows, not full ones with their counts and
    # joins), then only the page's records are read in full.
    paginator = Paginator(records.values_list("pk", flat=True), size)
    current = paginator.get_page(request.GET.get("page"))
    ids = list(current.object_list)
    found = {obj.pk: obj for obj in records.order_by().filter(pk__in=ids)}
    current.object_list = [found[pk] for pk in ids if pk in found]
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
        "filters": {
            name: _plain(value, getattr(filterset.form.fields[name], "to_field_name", None))
            for name, value in filters.items()
        },
        "results": [row(obj) for obj in current.object_list],
    }
    html["page_obj"] = current
    html["page_links"] = page_links(current.number, paginator.num_pages)
    html["per_page_choices"] = PER_PAGE_CHOICES
    return PageResult(data, html_context=html)


def _plain(value: Any, key: str | None = None) -> Any:
    """A filter's value as the query string gives it (a record by the key the filter
    takes: an organisation by its slug, a city by its GeoNames id)."""
    if isinstance(value, Model):
        return str(getattr(value, key or "pk"))
    if isinstance(value, list | tuple):
        return [_plain(v, key) for v in value]
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)
