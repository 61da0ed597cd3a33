"""Protocol: visits from request to debrief, their programme and precedence, the gifts register.

Every record here is office-private (`OfficeRecord`), read only through `offices.visibility`.
A visit is one-to-one with an engagement of a visit kind, so the engagement log stays the one
log of the office's work; the visit adds the request, the workflow and the programme.
"""

import datetime as dt
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from citydiplomacy.contacts.models import Contact
from citydiplomacy.engagements.models import Engagement, EngagementKind
from citydiplomacy.offices.models import Office, OfficeRecord
from citydiplomacy.organisations.models import Organisation

VISIT_KINDS = (
    EngagementKind.INBOUND_DELEGATION,
    EngagementKind.DIGNITARY_VISIT,
    EngagementKind.OUTBOUND_MISSION,
    EngagementKind.TRADE_MISSION,
)


class RequesterKind(models.TextChoices):
    EMBASSY = "embassy", "embassy"
    CONSULATE = "consulate", "consulate"
    PARTNER_CITY = "partner-city", "partner city"
    GOVERNMENT = "government", "national or regional government"
    ORGANISATION = "organisation", "international organisation or network"
    BUSINESS = "business", "business or chamber"
    UNIVERSITY = "university", "university"
    CIVIL_SOCIETY = "civil-society", "civil society"
    OWN_CITY = "own-city", "our own city (outbound)"
    OTHER = "other", "other"


class SecurityLevel(models.TextChoices):
    NONE = "none", "none"
    STANDARD = "standard", "standard"
    ELEVATED = "elevated", "elevated"
    HIGH = "high", "high (protected person)"


class VisitStatus(models.TextChoices):
    REQUESTED = "requested", "requested"
    UNDER_REVIEW = "under-review", "under review"
    APPROVED = "approved", "approved"
    DECLINED = "declined", "declined"
    SCHEDULED = "scheduled", "scheduled"
    HELD = "held", "held"
    DEBRIEFED = "debriefed", "debriefed"
    CANCELLED = "cancelled", "cancelled"


# The workflow: which step may follow which. Cancelling is possible until the visit is held.
NEXT_STEPS: dict[str, tuple[str, ...]] = {
    VisitStatus.REQUESTED: (
        VisitStatus.UNDER_REVIEW,
        VisitStatus.APPROVED,
        VisitStatus.DECLINED,
        VisitStatus.CANCELLED,
    ),
    VisitStatus.UNDER_REVIEW: (VisitStatus.APPROVED, VisitStatus.DECLINED, VisitStatus.CANCELLED),
    VisitStatus.APPROVED: (VisitStatus.SCHEDULED, VisitStatus.CANCELLED),
    VisitStatus.SCHEDULED: (VisitStatus.HELD, VisitStatus.CANCELLED),
    VisitStatus.HELD: (VisitStatus.DEBRIEFED,),
    VisitStatus.DECLINED: (),
    VisitStatus.DEBRIEFED: (),
    VisitStatus.CANCELLED: (),
}
# Visits that no longer take anyone's time: left out of overlap warnings and the calendar.
INACTIVE = (VisitStatus.DECLINED, VisitStatus.CANCELLED)


def default_requester_kinds() -> list[str]:
    return [kind.value for kind in RequesterKind]


def default_ranks() -> list[str]:
    return [
        "Head of State",
        "Head of Government",
        "Minister",
        "Governor",
        "Mayor",
        "Ambassador",
        "Deputy Mayor",
        "Chargé d'affaires",
        "Consul General",
        "Member of Parliament",
        "City Councillor",
        "Consul",
        "Honorary Consul",
        "Director",
        "Official",
    ]


class ProtocolRules(OfficeRecord):
    """An office's protocol rules: notice, who may ask, the gift threshold, the order of ranks."""

    min_notice_days = models.PositiveIntegerField(
        default=14, help_text="Days between receiving a request and the visit's first day."
    )
    requester_kinds = models.JSONField(
        default=default_requester_kinds, help_text="The kinds of requester the office accepts."
    )
    gift_threshold = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=Decimal("100.00"),
        validators=[MinValueValidator(Decimal(0))],
        help_text="Gifts worth this or more must be declared.",
    )
    gift_currency = models.CharField(max_length=3, default="EUR")
    ranks = models.JSONField(
        default=default_ranks,
        help_text="Ranks in order of precedence, highest first (own and foreign officials).",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["office"],
                name="protocol_rules_once",
                violation_error_message="This office already has its protocol rules.",
                violation_error_code="duplicate",
            )
        ]
        verbose_name_plural = "protocol rules"

    def __str__(self) -> str:
        return "Protocol rules"

    def clean(self) -> None:
        from citydiplomacy.protocol.currencies import currency_error

        errors: dict[str, str] = {}
        kinds = self.requester_kinds
        if not isinstance(kinds, list) or any(k not in RequesterKind.values for k in kinds):
            errors["requester_kinds"] = (
                f"Requester kinds are among: {', '.join(RequesterKind.values)}."
            )
        ranks = self.ranks
        if not isinstance(ranks, list) or not all(isinstance(r, str) and r.strip() for r in ranks):
            errors["ranks"] = "Ranks are a list of names, highest first."
        elif len({r.strip().casefold() for r in ranks}) != len(ranks):
            errors["ranks"] = "Each rank appears once in the order."
        problem = currency_error(self.gift_currency)
        if problem:
            errors["gift_currency"] = problem
        if errors:
            raise ValidationError(errors)


