"""Full-text search over published decisions: jieba tokens in PostgreSQL full text or SQLite FTS5.

The law library keeps its tokens in a portable table (docs/rules.md), which suits thousands of
articles. Published decisions run to millions, so here the database's own full-text index does the
work, fed with the same jieba segmentation (``zhifa.laws.search.terms``):

* PostgreSQL: a stored generated column ``search tsvector`` built with ``array_to_tsvector`` from
  the space-separated tokens — no text-search parser touches the Chinese — with a GIN index. A query
  is cast to ``tsquery`` from quoted lexemes, so it too bypasses the parser.
* SQLite: an FTS5 table ``disclosure_decision_fts`` (rowid = decision id) whose ``unicode61``
  tokenizer splits the tokens on the spaces between them; a query is a conjunction of quoted phrases.

Both are created by migration 0002; :func:`index` keeps SQLite's table in step (PostgreSQL's column
maintains itself).
"""

import contextlib

from django.db import connection, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from zhifa.laws.search import terms

FTS_TABLE = "disclosure_decision_fts"
MAX_TERMS = 12


def tokens_for(*texts: str) -> str:
    """The index text of a decision: its distinct jieba tokens, lower-cased, space-separated."""
    seen = dict.fromkeys(t.lower() for text in texts for t in terms(text or ""))
    return " ".join(token for token in seen if " " not in token)


def query_terms(query: str) -> list[str]:
    """The tokens a decision must hold. jieba's search mode gives a word and its parts (婴幼儿 and 幼儿): a text
    holding the word was indexed with its parts too, so the parts add nothing but misleading statistics and
    are dropped; so are single characters beside longer words (不 of 不合格), too common to narrow anything."""
    words = list(dict.fromkeys(t.lower() for t in terms(query or "")))
    longest = [w for w in words if not any(w != other and w in other for other in words)]
    if any(len(w) > 1 for w in longest):
        longest = [w for w in longest if len(w) > 1 or w.isascii()]
    return longest[:MAX_TERMS]


def _postgres_query(words) -> str:
    return " & ".join("'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in words)


def _sqlite_query(words) -> str:
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in words)


def match(queryset, query: str):
    """Narrow ``queryset`` (of PublishedDecision) to decisions holding every token of ``query``."""
    words = query_terms(query)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        # A predicate on the row itself (not ``id IN (…)``), so the planner may walk the date index and stop
        # after a page of matches for a common word, or use the GIN index for a rare one.
        return queryset.filter(RawSQL('"disclosure_publisheddecision"."search" @@ %s::tsquery',
                                      [_postgres_query(words)], output_field=BooleanField()))
    return queryset.filter(pk__in=RawSQL(
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [_sqlite_query(words)]))


@contextlib.contextmanager
def planned(*, date_order: bool = False):
    """A read under PostgreSQL planner settings for this transaction only; on SQLite nothing at all (there a
    transaction would take the write lock, IMMEDIATE, for a page that only reads).

    Always no JIT compilation: a portal query reads a page, and compiling costs more. With ``date_order``
    the date index is walked rather than every match sorted: a query's words are correlated (虚假 and 广告
    come together), so the planner, multiplying their frequencies, can think 30,000 matches are 3 and fetch
    and sort them all for a page of 20. When the capped count has already seen more matches than the cap,
    walking an index that is already in date order and stopping after a page is the cheap way (no bitmap,
    no sort, no parallel workers for a query that reads a few hundred rows).
    """
    if connection.vendor != "postgresql":
        yield
        return
    statements = ["SET LOCAL jit = off"]
    if date_order:
        statements += ["SET LOCAL enable_bitmapscan = off", "SET LOCAL enable_sort = off",
                       "SET LOCAL max_parallel_workers_per_gather = 0"]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("; ".join(statements))
        yield


def index(decision):
    """Add a new snapshot to SQLite's FTS table (PostgreSQL's generated column needs nothing)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # A row left behind by a flushed test database must not answer for a new decision with its id.
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [decision.pk])
            cursor.execute(f"INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (%s, %s)", [decision.pk, decision.tokens])


POSTGRES_SQL = [
    "ALTER TABLE disclosure_publisheddecision ADD COLUMN search tsvector "
    "GENERATED ALWAYS AS (array_to_tsvector(string_to_array(tokens, ' '))) STORED",
    "CREATE INDEX disclosure_published_search ON disclosure_publisheddecision USING gin (search)",
    # Finer statistics of the words: the planner then knows a rare word (GIN, then sort) from a common one
    # (walk the date index and stop after a page of matches).
    "ALTER TABLE disclosure_publisheddecision ALTER COLUMN search SET STATISTICS 1000",
]
POSTGRES_REVERSE = ["ALTER TABLE disclosure_publisheddecision DROP COLUMN search"]
SQLITE_SQL = [f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(tokens, tokenize='unicode61')"]
SQLITE_REVERSE = [f"DROP TABLE {FTS_TABLE}"]


def create_index(apps, schema_editor):
    statements = POSTGRES_SQL if schema_editor.connection.vendor == "postgresql" else SQLITE_SQL
    for statement in statements:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    statements = POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    for statement in statements:
        schema_editor.execute(statement)
