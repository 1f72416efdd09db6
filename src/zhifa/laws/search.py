"""Full-text search over articles with jieba segmentation, on a portable token table.

Chinese has no spaces, so neither SQLite FTS5's default tokenizer nor PostgreSQL's ``simple``
configuration can split it; both would need the text pre-segmented by jieba anyway. The
segmented tokens are therefore stored once in :class:`~zhifa.laws.models.ArticleTerm` and
queried with plain SQL that behaves identically on both databases (docs/rules.md).
"""

import functools
import logging
import re
from collections import Counter

import jieba

jieba.setLogLevel(logging.WARNING)

_WORD = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")
STOPWORDS = frozenset("的 了 和 与 及 或 或者 等 对 在 是 为 以 由 其 之 被 并 应当 可以 下列 有关".split())


def terms(text: str) -> Counter:
    """Search tokens of ``text``: jieba's search-mode cut, so 食品安全法 also yields 食品 / 安全."""
    return Counter(dict(_terms(text or "")))


@functools.lru_cache(maxsize=8192)
def _terms(text: str) -> tuple:
    # Segmenting is the slow part of an import; the same article text always gives the same tokens.
    counter = Counter()
    for token in jieba.cut_for_search(text):
        token = token.strip()
        if not token or not _WORD.search(token) or token in STOPWORDS or len(token) > 50:
            continue
        counter[token] += 1
    return tuple(counter.items())


def index_articles(articles):
    from .models import ArticleTerm

    rows = []
    for article in articles:
        source = " ".join(filter(None, [article.chapter, article.section, article.text]))
        rows.extend(ArticleTerm(article=article, term=t, count=n) for t, n in terms(source).items())
    ArticleTerm.objects.bulk_create(rows, batch_size=2000)


def search(query: str, *, current_only=True, law=None, limit=50):
    """Articles containing every token of ``query``, most occurrences first."""
    from django.db.models import Count, Sum

    from .models import Article, ArticleTerm

    wanted = set(terms(query))
    if not wanted:
        return []
    matches = ArticleTerm.objects.filter(term__in=wanted)
    if current_only:
        matches = matches.filter(article__version__is_current=True)
    if law is not None:
        matches = matches.filter(article__version__law=law)
    ranked = (
        matches.values("article")
        .annotate(hits=Count("term", distinct=True), score=Sum("count"))
        .filter(hits=len(wanted))
        .order_by("-score", "article")[:limit]
    )
    ranked = list(ranked)
    by_id = Article.objects.select_related("version__law").in_bulk([r["article"] for r in ranked])
    return [by_id[r["article"]] for r in ranked]
