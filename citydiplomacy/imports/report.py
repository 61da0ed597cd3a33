"""The import report: one line per input row saying what became of it, and why.

Row statuses: `created` and `merged` (written), `unchanged` (already in the registry),
`duplicate` (repeats an earlier row of the same file, e.g. B-A after A-B), `ambiguous`
(with candidates), `unmatched`, `not-a-city`, `invalid` (nothing written) and `refused`
(what the row states breaks a rule of the registry's records, checked by the validated bulk
path: nothing of it written) and `computed` (an importer that computes figures from the
file, such as Taylor's connectivity, reports them and writes no record). Every input
row gets exactly one line, so the totals add up to the number of rows.

Apart from the statuses, the summary counts `provisional`: the rows written with an end on a
provisional place (not yet matched), and a note gives their row numbers.
"""

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citydiplomacy.geo.models import PROVISIONAL_ID_START
from citydiplomacy.geo.resolution.resolver import Resolution

WRITTEN = ("created", "merged")
# Rows of these statuses wrote nothing, whatever their ends resolved to.
NOT_WRITTEN = ("ambiguous", "unmatched", "not-a-city", "invalid", "refused", "computed")
SHOWN_ROWS = 20  # row numbers a note lists before "and N more"
STATUSES = (
    "created",
    "merged",
    "unchanged",
    "duplicate",
    "ambiguous",
    "unmatched",
    "not-a-city",
    "invalid",
    "refused",
    "computed",
)


def describe_end(prefix: str, name: str, country: str, resolution: Resolution) -> dict[str, Any]:
    place = resolution.place
    return {
        f"{prefix}name": name,
        f"{prefix}country": country,
        f"{prefix}status": resolution.status,
        f"{prefix}geonames_id": place.geonames_id if place else "",
        f"{prefix}matched": f"{place.name}, {place.country}" if place else "",
        f"{prefix}method": resolution.method,
        f"{prefix}via_district": "yes" if resolution.via_district else "",
        f"{prefix}provisional": "yes"
        if place and place.geonames_id >= PROVISIONAL_ID_START
        else "",
        f"{prefix}note": resolution.note,
        f"{prefix}candidates": " | ".join(c.label() for c in resolution.candidates),
    }


def row_status(ends: Sequence[Resolution]) -> str:
    """The status of a row from the resolutions of the places it names."""
    for status in ("not-a-city", "unmatched", "ambiguous"):
        if any(end.status == status for end in ends):
            return status
    return "matched"


@dataclass
class Report:
    lines: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    _by_row: dict[int, list[dict[str, Any]]] = field(default_factory=dict, repr=False)

    def add(self, row: int, status: str, message: str = "", **details: Any) -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown report status {status!r}")
        line = {"row": row, "status": status, "message": message, **details}
        self.lines.append(line)
        self._by_row.setdefault(row, []).append(line)

    def refuse(self, row: int, message: str) -> None:
        """Mark a row already reported as refused: a write rule turned it down."""
        for line in self._by_row.get(row, []):
            line["status"], line["message"] = "refused", message

    def summary(self) -> dict[str, int]:
        counts = Counter(line["status"] for line in self.lines)
        summary = {"rows": len(self.lines), **{s: counts[s] for s in STATUSES if counts[s]}}
        provisional = len(self.provisional_rows())
        return {**summary, "provisional": provisional} if provisional else summary

    def provisional_rows(self) -> list[int]:
        """The rows written with an end kept on a provisional place, in file order."""
        return sorted(
            {
                line["row"]
                for line in self.lines
                if line["status"] not in NOT_WRITTEN and _on_provisional(line)
            }
        )

    def note_provisional(self) -> None:
        """Say which rows went onto provisional places, so a user finds them for review."""
        rows = self.provisional_rows()
        if not rows:
            return
        shown = ", ".join(map(str, rows[:SHOWN_ROWS]))
        more = f" and {len(rows) - SHOWN_ROWS:,} more" if len(rows) > SHOWN_ROWS else ""
        self.notes.append(
            f"{len(rows):,} row{'s' if len(rows) != 1 else ''} kept with an end on a "
            f"provisional place (not yet matched; see the review queue, /cities/review/): "
            f"row{'s' if len(rows) != 1 else ''} {shown}{more}"
        )

    def write(self, path: Path) -> None:
        columns: dict[str, None] = {"row": None, "status": None, "message": None}
        for line in self.lines:
            columns.update(dict.fromkeys(line))
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(columns))
            writer.writeheader()
            writer.writerows(sorted(self.lines, key=lambda line: line["row"]))

    def text(self) -> str:
        summary = self.summary()
        parts = [f"{summary['rows']:,} rows"] + [
            f"{count:,} {status}" for status, count in summary.items() if status in STATUSES
        ]
        if "provisional" in summary:
            parts.append(f"{summary['provisional']:,} on provisional places (not yet matched)")
        return ", ".join(parts)


def _on_provisional(line: dict[str, Any]) -> bool:
    return any(key.endswith("provisional") and value == "yes" for key, value in line.items())