class Visit(OfficeRecord):
    """The protocol side of an engagement of a visit kind: request, workflow, debrief."""

    engagement = models.OneToOneField(Engagement, on_delete=models.PROTECT, related_name="visit")
    status = models.CharField(
        max_length=12, choices=VisitStatus.choices, default=VisitStatus.REQUESTED
    )
    received_on = models.DateField(help_text="The day the request reached the office.")
    requester_kind = models.CharField(max_length=20, choices=RequesterKind.choices)
    requester_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requester_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requester_name = models.CharField(
        max_length=300, blank=True, help_text="As the request gives it, e.g. Embassy of Japan."
    )
    principal = models.CharField(
        max_length=300, blank=True, help_text="Who leads the visit, e.g. Minister Sato."
    )
    principal_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.TextField(blank=True)
    languages = models.CharField(max_length=200, blank=True)
    interpreter = models.BooleanField(default=False, help_text="An interpreter is needed.")
    press = models.BooleanField(default=False, help_text="Press are expected.")
    photographer = models.BooleanField(default=False, help_text="A photographer is needed.")
    accessibility_needs = models.TextField(blank=True)
    dietary_needs = models.TextField(blank=True)
    security_level = models.CharField(
        max_length=10, choices=SecurityLevel.choices, default=SecurityLevel.STANDARD
    )
    requested_participants = models.TextField(
        blank=True, help_text="Whom they ask to meet on our side, e.g. the mayor."
    )
    decline_reason = models.TextField(blank=True)
    notice_override_reason = models.TextField(
        blank=True, help_text="Why an admin accepted a request with less notice than required."
    )
    debrief = models.TextField(blank=True, help_text="What the visit achieved, after it.")

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["office", "status"])]

    def __str__(self) -> str:
        return f"Visit: {self.engagement}" if self.engagement_id else "Visit"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.engagement_id:
            engagement = self.engagement
            if engagement.office_id != self.office_id:
                errors["engagement"] = "A visit belongs to its engagement's office."
            if engagement.kind not in VISIT_KINDS:
                kinds = ", ".join(str(EngagementKind(k).label) for k in VISIT_KINDS)
                errors["kind"] = f"A visit is an engagement of a visit kind: {kinds}."
        for field in ("requester_contact", "principal_contact"):
            contact = getattr(self, field)
            if contact is not None and contact.office_id != self.office_id:
                errors[field] = "Name one of this office's own contacts."
        if self.status == VisitStatus.DECLINED and not self.decline_reason.strip():
            errors["decline_reason"] = "Give the reason for declining."
        if not (self.requester_contact_id or self.requester_organisation_id or self.requester_name):
            errors["requester_name"] = "Name the requester (a contact, an organisation or a name)."
        if errors:
            raise ValidationError(errors)

    @property
    def starts_on(self) -> dt.date:
        return self.engagement.starts_on

    @property
    def ends_on(self) -> dt.date:
        return self.engagement.ends_on or self.engagement.starts_on


