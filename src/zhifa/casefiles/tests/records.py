"""Real records for the case-file tests: documents issued and evidence uploaded through their own apps.

Documents go through :func:`zhifa.documents.services.issue_document` (rendered, converted by
LibreOffice, sealed with the agency's demo certificate, filed in the blob store); evidence goes
through the evidence app's resumable upload (``start_upload`` + ``receive``), whose sniffer checks
that the bytes are what the name says. Issuing costs about 0.4 s, so each test issues only what
it needs.
"""

import datetime
import io
import os
import struct
import wave
import zlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhifa.cases import services as cases
from zhifa.documents import services as documents
from zhifa.evidence import services as evidence
from zhifa.evidence.models import Evidence
from zhifa.testing import make_uscc

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
PLACE = "蚌埠市龙子湖区东海大道100号"


def fresh(case):
    case.refresh_from_db()
    return case


# Documents ----------------------------------------------------------------------------------------

FIELDS = {
    "filing_approval": {"reasons": "现场检查发现当事人销售超过保质期的食品，涉嫌违反《中华人民共和国食品安全法》第三十四条",
                        "officer_opinion": "建议立案调查"},
    "inspection_record": {"inspected_at": "2026年3月5日9时至10时30分", "place": PLACE, "present": "刘洋（负责人）",
                          "findings": "货架上有超过保质期的“好运”牌牛奶12盒。"},
    "inquiry_record": {"asked_at": "2026年3月6日14时", "place": "蚌埠市市场监督管理局询问室", "respondent": "刘洋",
                       "respondent_identity": "当事人法定代表人",
                       # long enough for more than one page: the page numbers must run across documents
                       "qa": "\n".join(f"问：第{n}个问题，请如实回答，你店销售的牛奶从何处进货？\n答：从蚌埠市某食品批发部进货，"
                                       f"有进货单据，共进货{n}批次。" for n in range(1, 40))},
    "penalty_decision": {"evidence": "1. 现场检查笔录；\n2. 询问笔录；\n3. 过期牛奶照片12张。",
                         "reasons": "当事人积极配合调查，依照裁量基准属一般情节。",
                         "payment": "持本决定书到中国工商银行蚌埠分行各网点缴纳",
                         "reconsideration_body": "蚌埠市人民政府", "court": "蚌埠市蚌山区人民法院"},
    "closure_approval": {"execution": "罚款已全额缴纳", "officer_opinion": "建议结案"},
    "file_cover": {"retention": "定期30年"},
}


def issue(actor, case, template_code: str, **fields):
    """Issue a document of ``template_code`` with the usual fields (or those given) on the case as it is stored."""
    return documents.issue_document(actor, fresh(case), template_code, {**FIELDS.get(template_code, {}), **fields})


def add_party(head, case):
    cases.add_party(head, fresh(case), {"kind": "legal", "name": "蚌埠市好运来食品有限公司", "uscc": make_uscc("340300"),
                                        "legal_representative": "刘洋", "address": PLACE})
    return fresh(case)


def prepare_decision(head, case):
    """Party, facts, provisions and penalty: what the 行政处罚决定书 needs from the case."""
    if not case.case_parties.exists():
        add_party(head, case)
    return cases.update_case(head, fresh(case), {
        "facts": "当事人于2026年3月1日在其经营场所销售超过保质期的“好运”牌牛奶12盒，货值金额人民币360元。",
        "provisions_violated": "《中华人民共和国食品安全法》第三十四条第（十）项",
        "provisions_penalised": "《中华人民共和国食品安全法》第一百二十四条第一款",
        "penalty_kinds": ["fine"], "fine_amount": Decimal("5000.00"),
    })


def enter(head, case, stage: str):
    """Put the case into ``stage`` as :func:`zhifa.testing.make_case` does (a recorded stage entry).

    The guards of a real transition (approvals, required documents and AV records) are the cases
    app's subject; here only the stage a document is drawn up in matters.
    """
    case = fresh(case)
    with transaction.atomic():
        cases._enter(head, case, stage, transition="测试")
        case.version += 1
        case.save()
    return fresh(case)


# Evidence -----------------------------------------------------------------------------------------


def png(shade: int = 0, width: int = 64, height: int = 48) -> bytes:
    """A small real PNG (RFC 2083), grey with a blue stripe; ``shade`` makes each photo's bytes its own."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    grey = bytes((200 - shade % 100,) * 3)
    rows = b"".join(b"\x00" + (bytes((30, 90, 160)) if 20 <= y < 28 else grey) * width for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def mp4(size: int = 40_000) -> bytes:
    """An MP4 container head (ftyp box) and its payload, as the sniffer of the evidence app recognises it."""
    return MP4_HEAD + os.urandom(size - len(MP4_HEAD))


def wav(seconds: float = 0.5) -> bytes:
    """A real WAV recording (8 kHz, 16-bit mono) of a quiet tone."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"".join(struct.pack("<h", (n % 40 - 20) * 50) for n in range(int(8000 * seconds))))
    return buffer.getvalue()


def upload(actor, case, content: bytes, filename: str, **metadata) -> Evidence:
    """Store a file as a phone would: the resumable upload, all of it in one request."""
    started = evidence.start_upload(actor, fresh(case), length=len(content), metadata={"filename": filename, **metadata})
    evidence.receive(actor, started, io.BytesIO(content), offset=0, content_length=len(content))
    started.refresh_from_db()
    return started.evidence


def photo(actor, case, title: str, filename: str = "", **metadata) -> Evidence:
    return upload(actor, case, png(Evidence.objects.count() + 1), filename or f"{title}.png", title=title, kind="photo",
                  **metadata)


def av_record(actor, case, title: str, collector, *, kind: str = "video", filename: str = "", device=None,
              ended_hours_ago: float = 1) -> Evidence:
    """A video (MP4) or a recording (WAV) with the facts R3 asks of every AV record."""
    end = timezone.now() - datetime.timedelta(hours=ended_hours_ago)
    content, extension = (mp4(), "mp4") if kind == "video" else (wav(), "wav")
    metadata = {"title": title, "kind": kind, "captured_from": (end - datetime.timedelta(minutes=20)).isoformat(),
                "captured_to": end.isoformat(), "place": PLACE, "collector": str(collector.pk),
                "object_to_prove": "当事人销售过期食品的事实"}
    if device is not None:
        metadata["device"] = str(device.pk)
    return upload(actor, case, content, filename or f"{title}.{extension}", **metadata)
