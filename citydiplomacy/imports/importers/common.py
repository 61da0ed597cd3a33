"""Small helpers shared by the importers."""

from collections.abc import Callable, Iterable, Iterator, Sized
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.utils.text import slugify
from tqdm import tqdm

from citydiplomacy.imports.runs import ImportContext, Preparation, file_sha256
from citydiplomacy.sources.models import SourceKind


def progress[T](items: Iterable[T], ctx: ImportContext | Preparation, what: str) -> Iterator[T]:
    """Items with a progress bar on standard error when the run shows progress (in `write`
    or in `prepare`)."""
    total = len(items) if isinstance(items, Sized) else None
    yield from tqdm(items, total=total, desc=what, unit=" rows", disable=not ctx.options.progress)


@contextmanager
def write_progress(ctx: ImportContext, what: str, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar for a write phase; yields the function the bulk writers call."""
    bar = tqdm(total=total, desc=what, unit=" records", disable=not ctx.options.progress)

    def step(n: int) -> None:
        bar.update(n)

    try:
        yield step
    finally:
        bar.close()


def number(text: str) -> float | None:
    """A number as files write it: '3,412' (decimal comma) or '3.412'; None when absent."""
    cleaned = text.strip()
    if cleaned in ("", "NA", "N/A", "null", "None", "-"):
        return None
    try:
        return float(cleaned.replace(",", "."))
    except ValueError:
        return None


def dataset_source(
    path: Path, known: dict[str, dict[str, Any]], default_title: str
) -> dict[str, Any]:
    """Source values for a file: its known dataset's description, or one made from its name.

    The key of an unknown file includes a digest of its content, so importing the same file
    again cites the same source, and an edited file is cited as a new version.
    """
    if path.name in known:
        return {"file_name": path.name, "kind": SourceKind.DATASET, **known[path.name]}
    return {
        "key": file_source_key("file", path),
        "title": f"{default_title}: {path.name}",
        "kind": SourceKind.DATASET,
        "file_name": path.name,
    }


def file_source_key(prefix: str, path: Path) -> str:
    return f"{prefix}-{slugify(path.stem)[:80]}-{file_sha256(path)[:10]}"
