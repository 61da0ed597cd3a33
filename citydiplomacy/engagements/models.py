"""The engagement log: one record per meeting, delegation, mission, call or statement; follow-ups.

An engagement is office-private unless its visibility is public; even then only its public
parts (kind, dates, place, cities, organisations, countries, topics, agreements, summary,
outcomes) are shown to non-members, never its contacts, staff or follow-ups. Follow-ups are
always office-private.
"""

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.contacts.models import Contact
from citydiplomacy.geo.models import City, Country
from citydiplomacy.offices.models import OfficeRecord
from citydiplomacy.organisations.models import Organisation, Topic


class EngagementKind(models.TextChoices):
    BILATERAL_MEETING = "bilateral-meeting", "bilateral meeting"
    INBOUND_DELEGATION = "inbound-delegation", "inbound delegation"
    OUTBOUND_MISSION = "outbound-mission", "outbound mission"
    TRADE_MISSION = "trade-mission", "trade mission"
    CONFERENCE = "conference", "conference or summit"
    CALL = "call", "call or webinar"
    JOINT_STATEMENT = "joint-statement", "joint statement"
    DIGNITARY_VISIT = "dignitary-visit", "visit of a dignitary"


class Visibility(models.TextChoices):
    OFFICE = "office", "office only"
    PUBLIC = "public", "public"


class Engagement(OfficeRecord):
    kind = models.CharField(max_length=20, choices=EngagementKind.choices)
    title = models.CharField(max_length=300)
    starts_on = models.DateField()
    ends_on = models.DateField(
        null=True, blank=True, help_text="For events of several days; empty for one day."
    )
    city = models.ForeignKey(
        City,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="place",
    )
    venue = models.CharField(max_length=300, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="engagements", help_text="Office staff."
    )
    contacts = models.ManyToManyField(Contact, blank=True, related_name="engagements")
    cities = models.ManyToManyField(
        City, blank=True, related_name="+", verbose_name="partner cities"
    )
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="+")
    countries = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name="partner countries"
    )
    agreements = models.ManyToManyField(Agreement, blank=True, related_name="+")
    topics = models.ManyToManyField(Topic, blank=True, related_name="+")
    summary = models.TextField(blank=True)
    outcomes = models.TextField(blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.OFFICE
    )

    history_related: ClassVar[tuple[str, ...]] = (
        "staff",
        "contacts",
        "cities",
        "organisations",
        "countries",
        "agreements",
        "topics",
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["office", "starts_on"]),
            models.Index(fields=["visibility", "starts_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on.isoformat()})" if self.starts_on else self.title

    def clean(self) -> None:
        starts, ends = self.starts_on, self.ends_on
        if starts is not None and ends is not None and ends < starts:
            raise ValidationError({"ends_on": "An engagement cannot end before it starts."})


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "open"
    IN_PROGRESS = "in-progress", "in progress"
    DONE = "done", "done"
    CANCELLED = "cancelled", "cancelled"


PENDING = (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS)


class FollowUp(OfficeRecord):
    """An action raised by an engagement: what, who owns it, by when, and where it stands."""

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="follow_ups")
    what = models.CharField(max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_ups"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = [models.F("due_on").asc(nulls_last=True), "id"]
        indexes = [models.Index(fields=["office", "status", "due_on"])]

    def __str__(self) -> str:
        return self.what

    @property
    def is_overdue(self) -> bool:
        return bool(self.status in PENDING and self.due_on and self.due_on < timezone.localdate())

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.engagement_id and self.office_id != self.engagement.office_id:
            errors["engagement"] = "A follow-up belongs to its engagement's office."
        # A follow-up is done on a day; any other status has no completion date.
        if self.status == FollowUpStatus.DONE:
            self.done_on = self.done_on or timezone.localdate()
        else:
            self.done_on = None
        if isinstance(self.done_on, dt.date) and self.done_on > timezone.localdate():
            errors["done_on"] = "A follow-up cannot be done in the future."
        if errors:
            raise ValidationError(errors)
