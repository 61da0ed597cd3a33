"""citydiplomacy network: rebuild the stored figures, export layers, run the connectivity
model on a user's matrix, and suggest partners."""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.imports.tabular import FileRefused
from citydiplomacy.network import connectivity, exports, partners
from citydiplomacy.network.graph import UnknownLayer, parse_weights
from citydiplomacy.network.services import (
    RebuildOptions,
    network_rebuild,
    network_rebuild_enqueue,
)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of {text!r}: write the date as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Network figures: rebuild the metric snapshots of every public layer and their "
        "weighted combination (rebuild [--as-of DATE] [--weights twinning=1,co-membership=0.5]), "
        "export a layer (export LAYER FILE --format graphml|gexf|parquet [--as-of DATE]), "
        "Taylor's connectivity of a city-by-organisation matrix (connectivity FILE), or "
        "partner suggestions for a city (suggest GEONAMES_ID)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="Recompute and store the metric snapshots.")
        rebuild.add_argument(
            "--as-of", type=_date, help="Ties in force on this date (default today)."
        )
        rebuild.add_argument(
            "--layers", default="", help="Comma-separated layers (default all public)."
        )
        rebuild.add_argument(
            "--weights", default="", help="The combination, e.g. twinning=1,co-membership=0.5."
        )
        rebuild.add_argument("--seed", type=int, default=1, help="Seed of Leiden and sampling.")
        rebuild.add_argument("--resolution", type=float, default=1.0, help="Leiden resolution.")
        rebuild.add_argument(
            "--exact-max",
            type=int,
            default=50_000,
            help="Exact betweenness up to this many nodes, sampled above.",
        )
        rebuild.add_argument(
            "--pivots", type=int, default=2_000, help="Sampled betweenness pivots."
        )
        rebuild.add_argument(
            "--background", action="store_true",
            help="Queue the rebuild for the task worker instead of doing it now.",
        )  # fmt: skip
        export = sub.add_parser("export", help="Write a public layer with its metrics.")
        export.add_argument("layer", help="A public layer, or 'combined'.")
        export.add_argument("file", type=Path)
        export.add_argument("--format", choices=exports.FORMATS, default="graphml")
        export.add_argument("--as-of", type=_date)
        matrix = sub.add_parser("connectivity", help="Taylor's model on a user's matrix.")
        matrix.add_argument("file", type=Path, help="CSV: city, then one column per organisation.")
        matrix.add_argument("--encoding", default="utf-8-sig")
        matrix.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
        suggest = sub.add_parser("suggest", help="Partner suggestions and similar cities.")
        suggest.add_argument("city", type=int, help="GeoNames id.")
        suggest.add_argument("--limit", type=int, default=10)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except (UnknownLayer, ValueError, FileRefused, PermissionDenied) as error:
            raise CommandError(str(error)) from None

    def _rebuild(self, options: dict[str, Any]) -> None:
        layers = [name.strip() for name in options["layers"].split(",") if name.strip()]
        rebuild = RebuildOptions(
            as_of=options["as_of"], layers=layers, weights=parse_weights(options["weights"]),
            seed=options["seed"], resolution=options["resolution"],
            exact_max=options["exact_max"], pivots=options["pivots"],
        )  # fmt: skip
        actor = Actor(via=Via.CLI, label="network rebuild")
        if options["background"]:
            queued = network_rebuild_enqueue(rebuild, actor)
            self.stdout.write(f"Queued (run {queued.pk}); the task worker will do it.")
            return
        run = network_rebuild(rebuild, actor)
        self.stdout.write(f"Rebuilt (run {run.pk}): {run.message}.")

    def _export(self, options: dict[str, Any]) -> None:
        paths = exports.write(
            options["layer"], options["as_of"], options["format"], options["file"]
        )
        self.stdout.write("Wrote " + ", ".join(str(path) for path in paths) + ".")

    def _connectivity(self, options: dict[str, Any]) -> None:
        matrix = connectivity.read_matrix(options["file"], options["encoding"])
        ranking = connectivity.connectivity(matrix).ranking()
        if options["json"]:
            self.stdout.write(json.dumps(ranking, ensure_ascii=False, indent=1))
            return
        self.stdout.write(f"{'rank':>4}  {'N(a)':>10}  {'relative':>8}  city")
        for row in ranking:
            self.stdout.write(
                f"{row['rank']:>4}  {row['connectivity']:>10g}  "
                f"{row['relative']:>8.4f}  {row['city']}"
            )

    def _suggest(self, options: dict[str, Any]) -> None:
        found = partners.suggest(options["city"], limit=options["limit"])
        self.stdout.write(json.dumps(found, ensure_ascii=False, indent=1))
