"""Reading the change history."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import Http404

from citydiplomacy.history.models import ChangeRecord


def change_records() -> QuerySet[ChangeRecord]:
    return ChangeRecord.objects.select_related("content_type")


def content_type_for(label: str) -> ContentType:
    """The content type named `app_label.model`, or Http404."""
    app_label, _, model = label.lower().partition(".")
    found = ContentType.objects.filter(app_label=app_label, model=model).first()
    if found is None:
        raise Http404(f"No kind of record called {label!r}.")
    return found


def history_of(content_type: ContentType, object_id: str) -> QuerySet[ChangeRecord]:
    return change_records().filter(content_type=content_type, object_id=object_id)
