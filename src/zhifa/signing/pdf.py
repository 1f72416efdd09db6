"""Stamping and signing a PDF with pyHanko: pure functions, no database, usable by tests and tools.

One incremental revision adds the verification QR code (first page, bottom left) and a PAdES
signature (``ETSI.CAdES.detached``, SHA-256, signing-certificate-v2: PAdES-B-B) whose visible
seal (last page, bottom right) shows the agency's name and the signing time. Both sit in the
bottom margin of GB/T 9704 official-document pages (35 mm), so they do not cover the text.

Chinese needs an embedded CJK font: pyHanko's OpenType engine subsets Noto Sans CJK SC (Debian's
``fonts-noto-cjk``). Subsetting the whole 65,000-glyph font took about a second per stamp, so the
face is first cut down, once per process and character set, to the characters a stamp can show
(the fixed captions, digits and the agency's name); pyHanko then subsets that small font.
"""

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.api import FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.stamp import QRPosition, QRStamp, QRStampStyle, TextStampStyle

from .pki import SigningUnavailable

DEFAULT_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
DEFAULT_FONT_FACE = "NotoSansCJKsc-Regular"
SEAL_RED = (0.78, 0.07, 0.09)
MARGIN_X, MARGIN_Y = 42, 22  # points from the page edge
SEAL_BOX = (190, 74)
QR_BOX = (150, 66)


class PdfRejected(Exception):
    """The bytes given are not a PDF this service can sign; the message says why, in Chinese."""


# The CJK font.


@functools.cache
def _font_bytes(path: str, face: str) -> bytes:
    """One face of a font file (a .ttc collection holds several) as a standalone OpenType font."""
    from fontTools.ttLib import TTCollection

    font_path = Path(path)
    if not font_path.exists():
        raise SigningUnavailable(f"找不到签章用中文字体 {path}（请安装 fonts-noto-cjk）")
    if font_path.suffix.lower() != ".ttc":
        return font_path.read_bytes()
    collection = TTCollection(str(font_path), lazy=True)
    for font in collection.fonts:
        if font["name"].getDebugName(6) == face:
            buffer = io.BytesIO()
            font.save(buffer)
            return buffer.getvalue()
    raise SigningUnavailable(f"字体文件 {path} 中没有 {face}")


def font_bytes() -> bytes:
    return _font_bytes(
        str(getattr(settings, "SIGNING_FONT", DEFAULT_FONT)),
        getattr(settings, "SIGNING_FONT_FACE", DEFAULT_FONT_FACE),
    )


# Characters every stamp may show besides the agency's name: captions, the signing time, punctuation.
STAMP_CHARACTERS = "扫码核验文书真伪电子签章年月日时分0123456789:：-（）() \n"


@functools.lru_cache(maxsize=64)
def _subset_bytes(full: bytes, characters: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = ["*"]
    font = TTFont(io.BytesIO(full))
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def stamp_font_bytes(characters: str = "") -> bytes:
    """The signing face cut down to ``characters`` plus :data:`STAMP_CHARACTERS` (cached)."""
    return _subset_bytes(font_bytes(), "".join(sorted(set(STAMP_CHARACTERS + characters))))


@dataclass(frozen=True)
class CJKFontFactory(FontEngineFactory):
    """pyHanko's own factory wants a path to a single-font file; this one serves a cut-down face of a collection."""

    font_size: int = 10
    characters: str = ""

    def create_font_engine(self, writer, obj_stream=None):
        if obj_stream is None and writer.stream_xrefs:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(stamp_font_bytes(self.characters)),
            font_size=self.font_size,
            bcp47_lang_code="zh-CN",
            obj_stream=obj_stream,
        )


def _text_style(size, color=None, characters="") -> TextBoxStyle:
    return TextBoxStyle(font=CJKFontFactory(size, characters), font_size=size, leading=size + 3, text_color=color)


def seal_style(agency_name: str) -> TextStampStyle:
    return TextStampStyle(
        stamp_text="%(agency)s\n电子签章\n%(signed_at)s",
        text_box_style=_text_style(10, SEAL_RED, agency_name),
        border_width=2,
        border_color=SEAL_RED,
    )


QR_STYLE = QRStampStyle(
    stamp_text="扫码核验\n文书真伪",
    text_box_style=_text_style(9),
    border_width=0,
    qr_position=QRPosition.LEFT_OF_TEXT,
)


def _wrap(text: str, width: int = 13) -> str:
    """Long agency names go over two or three lines; the stamp shrinks what still does not fit."""
    return "\n".join(text[i : i + width] for i in range(0, len(text), width)) or text


def _media_box(writer, page_ix) -> tuple[float, float, float, float]:
    page_ref, _ = writer.find_page_for_modification(page_ix)
    page = page_ref.get_object()
    while page is not None:
        if "/MediaBox" in page:
            x0, y0, x1, y1 = (float(v) for v in page["/MediaBox"])
            return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
        page = page.get("/Parent")
    return 0.0, 0.0, 595.0, 842.0  # A4, when a broken file names no box


def _open(pdf_bytes: bytes) -> IncrementalPdfFileWriter:
    if not pdf_bytes.startswith(b"%PDF-"):
        raise PdfRejected("文件不是PDF格式")
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
        encrypted = writer.prev.encrypted
    except Exception as exc:  # a damaged file can fail anywhere in the parser (xref, zlib, numbers ...)
        raise PdfRejected(f"PDF文件已损坏，无法读取：{exc}") from exc
    if encrypted:
        raise PdfRejected("不能签署加密的PDF文件")
    return writer


class _SealSigner(signers.PdfSigner):
    """Signs with a fixed signing time, so the seal, the CMS ``signingTime`` and the record agree."""

    def __init__(self, *args, signing_time, **kwargs):
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._signing_time
        return session


def stamp_and_sign(
    pdf_bytes: bytes, material, *, verify_url: str, agency_name: str, signed_at, reason: str, field_name: str
) -> bytes:
    """The signed PDF: QR code to ``verify_url`` and visible seal, both covered by the signature.

    ``field_name`` must be new to the document: a PDF may carry several signatures, one field each.
    """
    writer = _open(pdf_bytes)
    try:
        x0, y0, _, _ = _media_box(writer, 0)
        QRStamp(writer, verify_url, QR_STYLE, box=layout.BoxConstraints(*QR_BOX)).apply(
            0, x0 + MARGIN_X, y0 + MARGIN_Y
        )

        _, y0, x1, _ = _media_box(writer, -1)
        seal_box = (x1 - MARGIN_X - SEAL_BOX[0], y0 + MARGIN_Y, x1 - MARGIN_X, y0 + MARGIN_Y + SEAL_BOX[1])
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=reason,
            name=agency_name,
        )
        signer = _SealSigner(
            meta,
            material.pyhanko_signer(),
            stamp_style=seal_style(agency_name),
            new_field_spec=fields.SigFieldSpec(field_name, on_page=-1, box=seal_box),
            signing_time=signed_at,
        )
        output = signer.sign_pdf(
            writer,
            appearance_text_params={
                "agency": _wrap(agency_name),
                "signed_at": f"{signed_at:%Y年%m月%d日 %H:%M}",
            },
        )
    except SigningUnavailable:
        raise
    except Exception as exc:  # damaged objects surface only when the pages are read and written
        raise PdfRejected(f"无法在该PDF文件上签章：{exc}") from exc
    return output.getvalue()
