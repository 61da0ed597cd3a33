"""citydiplomacy visit: a visit's workflow from the command line (steps, debrief, briefing)."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import RequestFactory

from citydiplomacy.core.errors import describe
from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.protocol import services
from citydiplomacy.protocol.models import Visit, VisitStatus
from citydiplomacy.protocol.selectors import visible_visits


class Command(BaseCommand):
    help = (
        "Move a visit to its next step (step ID STATUS [--reason TEXT]), record its debrief "
        "(debrief ID TEXT), or write its briefing as PDF (briefing ID -o FILE), as a member "
        "of its office (--user NAME)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        step = sub.add_parser("step", help="Move the visit to its next step.")
        step.add_argument("visit_id", type=int)
        step.add_argument("status", choices=VisitStatus.values)
        step.add_argument("--reason", default="", help="Why (required to decline).")
        debrief = sub.add_parser("debrief", help="Record what a held visit achieved.")
        debrief.add_argument("visit_id", type=int)
        debrief.add_argument("text")
        debrief.add_argument("--outcomes", default=None, help="The engagement's outcomes.")
        briefing = sub.add_parser("briefing", help="Write the visit's briefing as PDF.")
        briefing.add_argument("visit_id", type=int)
        briefing.add_argument("-o", "--output", type=Path, required=True)
        for parser_ in (step, debrief, briefing):
            parser_.add_argument("--user", required=True, help="Act as this office member.")

    def _visit(self, options: dict[str, Any]) -> tuple[Visit, Any]:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
        visit = visible_visits(user).filter(pk=options["visit_id"]).first()
        if visit is None:
            raise CommandError(f"No visit {options['visit_id']} in {user}'s offices.")
        return visit, user

    def handle(self, *args: Any, **options: Any) -> None:
        visit, user = self._visit(options)
        actor = Actor(via=Via.CLI, user=user)
        try:
            if options["action"] == "step":
                services.visit_transition(
                    visit, status=options["status"], reason=options["reason"], actor=actor
                )
                self.stdout.write(f"Visit {visit.pk} is now {visit.get_status_display()}.")
            elif options["action"] == "debrief":
                services.visit_debrief(
                    visit, debrief=options["text"], outcomes=options["outcomes"], actor=actor
                )
                self.stdout.write(f"Visit {visit.pk} debriefed.")
            else:
                self._briefing(visit, user, options["output"])
        except (ValidationError, PermissionDenied) as error:
            message = describe(error) if isinstance(error, ValidationError) else str(error)
            raise CommandError(message) from None

    def _briefing(self, visit: Visit, user: Any, output: Path) -> None:
        from citydiplomacy.protocol.briefing import visit_briefing
        from citydiplomacy.protocol.views_briefing import render_pdf

        request = RequestFactory().get(f"/visits/{visit.pk}/briefing/briefing.pdf")
        request.user = user
        output.write_bytes(render_pdf(request, visit_briefing(request, visit.pk)))
        self.stderr.write(f"Wrote {output}.")
