"""API of the change history."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from citydiplomacy.core.history.filtersets import ChangeRecordFilterSet
from citydiplomacy.core.history.schemas import ChangeRecordOut
from citydiplomacy.core.history.selectors import change_records
from citydiplomacy.core.listing import filter_parameters, list_data
from citydiplomacy.core.schemas import ErrorOut, Page

router = Router(tags=["History"])


@router.get(
    "/",
    response={200: Page[ChangeRecordOut], 422: ErrorOut},
    operation_id="history_list",
    openapi_extra={"parameters": filter_parameters(ChangeRecordFilterSet)},
)
def history_list(request: HttpRequest) -> Any:
    """Every recorded create, update and delete; `model` and `object_id` select one record."""
    result = list_data(
        request,
        title="Change history",
        filterset_class=ChangeRecordFilterSet,
        queryset=change_records(request.user),
        row=lambda record: record,
    )
    return Status(result.status, result.data)
