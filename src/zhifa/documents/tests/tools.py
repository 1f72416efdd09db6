"""Independent checks of a PDF with poppler's tools: its text, its fonts, its signatures."""

import re
import subprocess

from zhifa.signing.tests.pdfs import _tool, pdfsig  # noqa: F401 - re-exported for the tests


def pdf_text(pdf: bytes, tmp_path) -> str:
    """All text poppler extracts, without the spaces and line breaks it inserts between glyph runs."""
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    return re.sub(r"\s+", "", out)


def pdf_fonts(pdf: bytes, tmp_path) -> list[tuple[str, str]]:
    """(font name, embedded yes/no) for every font of the PDF, as ``pdffonts`` reports them."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True, timeout=60).stdout
    fonts = []
    for line in out.splitlines()[2:]:
        columns = line.split()
        # name type [type2] encoding emb sub uni object ID: "emb" is the 5th column from the end
        fonts.append((columns[0], columns[-5]))
    return fonts


def edit_docx(docx: bytes, old: str, new: str) -> bytes:
    """What an officer's edit in a word processor amounts to: the body text changed, the rest kept."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert old in text, f"{old} not in the document"
                data = text.replace(old, new).encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()
