"""Template helpers for list pages: sortable column headers."""

from django import template
from django.http import HttpRequest
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context: template.Context, key: str, label: str) -> str:
    """A column header that sorts by `key`, toggling between ascending and descending."""
    request: HttpRequest = context["request"]
    current = request.GET.get("sort", "")
    query = request.GET.copy()
    query.pop("page", None)
    query["sort"] = f"-{key}" if current == key else key
    arrow = " ▲" if current == key else (" ▼" if current == f"-{key}" else "")
    return format_html('<a href="?{}">{}{}</a>', query.urlencode(), label, arrow)


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, **changes: object) -> str:
    """The current query string with `changes` applied (`page=3`, `per_page=100`); a page
    size change starts again at page 1."""
    request: HttpRequest = context["request"]
    query = request.GET.copy()
    query.pop("format", None)
    if "per_page" in changes:
        query.pop("page", None)
    for name, value in changes.items():
        query[name] = str(value)
    return "?" + query.urlencode()
