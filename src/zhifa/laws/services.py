"""Every change to the law library (I6): imports, new versions, status changes — journalled."""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhifa.ledger.services import append

from .importer import ImportError_, parse_text, read_upload
from .models import Article, Law, LawVersion
from .permissions import can_manage_library
from .search import index_articles

SYSTEM = object()  # the actor of management commands and shipped data loads


def _require_manager(actor):
    if actor is SYSTEM:
        return None
    if not can_manage_library(actor):
        raise PermissionDenied("只有系统管理员可以维护法律法规库")
    return actor


@transaction.atomic
def import_law(actor, *, text: str = "", upload=None, metadata: dict, partial: bool = False) -> LawVersion:
    """Import one text of a law as its new current version; the law is created on first import.

    ``metadata``: level, issuing_body, promulgated_on, effective_on, short_titles, label, status.
    The title comes from the text's first line unless ``metadata["title"]`` is given.
    """
    actor = _require_manager(actor)
    source_name = ""
    if upload is not None:
        data = upload.read()
        source_name = upload.name
        try:
            text = read_upload(upload.name, data)
        except ImportError_ as exc:
            raise ValidationError({"file": str(exc)}) from None
    else:
        data = (text or "").encode("utf-8")
    try:
        parsed = parse_text(text, partial=partial)
    except ImportError_ as exc:
        raise ValidationError({"file": str(exc)}) from None
    meta = dict(metadata)
    title = (meta.pop("title", "") or parsed.title).strip()
    label = meta.pop("label", "")
    law = Law.objects.select_for_update().filter(title=title).first()
    created = law is None
    if created:
        law = Law(title=title)
    for name in ("level", "issuing_body", "promulgated_on", "effective_on", "short_titles", "status"):
        if meta.get(name) not in (None, ""):
            setattr(law, name, meta[name])
    if not created:
        law.changed_on = meta.get("effective_on") or meta.get("promulgated_on") or law.changed_on
    law.full_clean()
    law.save()
    law.versions.filter(is_current=True).update(is_current=False)
    version = LawVersion(
        law=law, label=label, promulgated_on=meta.get("promulgated_on"), effective_on=meta.get("effective_on"),
        is_current=True, source_name=source_name, source_sha256=hashlib.sha256(data).hexdigest(),
        preamble=parsed.preamble,
    )
    version.full_clean()
    version.save()
    articles = Article.objects.bulk_create(
        Article(version=version, ordinal=i, number=a.number, suffix=a.suffix, part=a.part, chapter=a.chapter,
                section=a.section, paragraphs=a.paragraphs, text=a.text)
        for i, a in enumerate(parsed.articles, start=1)
    )
    if not articles[0].pk:  # backends that do not return ids from bulk inserts
        articles = list(version.articles.all())
    index_articles(articles)
    append(
        "law.imported" if created else "law.revised", law, None if actor is SYSTEM else actor, None,
        {"title": law.title, "version": version.pk, "label": label, "articles": len(articles),
         "chapters": len(parsed.chapters), "sha256": version.source_sha256},
    )
    return version


@transaction.atomic
def update_law(actor, law: Law, data: dict) -> Law:
    """Status, short titles, dates. Repeal or amendment moves ``changed_on`` (P9 staleness)."""
    actor = _require_manager(actor)
    law = Law.objects.select_for_update().get(pk=law.pk)
    before = {k: str(getattr(law, k)) for k in data}
    for name, value in data.items():
        if name not in {"short_titles", "issuing_body", "level", "status", "promulgated_on", "effective_on", "changed_on"}:
            raise ValidationError({name: "该字段不能修改"})
        setattr(law, name, value)
    law.full_clean()
    law.save()
    changes = {k: [before[k], str(getattr(law, k))] for k in data if before[k] != str(getattr(law, k))}
    append("law.updated", law, None if actor is SYSTEM else actor, None, {"changes": changes})
    return law
