"""The engagement picker that other lists' filters use (follow-ups, visits, gifts)."""

from typing import Any

from citydiplomacy.core.pickers import PickerFilter, for_visitor
from citydiplomacy.engagements.selectors import member_engagements


class EngagementPickerFilter(PickerFilter):
    """One of the visitor's offices' engagements, picked by title; another office's is
    refused with the words an unknown id gets."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Of the engagement")
        kwargs.setdefault("field_name", "engagement")
        super().__init__(
            "engagement",
            noun="engagement of your offices",
            queryset=for_visitor(member_engagements),
            **kwargs,
        )
