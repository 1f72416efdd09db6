"""Write the shipped DOCX templates from :mod:`.catalogue` in one unified format (R1).

Run ``python -m zhifa.documents.build_templates`` after changing a spec; the generated files under
``data/`` are committed, so a running system never needs python-docx's writer.

The format: A4, margins of GB/T 9704 (37 mm top, 35 mm bottom — the bottom margin holds the QR code
and the electronic seal the signing step adds), Noto Serif CJK SC (a 宋体-style face shipped by
Debian's fonts-noto-cjk, so LibreOffice embeds the very font the template names) for the body,
Noto Sans CJK SC bold for the agency heading; then the title, the number line, the body, and the
signature area.
"""

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .catalogue import DATE_MARK, NUMBER_MARK, SPECS, Spec

OUT = Path(__file__).resolve().parent / "data"
SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
BODY_SIZE = Pt(12)


def _fonts(run_or_style, face):
    """Set every script's font: Word picks eastAsia for Chinese, ascii/hAnsi for Latin and digits."""
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), face)


def _set_lang(rpr):
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _language(style):
    """Simplified Chinese: LibreOffice then picks the SC faces of the Noto CJK collections, not the JP ones."""
    _set_lang(style.element.get_or_add_rPr())


def _paragraph(doc_or_cell, text, *, size=BODY_SIZE, bold=False, align=None, face=SERIF, indent=False, space_after=0):
    paragraph = doc_or_cell.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE
    fmt.space_after = Pt(space_after)
    if indent:
        fmt.first_line_indent = Pt(24)
    run = paragraph.add_run(text)
    run.font.size = size
    run.bold = bold
    _fonts(run, face)
    return paragraph


def _document():
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    _fonts(normal, SERIF)
    _language(normal)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for rpr in defaults.iter(qn("w:rPr")):
            _set_lang(rpr)
    # The first paragraph of a new python-docx document is empty; reuse nothing, remove it.
    for paragraph in list(document.paragraphs):
        paragraph._element.getparent().remove(paragraph._element)
    return document


def _table(document, pairs):
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in pairs:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Mm(40), Mm(116)
        cells[0].paragraphs[0].add_run(label)
        _fonts(cells[0].paragraphs[0].runs[0], SERIF)
        cells[0].paragraphs[0].runs[0].bold = True
        run = cells[1].paragraphs[0].add_run(value)
        _fonts(run, SERIF)
    return table


def _rows(document, variable, columns):
    """A header row, then one row per item: docxtpl's ``{%tr for %}`` repeats the middle row."""
    table = document.add_table(rows=4, cols=len(columns))
    table.style = "Table Grid"
    for i, name in enumerate(columns):
        run = table.rows[0].cells[i].paragraphs[0].add_run(name)
        run.bold = True
        _fonts(run, SERIF)
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for row in f['{variable}'] %}}")
    for i in range(len(columns)):
        run = table.rows[2].cells[i].paragraphs[0].add_run(f"{{{{ row[{i}] }}}}")
        _fonts(run, SERIF)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    return table


def build(spec: Spec) -> Document:
    document = _document()
    _paragraph(document, "{{ agency.name }}", size=Pt(16), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, face=SANS)
    _paragraph(document, spec.title, size=Pt(22), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    number = NUMBER_MARK if spec.number_kind else "案件编号：{{ case.number }}"
    _paragraph(document, number, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=6)
    for block in spec.blocks:
        kind = block[0]
        if kind == "para":
            _paragraph(document, block[1], indent=True)
        elif kind == "table":
            _table(document, block[1])
        elif kind == "rows":
            _rows(document, block[1], block[2])
        else:  # pragma: no cover - a spec error, caught when building
            raise ValueError(f"unknown block {kind}")
    _paragraph(document, "")
    if spec.signature == "record":
        _paragraph(document, "当事人（见证人）签名：　　　　　　　　执法人员签名：")
        _paragraph(document, f"日期：{DATE_MARK}")
    elif spec.signature == "form":
        _paragraph(document, f"{{{{ agency.name }}}}　{DATE_MARK}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    else:
        _paragraph(document, "{{ agency.name }}（印章）", align=WD_ALIGN_PARAGRAPH.RIGHT)
        _paragraph(document, DATE_MARK, align=WD_ALIGN_PARAGRAPH.RIGHT)
    return document


def main(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in SPECS:
        path = out / f"{spec.code}.docx"
        document = build(spec)
        document.core_properties.title = spec.title
        document.core_properties.author = "Zhifa"
        document.save(path)
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    for written_path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(written_path)
