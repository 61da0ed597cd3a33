"""'Who has solved this?': full-text search over practices and their adoptions.

One selector, two engines: SQLite's FTS5 on the default database, PostgreSQL's full-text
search in production. Both read the same normalised text (accents folded by `anyascii`,
lower-cased), so "Participatory BUDGETING", "participatory budgeting" and "orçamento"
versus "orcamento" match alike everywhere. A practice's document holds its title (weighted
highest), summary, problem, outcomes, topics, and every adoption's adaptation notes,
results and adopter name; `index_practices` rewrites the documents of the practices a
write touched and is called by the services (and in bulk by importers).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from anyascii import anyascii
from django.db import connection
from django.db.models import Prefetch

from citydiplomacy.practices.models import Adoption, Practice, SearchDocument

_TOKEN = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    return anyascii(text or "").lower()


def tokens(query: str) -> list[str]:
    return _TOKEN.findall(normalise(query))[:12]


def _document(practice: Practice) -> SearchDocument:
    parts = [practice.summary, practice.problem, practice.outcomes, practice.category]
    parts += [f"{t.slug} {t.name}" for t in practice.topics.all()]
    for adoption in practice.adoptions.all():
        adopter = adoption.adopter
        parts += [str(adopter or ""), adoption.adaptation_notes, adoption.results]
    return SearchDocument(
        practice=practice,
        title=normalise(practice.title),
        body=normalise("\n".join(p for p in parts if p)),
    )


def index_practices(practice_ids: Iterable[int]) -> None:
    """Rewrite the search documents of these practices (deleted ones drop out)."""
    ids = sorted(set(practice_ids))
    if not ids:
        return
    practices = Practice.objects.filter(pk__in=ids).prefetch_related(
        "topics",
        Prefetch("adoptions", Adoption.objects.select_related("city", "division")),
    )
    documents = [_document(p) for p in practices]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        SearchDocument.objects.filter(practice_id__in=chunk).delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                marks = ",".join("%s" for _ in chunk)
                cursor.execute(f"DELETE FROM practices_fts WHERE rowid IN ({marks})", chunk)
    SearchDocument.objects.bulk_create(documents, batch_size=500)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO practices_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [(d.practice_id, d.title, d.body) for d in documents],
            )


@dataclass
class Hit:
    practice_id: int
    rank: float


def ranked_practice_ids(query: str, candidates: list[int] | None = None) -> list[Hit]:
    """Practices matching every word of `query` (words may be prefixes), best first."""
    words = tokens(query)
    if not words:
        return []
    if connection.vendor == "postgresql":
        return _postgres(words, candidates)
    return _sqlite(words, candidates)


def _sqlite(words: list[str], candidates: list[int] | None) -> list[Hit]:
    match = " AND ".join(f'"{w}"*' for w in words)
    sql = (
        "SELECT rowid, bm25(practices_fts, 10.0, 1.0) AS score FROM practices_fts "
        "WHERE practices_fts MATCH %s ORDER BY score, rowid"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match])
        rows = cursor.fetchall()
    allowed = None if candidates is None else set(candidates)
    # bm25 is lower for better matches; report a rank where higher is better.
    return [Hit(int(pk), -float(score)) for pk, score in rows if allowed is None or pk in allowed]


def _postgres(words: list[str], candidates: list[int] | None) -> list[Hit]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector("title", weight="A", config="simple") + SearchVector(
        "body", weight="B", config="simple"
    )
    query = SearchQuery(" & ".join(f"{w}:*" for w in words), search_type="raw", config="simple")
    documents = SearchDocument.objects.annotate(
        found=vector, rank=SearchRank(vector, query)
    ).filter(found=query)
    documents = documents.filter(pk__in=candidates) if candidates is not None else documents
    ranked = documents.order_by("-rank", "pk").values_list("pk", "rank")
    return [Hit(int(pk), float(rank)) for pk, rank in ranked]
