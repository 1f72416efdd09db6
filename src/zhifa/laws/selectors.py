"""Reads of the law library. Laws are public norms: every signed-in user reads all of them."""

from django.db.models import Count, Q

from . import search as _search
from .models import Article, Law


def laws(user, *, q: str = "", level: str = "", status: str = ""):
    if not user.is_authenticated:
        return Law.objects.none()
    queryset = Law.objects.annotate(
        article_count=Count("versions__articles", filter=Q(versions__is_current=True))
    ).order_by("title")
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(issuing_body__icontains=q))
    if level:
        queryset = queryset.filter(level=level)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def law_articles(user, law):
    if not user.is_authenticated:
        return Article.objects.none()
    return Article.objects.filter(version__law=law, version__is_current=True)


def search_articles(user, query: str, *, law=None, limit=50):
    if not user.is_authenticated:
        return []
    return _search.search(query, law=law, limit=limit)
