"""Pages of sources: what the registry's facts come from."""

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from citydiplomacy.core.accounts.permissions import can_edit_registry
from citydiplomacy.core.editing import delete_record, edit_record, history_url
from citydiplomacy.core.listing import list_data
from citydiplomacy.core.pages import PageData, PageResult, page
from citydiplomacy.core.schemas import dump
from citydiplomacy.sources.filtersets import SourceFilterSet
from citydiplomacy.sources.forms import SourceForm
from citydiplomacy.sources.models import Citation, Source
from citydiplomacy.sources.schemas import SourceOut
from citydiplomacy.sources.services import source_delete


@page("sources/source_list.html")
def source_list(request: HttpRequest) -> PageResult:
    return list_data(
        request,
        title="Sources",
        filterset_class=SourceFilterSet,
        queryset=Source.objects.all(),
        row=lambda source: dump(SourceOut, source),
    )


@page("sources/source_detail.html")
def source_detail(request: HttpRequest, key: str) -> PageResult:
    source = get_object_or_404(Source, key=key)
    cited = (
        Citation.objects.filter(source=source)
        .values("content_type")
        .annotate(n=Count("object_id", distinct=True), citations=Count("id"))
        .order_by("content_type")
    )
    types = ContentType.objects.in_bulk([row["content_type"] for row in cited])
    data: PageData = {
        "title": source.title,
        "source": dump(SourceOut, source),
        "cited_by": [_cited_by(types[row["content_type"]], row, source.key) for row in cited],
        "history_url": history_url(source),
    }
    return PageResult(data, html_context={"can_edit": can_edit_registry(request.user)})


def _cited_by(content_type: ContentType, row: Mapping[str, Any], key: str) -> dict[str, Any]:
    """How many records of one kind cite the source (records, not citations: a record may
    cite two rows of the same file), with the link to them in their list."""
    model = content_type.model_class()
    meta = model._meta if model is not None else None
    name = meta.verbose_name if meta is not None else content_type.model
    plural = meta.verbose_name_plural if meta is not None else f"{name}s"
    list_url = getattr(model, "source_list_url", "")
    return {
        "kind": str(name if row["n"] == 1 else plural),
        "count": row["n"],
        "citations": row["citations"],
        "url": f"{reverse(list_url)}?{urlencode({'source': key})}" if list_url else "",
    }


def source_edit(request: HttpRequest, key: str | None = None) -> HttpResponse:
    source = get_object_or_404(Source, key=key) if key else None
    return edit_record(
        request,
        form_class=SourceForm,
        instance=source,
        title=f"Edit {source}" if source else "New source",
        success_url=lambda s: reverse("sources:detail", args=[s.key]),
    )


def source_remove(request: HttpRequest, key: str) -> HttpResponse:
    return delete_record(
        request,
        instance=get_object_or_404(Source, key=key),
        delete=lambda s, actor, version: source_delete(s, actor=actor, expected_version=version),
        success_url=reverse("sources:list"),
    )