class VisitStep(OfficeRecord):
    """One step of a visit's workflow: to which status, when, by whom, and why."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(max_length=12, choices=VisitStatus.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.at:%Y-%m-%d}"


class DelegationMember(OfficeRecord):
    """A member of the visiting (or our outbound) delegation, with title and short bio."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="delegation")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True)
    head = models.BooleanField(default=False, help_text="Head of the delegation.")

    class Meta:
        ordering = ["-head", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.visit_id and self.visit.office_id != self.office_id:
            raise ValidationError({"visit": "A delegation member belongs to the visit's office."})
        if self.contact is not None and self.contact.office_id != self.office_id:
            raise ValidationError({"contact": "Name one of this office's own contacts."})


class ProgrammeItem(OfficeRecord):
    """One item of a visit's programme: when, where, who hosts, who takes part."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="programme")
    title = models.CharField(max_length=300)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True)
    hosts = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "A programme item ends after it starts."
        if self.visit_id and self.starts_at:
            visit = self.visit
            if visit.office_id != self.office_id:
                errors["visit"] = "A programme item belongs to its visit's office."
            first, last = visit.starts_on, visit.ends_on
            if not first <= _local_day(self.starts_at) <= last:
                errors["starts_at"] = (
                    f"The programme item falls outside the visit's dates ({first} to {last})."
                )
            elif self.ends_at and _local_day(self.ends_at) > last:
                errors["ends_at"] = f"The programme item ends after the visit's last day ({last})."
        if errors:
            raise ValidationError(errors)


def _local_day(moment: dt.datetime) -> dt.date:
    from django.utils import timezone

    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


class Side(models.TextChoices):
    HOST = "host", "our side"
    GUEST = "guest", "visiting side"


class Participant(OfficeRecord):
    """A participant of a programme item, placed in order of precedence.

    The order comes from the office's ranks; among heads of mission of equal rank, the one who
    took up post first goes first. A manual position overrides it, with its reason on record.
    """

    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    side = models.CharField(max_length=5, choices=Side.choices, default=Side.GUEST)
    rank = models.CharField(max_length=100, blank=True, help_text="One of the office's ranks.")
    head_of_mission = models.BooleanField(default=False)
    took_up_post_on = models.DateField(
        null=True, blank=True, help_text="For heads of mission: the day they took up post."
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField(
        null=True, blank=True, help_text="A manual place in the order (1 is first)."
    )
    override_reason = models.CharField(max_length=300, blank=True)

    history_related: ClassVar[tuple[str, ...]] = ()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.item_id and self.item.office_id != self.office_id:
            errors["item"] = "A participant belongs to the programme item's office."
        if self.position is not None and not self.override_reason.strip():
            errors["override_reason"] = "Say why the order is overridden."
        if self.position is not None and self.position < 1:
            errors["position"] = "Positions start at 1."
        if self.contact is not None and self.contact.office_id != self.office_id:
            errors["contact"] = "Name one of this office's own contacts."
        if errors:
            raise ValidationError(errors)


class GiftDirection(models.TextChoices):
    GIVEN = "given", "given"
    RECEIVED = "received", "received"


class Disposition(models.TextChoices):
    PENDING = "pending", "not yet decided"
    KEPT = "kept", "kept by the office"
    DISPLAYED = "displayed", "displayed"
    ARCHIVED = "archived", "archived"
    COLLECTION = "collection", "transferred to the city's collection"
    RETURNED = "returned", "returned"
    PURCHASED = "purchased", "purchased by the recipient"


class Gift(OfficeRecord):
    """A gift given or received, under the office's gift rules."""

    given_on = models.DateField(verbose_name="date")
    direction = models.CharField(max_length=8, choices=GiftDirection.choices)
    visit = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="gifts"
    )
    engagement = models.ForeignKey(
        Engagement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    giver = models.CharField(max_length=300)
    giver_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.CharField(max_length=300)
    recipient_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField()
    value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        verbose_name="estimated value",
        help_text="Empty when unknown.",
    )
    currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217, e.g. EUR.")
    declared = models.BooleanField(default=False)
    disposition = models.CharField(
        max_length=10, choices=Disposition.choices, default=Disposition.PENDING
    )
    photo_url = models.URLField(blank=True, verbose_name="photo (URL)")
    sources = models.TextField(blank=True, help_text="Where this is recorded (letter, note).")

    class Meta:
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["office", "given_on"])]

    def __str__(self) -> str:
        return f"Gift {self.direction}: {self.description[:60]}"

    def clean(self) -> None:
        from citydiplomacy.protocol.currencies import currency_error

        errors: dict[str, str] = {}
        if self.value is not None and self.value < 0:
            errors["value"] = "A gift's value cannot be negative."
        if self.value is not None and not self.currency:
            errors["currency"] = "Give the currency of the value (ISO 4217, e.g. EUR)."
        elif self.currency:
            self.currency = self.currency.strip().upper()
            problem = currency_error(self.currency)
            if problem:
                errors["currency"] = problem
        if self.visit is not None and self.visit.office_id != self.office_id:
            errors["visit"] = "Name one of this office's visits."
        if self.engagement is not None and self.engagement.office_id != self.office_id:
            errors["engagement"] = "Name one of this office's engagements."
        for field in ("giver_contact", "recipient_contact"):
            contact = getattr(self, field)
            if contact is not None and contact.office_id != self.office_id:
                errors[field] = "Name one of this office's own contacts."
        if errors:
            raise ValidationError(errors)

    def must_declare(self, rules: "ProtocolRules | None") -> bool | None:
        """Whether the threshold requires declaring it; None when that cannot be told."""
        threshold = rules.gift_threshold if rules else Decimal("100.00")
        currency = rules.gift_currency if rules else "EUR"
        if self.value is None or self.currency != currency:
            return None
        return self.value >= threshold


class CalendarFeed(models.Model):
    """A user's secret iCalendar address for one office; only the token's hash is stored."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Calendar of {self.office} for {self.user}"
