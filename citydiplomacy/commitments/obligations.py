"""A city's obligations: every rule of every organisation it belongs to, applied to its join
date and its records. Pure functions of the figures, so the city page, the accountability
report and the calendar agree.

A rule with `within_years` is first due that many years after the join date (the end of
that year when only the year of joining is known); with `every_years` it is due again that
many years after the latest evidence. Evidence: an inventory's accounting year (inventory),
a climate action plan commitment's year made (action plan, plan review), any progress report
or inventory (report), an emissions target (target). A rule whose source gives no deadline
is "expected" until met; a join date that is not known leaves the first deadline unknown.
"""

import datetime as dt
from dataclasses import dataclass

from citydiplomacy.commitments.models import ObligationKind, ObligationRule
from citydiplomacy.core.partial_dates import earliest

MET, DUE, OVERDUE, EXPECTED = "met", "due", "overdue", "expected"
STATE_LABELS = {MET: "met", DUE: "due", OVERDUE: "overdue", EXPECTED: "expected (no deadline)"}


@dataclass(frozen=True)
class Evidence:
    """The years a city's records show, by obligation kind."""

    inventory: tuple[int, ...] = ()
    action_plan: tuple[int, ...] = ()
    report: tuple[int, ...] = ()
    target: tuple[int, ...] = ()

    def years(self, kind: str) -> tuple[int, ...]:
        return {
            ObligationKind.INVENTORY: self.inventory,
            ObligationKind.ACTION_PLAN: self.action_plan,
            ObligationKind.PLAN_REVIEW: self.action_plan,
            ObligationKind.REPORT: self.report,
            ObligationKind.TARGET: self.target,
        }[ObligationKind(kind)]


@dataclass(frozen=True)
class Obligation:
    rule: ObligationRule
    organisation_name: str
    organisation_slug: str
    joined: str
    state: str
    due: dt.date | None
    last: int | None
    note: str

    def as_dict(self) -> dict[str, object]:
        return {
            "organisation": self.organisation_slug,
            "organisation_name": self.organisation_name,
            "rule": self.rule.get_kind_display(),
            "rule_kind": self.rule.kind,
            "description": self.rule.description,
            "joined": self.joined,
            "state": self.state,
            "state_label": STATE_LABELS[self.state],
            "due": self.due.isoformat() if self.due else None,
            "last_evidence_year": self.last,
            "note": self.note,
        }


def _end_of_year(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def first_deadline(rule: ObligationRule, joined: str) -> dt.date | None:
    start = earliest(joined)
    if rule.within_years is None or start is None:
        return None
    if len(joined) == 4:  # only the year is known: the latest day it can mean
        return _end_of_year(start.year + rule.within_years)
    return _add_years(start, rule.within_years)


def apply_rule(
    rule: ObligationRule,
    *,
    organisation_name: str,
    organisation_slug: str,
    joined: str,
    evidence: Evidence,
    today: dt.date,
) -> Obligation:
    joined_year = int(joined[:4]) if joined else None
    years = sorted(evidence.years(rule.kind))
    if rule.kind == ObligationKind.PLAN_REVIEW:
        years = years[-1:]  # a review is due after the latest plan
    last = years[-1] if years else None

    def result(state: str, due: dt.date | None, note: str) -> Obligation:
        return Obligation(
            rule, organisation_name, organisation_slug, joined, state, due, last, note
        )

    if last is not None and rule.every_years:
        due = _end_of_year(last + rule.every_years)
        if rule.kind == ObligationKind.PLAN_REVIEW or today <= due:
            state = (
                OVERDUE if today > due else DUE if rule.kind == ObligationKind.PLAN_REVIEW else MET
            )
            return result(state, due, f"latest in {last}; next by {due.isoformat()}")
        return result(OVERDUE, due, f"latest in {last}; was due again by {due.isoformat()}")
    if last is not None and rule.kind != ObligationKind.PLAN_REVIEW:
        return result(MET, None, f"met in {last}")
    if rule.kind == ObligationKind.PLAN_REVIEW:
        return result(EXPECTED, None, "no climate action plan on record to review")
    deadline = first_deadline(rule, joined)
    if deadline is None:
        if rule.within_years is None:
            return result(EXPECTED, None, "the rule's source states no deadline")
        return result(DUE, None, "the join date is not known, so neither is the deadline")
    if joined_year is not None and today > deadline:
        return result(OVERDUE, deadline, f"was due by {deadline.isoformat()}")
    return result(DUE, deadline, f"due by {deadline.isoformat()}")
