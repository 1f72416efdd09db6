"""Decisions for the disclosure tests, the permission matrix and the benchmark.

``issue_fast`` issues a decision exactly as ``documents.services.issue`` does — rendered from the case
by docxtpl, numbered from the agency's series, the ``document_issued`` signal sent inside the
transaction — but without the LibreOffice conversion and the seal, which are the documents app's
business and cost seconds. Tests that prove the wiring use the real ``issue``.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhifa.cases import services as cases
from zhifa.testing import make_id_number, make_uscc

DECISION_FIELDS = {
    "evidence": "1. 现场检查笔录；\n2. 询问笔录；\n3. 过期牛奶照片12张。",
    "reasons": "当事人积极配合调查，依照裁量基准属一般情节。",
    "payment": "持本决定书到中国工商银行蚌埠分行各网点缴纳",
    "reconsideration_body": "蚌埠市人民政府",
    "court": "蚌埠市蚌山区人民法院",
}


def add_party(head, case, *, natural=False, name=None, id_number=None, address=None, phone=""):
    if natural:
        party = {"kind": "natural", "name": name or "王小二", "id_number": id_number or make_id_number(),
                 "address": address or "蚌埠市蚌山区涂山路8号", "phone": phone}
    else:
        party = {"kind": "legal", "name": name or "蚌埠市好运来食品有限公司", "uscc": make_uscc("340300"),
                 "legal_representative": "刘洋", "address": address or "蚌埠市龙子湖区东海大道100号", "phone": phone}
    cases.add_party(head, case, party)
    case.refresh_from_db()
    return case


def prepare(head, case, *, natural=False, facts=None, kinds=("fine",), fine=Decimal("50000.00"), **party):
    """Party, facts, provisions and penalty as an investigation leaves them."""
    add_party(head, case, natural=natural, **party)
    return cases.update_case(head, case, {
        "facts": facts or "当事人于2026年3月1日在其经营场所销售超过保质期的“好运”牌牛奶12盒，货值金额人民币360元。",
        "provisions_violated": "《中华人民共和国食品安全法》第三十四条第（十）项",
        "provisions_penalised": "《中华人民共和国食品安全法》第一百二十四条第一款",
        "penalty_kinds": list(kinds), "fine_amount": fine,
    })


def issue_fast(actor, case, code="penalty_decision", fields=None, *, on: datetime.date | None = None,
               supersedes=None, reason=""):
    """Issue ``code`` for ``case`` through the documents app's draft and the real signal, without LibreOffice.

    ``supersedes``: an issued document this one corrects (it keeps the number, the old one is superseded).
    """
    from zhifa.core import numbering
    from zhifa.documents import render
    from zhifa.documents import services as documents
    from zhifa.documents.models import Document
    from zhifa.documents.signals import document_issued
    from zhifa.ledger import blobs

    with transaction.atomic():
        draft = documents.create_draft(actor, case, code, DECISION_FIELDS if fields is None else fields,
                                       supersedes=supersedes, reason=reason)
        kind = draft.template.number_kind
        today = on or timezone.localdate()
        if supersedes is not None:
            number = supersedes.number
            Document.objects.filter(pk=supersedes.pk).update(status=Document.Status.SUPERSEDED,
                                                             superseded_at=timezone.now())
        else:
            number = numbering.allocate(case.agency, kind, on=today) if kind else ""
        with blobs.open_blob(draft.draft_sha256) as handle:
            final, _ = render.fill_marks(handle.read(), number=number, date=f"{today.year}年{today.month}月{today.day}日")
        issued_at = timezone.make_aware(datetime.datetime.combine(today, datetime.time(10))) if on else timezone.now()
        Document.objects.filter(pk=draft.pk).update(status=Document.Status.ISSUED, number=number,
                                                    pdf_sha256=blobs.put_bytes(final), page_count=1,
                                                    issued_at=issued_at, issued_by=actor)
        document = Document.objects.select_related("template", "case").get(pk=draft.pk)
        document_issued.send(sender=Document, document=document, actor=actor, docx=final, previous=supersedes)
        return document
