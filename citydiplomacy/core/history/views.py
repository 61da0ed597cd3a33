"""Pages of the change history: recent changes, and the history of one record."""

from django.http import Http404, HttpRequest

from citydiplomacy.core.history.filtersets import ChangeRecordFilterSet
from citydiplomacy.core.history.schemas import ChangeRecordOut
from citydiplomacy.core.history.selectors import change_records, content_type_for, history_of
from citydiplomacy.core.listing import list_data
from citydiplomacy.core.pages import PageData, PageResult, page
from citydiplomacy.core.schemas import dump


@page("history/change_list.html")
def change_list(request: HttpRequest) -> PageResult:
    return list_data(
        request,
        title="Recent changes",
        filterset_class=ChangeRecordFilterSet,
        queryset=change_records(request.user),
        row=lambda record: dump(ChangeRecordOut, record),
    )


@page("history/record_history.html")
def record_history(request: HttpRequest, model: str, object_id: str) -> PageData:
    """Every change of one record, newest first, with who made it and the values it changed."""
    content_type = content_type_for(model)
    records = list(history_of(content_type, object_id, request.user))
    if not records:
        # The same answer for a record without history and one the visitor may not see.
        raise Http404(f"No recorded changes of {model} {object_id}.")
    model_class = content_type.model_class()
    exists = bool(
        model_class is not None
        and model_class._default_manager.filter(pk=records[0].object_id).exists()
    )
    return {
        "title": f"History of {records[0].object_repr}",
        "model": model,
        "object_id": object_id,
        "exists": exists,
        "changes": [dump(ChangeRecordOut, record) for record in records],
    }
