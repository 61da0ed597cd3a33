"""Filterable, sortable, paginated lists, shared by list pages and the API.

Each model has one FilterSet (in its app's `filtersets.py`) whose `sort` filter orders the
rows. `list_data` applies it and paginates; the list page renders the result as HTML or
JSON, and the API returns the same dict, so both show the same numbers.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import django_filters
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, QueryDict

from citydiplomacy.core.pages import PageResult

M = TypeVar("M", bound=Model)
# Invalid input, as everywhere in the API: 422 with the messages per parameter.
INVALID_FILTERS = 422
MAX_PAGE_SIZE = 500
# Every database stores whole numbers in 64 bits; a filter beyond that matches nothing and
# would overflow SQLite's parameter binding, so it is refused as invalid input.
LARGEST_NUMBER = 2**63 - 1


def _whole(query: QueryDict, name: str, default: int, largest: int) -> int | str:
    """The whole number in `name`, or a message saying what is wrong with it."""
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        return f"Enter a whole number between 1 and {largest}."
    if not 1 <= value <= largest:
        return f"Enter a whole number between 1 and {largest}."
    return value


def page_size(query: QueryDict) -> int:
    size = _whole(query, "per_page", settings.PAGE_SIZE, MAX_PAGE_SIZE)
    return size if isinstance(size, int) else settings.PAGE_SIZE


def filter_errors(filterset: django_filters.FilterSet) -> dict[str, list[str]]:
    """What is wrong with the filters of a list (empty when they are usable).

    Beyond the form's own checks: numbers too large for any database column, and the
    page size (`per_page`, 1 to MAX_PAGE_SIZE).
    """
    errors: dict[str, list[str]] = {}
    if not filterset.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in filterset.errors.items()}
        return errors
    for name, value in filterset.form.cleaned_data.items():
        number = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
        if number and not abs(value) <= LARGEST_NUMBER:  # also refuses NaN (compares False)
            errors[name] = [f"Enter a number between {-LARGEST_NUMBER} and {LARGEST_NUMBER}."]
    # `page` needs no check: the paginator shows the nearest page for any value.
    per_page = _whole(filterset.data, "per_page", 1, MAX_PAGE_SIZE)
    if isinstance(per_page, str):
        errors["per_page"] = [per_page]
    return errors


def describe_filter_errors(errors: dict[str, list[str]]) -> str:
    return "Some filters are not valid: " + "; ".join(
        f"{name}: {' '.join(msgs)}" for name, msgs in errors.items()
    )


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
    errors = filter_errors(filterset)
    if errors:
        data = {
            "title": title,
            "detail": describe_filter_errors(errors),
            "errors": errors,
            "count": 0,
            "results": [],
        }
        # The form shows each message beside its field on the HTML page.
        for name, messages in errors.items():
            if name in filterset.form.fields and name not in filterset.form.errors:
                filterset.form.add_error(name, messages)
        return PageResult(data, status=INVALID_FILTERS, html_context=html)
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
