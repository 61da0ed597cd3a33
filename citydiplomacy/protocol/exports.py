"""The gifts register as an export dataset (`/export/gifts.csv`, `.json`, `citydiplomacy
export gifts`): one row per gift, every field the register holds. The export engine makes
cells safe from formula injection."""

from typing import Any

from citydiplomacy.protocol.models import Gift

GIFT_COLUMNS = (
    "id",
    "office",
    "date",
    "direction",
    "visit",
    "engagement",
    "giver",
    "giver_contact",
    "recipient",
    "recipient_contact",
    "description",
    "value",
    "currency",
    "must_declare",
    "declared",
    "disposition",
    "photo_url",
    "sources",
)


def gift_csv_row(gift: Gift, must_declare: bool | None) -> dict[str, Any]:
    return {
        "id": gift.pk,
        "office": gift.office.slug,
        "date": gift.given_on.isoformat(),
        "direction": gift.direction,
        "visit": gift.visit_id or "",
        "engagement": gift.engagement_id or "",
        "giver": gift.giver,
        "giver_contact": gift.giver_contact_id or "",
        "recipient": gift.recipient,
        "recipient_contact": gift.recipient_contact_id or "",
        "description": gift.description,
        "value": "" if gift.value is None else str(gift.value),
        "currency": gift.currency,
        "must_declare": "" if must_declare is None else ("yes" if must_declare else "no"),
        "declared": "yes" if gift.declared else "no",
        "disposition": gift.disposition,
        "photo_url": gift.photo_url,
        "sources": gift.sources,
    }
