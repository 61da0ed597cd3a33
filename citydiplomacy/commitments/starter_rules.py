"""Starter obligation rules: only those whose source is at hand, each citing its words.

The seed documents state what the Global Covenant of Mayors asks of a signatory (to measure
its greenhouse-gas emissions and to create a climate action plan) but give no deadline or
interval, so these rules have none: they are "expected" until met. The seeds say C40 holds
its members to account without stating a rule, so no C40 rule is loaded. ETMUN's network
descriptions (shared data) state targets for Climate Alliance and the Covenant of Mayors,
not obligations to publish, plan or report, so they give no rule either (docs/commitments.md
says why each is left out); intervals such as "every 2 years" are left to users who cite
the network's own standards.
"""

from dataclasses import dataclass

from citydiplomacy.commitments.models import ObligationKind, ObligationRule
from citydiplomacy.commitments.services import rule_record
from citydiplomacy.core.history.services import Actor
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.sources.models import Source
from citydiplomacy.sources.services import CitationSpec

_SOUTH_BEND = (
    "Buttigieg signed onto the Global Covenant of Mayors for Climate and Energy, in which he "
    "committed South Bend to measuring greenhouse gas emissions and pledged to create a "
    "climate action plan based on global best practices."
)


@dataclass(frozen=True)
class StarterRule:
    organisation: str
    kind: str
    description: str
    source: str
    quote: str


STARTER_RULES = (
    StarterRule(
        "gcom",
        ObligationKind.INVENTORY,
        "Signatories measure their greenhouse-gas emissions (an emissions inventory).",
        "seed-000-day-city-hall",
        _SOUTH_BEND,
    ),
    StarterRule(
        "gcom",
        ObligationKind.ACTION_PLAN,
        "Signatories create a climate action plan based on global best practices.",
        "seed-000-day-city-hall",
        _SOUTH_BEND,
    ),
)


def load_starter_rules(actor: Actor) -> list[str]:
    """Record the starter rules the registry lacks; returns what happened to each."""
    done: list[str] = []
    for rule in STARTER_RULES:
        label = f"{rule.organisation}: {rule.kind}"
        organisation = Organisation.objects.filter(slug=rule.organisation).first()
        source = Source.objects.filter(key=rule.source).first()
        if organisation is None or source is None:
            done.append(f"{label}: skipped (load the starter data first)")
            continue
        if ObligationRule.objects.filter(organisation=organisation, kind=rule.kind).exists():
            done.append(f"{label}: already recorded")
            continue
        rule_record(
            organisation=organisation,
            kind=rule.kind,
            description=rule.description,
            citations=[CitationSpec(source, quote=rule.quote)],
            actor=actor,
        )
        done.append(f"{label}: recorded")
    return done
