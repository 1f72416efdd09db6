"""Small, valid PDFs written by the tests themselves, and independent checks of signed ones."""

import hashlib
import io
import re
import shutil
import subprocess

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

A4 = (0, 0, 595, 842)


def make_pdf(
    lines=("Administrative penalty decision", "No. 2026-001"), pages=1, media_box=A4, password=None
) -> bytes:
    """A PDF of ``pages`` A4 pages, each showing ``lines`` in Helvetica; AES-256 encrypted given a password."""
    writer = PdfFileWriter()
    if password:
        writer.encrypt(password, password)
    font = writer.add_object(
        generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Font"),
                pdf_name("/Subtype"): pdf_name("/Type1"),
                pdf_name("/BaseFont"): pdf_name("/Helvetica"),
            }
        )
    )
    for number in range(1, pages + 1):
        text = [b"BT /F1 14 Tf 72 760 Td 18 TL"]
        for line in [*lines, f"Page {number} of {pages}"]:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            text.append(b"(%s) Tj T*" % escaped.encode("latin-1"))
        text.append(b"ET")
        contents = writer.add_object(generic.StreamObject(stream_data=b"\n".join(text)))
        resources = generic.DictionaryObject(
            {pdf_name("/Font"): generic.DictionaryObject({pdf_name("/F1"): font})}
        )
        writer.insert_page(PageObject(contents=contents, media_box=media_box, resources=resources))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# Independent checks of a signed PDF: poppler's tools and pyHanko's validator, not our own code.


def _tool(name):
    path = shutil.which(name)
    assert path, f"{name} (Debian poppler-utils) is required: apt-get install -y poppler-utils"
    return path


def pdfsig(pdf: bytes, tmp_path) -> str:
    """poppler's report on every signature in ``pdf``."""
    path = tmp_path / f"pdfsig-{hashlib.sha256(pdf).hexdigest()[:12]}.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        [_tool("pdfsig"), "-no-ocsp", str(path)], capture_output=True, text=True, timeout=60
    )
    return result.stdout + result.stderr


def page_text(pdf: bytes, page: int, tmp_path) -> str:
    """Text poppler extracts from ``page`` (1-based): proves the CJK glyphs map back to Unicode."""
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    cmd = [_tool("pdftotext"), "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(path), "-"]
    return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=60).stdout


def decode_qr_codes(pdf: bytes, page: int, tmp_path) -> list[str]:
    """Render ``page`` (1-based) as poppler does and read every QR code on it, as a phone would."""
    import zxingcpp

    path = tmp_path / "qr.pdf"
    path.write_bytes(pdf)
    prefix = tmp_path / "qr-page"
    cmd = [_tool("pdftoppm"), "-r", "150", "-gray", "-singlefile", "-f", str(page), "-l", str(page)]
    subprocess.run([*cmd, str(path), str(prefix)], check=True, timeout=60)
    data = (tmp_path / "qr-page.pgm").read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    width, height = int(header[1]), int(header[2])
    pixels = memoryview(data[header.end() : header.end() + width * height]).cast("B", (height, width))
    return [code.text for code in zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)]


def pyhanko_status(pdf: bytes, trust_root_pem: bytes):
    """pyHanko's validation of the (only) signature, trusting ``trust_root_pem`` alone."""
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _, _, der = pem.unarmor(trust_root_pem)
    context = ValidationContext(trust_roots=[x509.Certificate.load(der)], allow_fetching=False)
    reader = PdfFileReader(io.BytesIO(pdf))
    signatures = reader.embedded_signatures
    return [validate_pdf_signature(sig, context) for sig in signatures], signatures
