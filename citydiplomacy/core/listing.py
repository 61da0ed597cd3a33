"""Filterable, sortable, paginated lists, shared by list pages and the API.

Each model has one FilterSet (in its app's `filtersets.py`) whose `sort` filter orders the
rows. `list_data` applies it and paginates; the list page renders the result as HTML or
JSON, and the API returns the same dict, so both show the same numbers.
"""

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, QueryDict

from citydiplomacy.core.filter_labels import label_unlabelled
from citydiplomacy.core.pages import PageResult

M = TypeVar("M", bound=Model)
# Invalid input, as everywhere in the API: 422 with the messages per parameter.
INVALID_FILTERS = 422
MAX_PAGE_SIZE = 500
# Every database stores whole numbers in 64 bits; a filter beyond that matches nothing and
# would overflow SQLite's parameter binding, so it is refused as invalid input.
LARGEST_NUMBER = 2**63 - 1


def _whole(query: Mapping[str, Any], name: str, default: int, largest: int) -> int | str:
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


PER_PAGE_CHOICES = (25, 50, 100, 250, 500)


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
    per_page = _whole(filterset.data or {}, "per_page", 1, MAX_PAGE_SIZE)
    if isinstance(per_page, str):
        errors["per_page"] = [per_page]
    return errors


def describe_filter_errors(errors: dict[str, list[str]]) -> str:
    return "Some filters are not valid: " + "; ".join(
        f"{name}: {' '.join(msgs)}" for name, msgs in errors.items()
    )


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
    label_unlabelled(filterset)
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
    records = filterset.qs
    # Deep pages cost what the first does: the sort and the offset run over the primary
    # keys alone (the database skips narrow rows, not full ones with their counts and
    # joins), then only the page's records are read in full.
    paginator = Paginator(records.values_list("pk", flat=True), page_size(request.GET))
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


def _filter_schema(item: django_filters.Filter) -> dict[str, Any]:
    """The OpenAPI schema of one filter's query parameter."""
    if isinstance(
        item, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter
    ):
        # Records, named by key: their choices are rows, never read when the API is built.
        return {"type": "string"}
    if isinstance(item, django_filters.OrderingFilter):
        names = [str(choice) for choice, _label in item.extra.get("choices", ()) if choice]
        return {"type": "string", "enum": names}
    if isinstance(item, django_filters.ChoiceFilter):
        choices = [str(choice) for choice, _label in item.extra.get("choices", ()) if choice != ""]
        if not choices:
            return {"type": "string"}
        return {"type": "string", "enum": choices}
    if isinstance(item, django_filters.BooleanFilter):
        return {"type": "boolean"}
    if isinstance(item, django_filters.DateFilter):
        return {"type": "string", "format": "date"}
    if isinstance(item, django_filters.NumberFilter):
        low = item.extra.get("min_value", -LARGEST_NUMBER)
        high = item.extra.get("max_value", LARGEST_NUMBER)
        return {"type": "integer", "minimum": low, "maximum": high}
    schema: dict[str, Any] = {"type": "string"}
    if item.extra.get("max_length"):
        schema["maxLength"] = item.extra["max_length"]
    return schema


def filter_parameters(filterset_class: type[django_filters.FilterSet]) -> list[dict[str, Any]]:
    """The query parameters of a list operation, for its OpenAPI document: every filter of
    its FilterSet (with its enum or range), then `page` and `per_page`."""
    parameters = [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": str(item.label or name.replace("_", " ")),
            "schema": _filter_schema(item),
        }
        for name, item in filterset_class.base_filters.items()
    ]
    parameters.append(
        {
            "name": "page",
            "in": "query",
            "required": False,
            "description": "Page number (the last page for a number past the end)",
            "schema": {"type": "integer", "minimum": 1, "maximum": LARGEST_NUMBER},
        }
    )
    parameters.append(
        {
            "name": "per_page",
            "in": "query",
            "required": False,
            "description": f"Rows per page (1 to {MAX_PAGE_SIZE})",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
        }
    )
    return parameters


# The error answers every operation may give besides its own (OpenAPI response objects).
COMMON_ERRORS = {401, 422, 429}


def rows_page[T](
    request: HttpRequest, rows: Sequence[T]
) -> tuple[list[T], dict[str, Any], dict[str, Any]]:
    """One page of rows already computed (a report's per-member table), in `list_data`'s
    shape: the page's rows, the data fields (`count`, `page`, `pages`, `per_page`) and the
    context of components/pagination.html. A page size out of range raises ValidationError
    naming `per_page`; `page` needs no check (the nearest page is shown)."""
    per_page = _whole(request.GET, "per_page", settings.PAGE_SIZE, MAX_PAGE_SIZE)
    if isinstance(per_page, str):
        raise ValidationError({"per_page": [per_page]})
    paginator = Paginator(rows, per_page)
    current = paginator.get_page(request.GET.get("page"))
    data = {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "per_page": paginator.per_page,
    }
    html = {
        "page_obj": current,
        "page_links": page_links(current.number, paginator.num_pages),
        "per_page_choices": PER_PAGE_CHOICES,
    }
    return list(current.object_list), data, html
