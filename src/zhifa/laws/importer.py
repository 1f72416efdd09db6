"""Reads a law as the national law database (国家法律法规数据库) publishes it, plain text or DOCX.

The published layout: the title, a parenthesised history (题注), an optional 目录 that repeats
the headings, then 第一编 / 第一章 / 第一节 headings and articles ``第一条　……``. An article's
first line and every later line are its 款; lines opening with ``（一）`` are 项 of the 款
before them. ``第十条之一`` is an inserted article.
"""

import io
import re
from dataclasses import dataclass, field

from .numerals import NUMERAL_CHARS, parse_numeral

_N = f"[{NUMERAL_CHARS}]+"
SPACE = "\u3000 \t\xa0"
ARTICLE_RE = re.compile(rf"^第({_N})条(?:之({_N}))?[{SPACE}]*(.*)$")
HEADING_RE = re.compile(rf"^第({_N})(编|分编|章|节)[{SPACE}]*(.*)$")
ITEM_RE = re.compile(rf"^[（(]({_N})[）)]")
TOC_RE = re.compile(rf"^目[{SPACE}]*录$")


class ImportError_(ValueError):
    """The text is not a law in the published layout; the message says where."""


@dataclass
class ParsedArticle:
    number: int
    suffix: int
    part: str
    chapter: str
    section: str
    paragraphs: list = field(default_factory=list)

    @property
    def text(self) -> str:
        lines = []
        for p in self.paragraphs:
            lines.append(p["text"])
            lines.extend(p["items"])
        return "\n".join(lines)


@dataclass
class ParsedLaw:
    title: str
    preamble: str
    articles: list

    @property
    def chapters(self) -> list[str]:
        return list(dict.fromkeys(a.chapter for a in self.articles if a.chapter))


def _squash(text: str) -> str:
    """Headings are spaced out for print (“总　　则”): drop inner spaces of a short heading."""
    return re.sub(f"[{SPACE}]+", "", text)


def _lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return [line.strip(SPACE) for line in text.split("\n") if line.strip(SPACE)]


def parse_text(text: str, *, partial: bool = False) -> ParsedLaw:
    """Split a law's text into articles, with their 编 / 章 / 节, 款 and 项.

    ``partial`` accepts selected articles (demo data, excerpts); otherwise numbering must be gap-free.
    """
    lines = _lines(text)
    if not lines:
        raise ImportError_("文件内容为空")
    title = _squash(lines[0])
    if ARTICLE_RE.match(title) or HEADING_RE.match(title):
        raise ImportError_("第1行应为法律法规标题，实际是条文或章节标题")
    preamble = []
    articles: list[ParsedArticle] = []
    part = chapter = section = ""
    in_toc = False
    for lineno, line in enumerate(lines[1:], start=2):
        if TOC_RE.match(line):
            in_toc = True
            continue
        heading = HEADING_RE.match(line)
        if heading:
            name = f"第{heading.group(1)}{heading.group(2)}　{_squash(heading.group(3))}".strip("　")
            kind = heading.group(2)
            if kind in ("编", "分编"):
                part, chapter, section = name, "", ""
            elif kind == "章":
                chapter, section = name, ""
            else:
                section = name
            continue
        match = ARTICLE_RE.match(line)
        if match:
            in_toc = False
            try:
                number = parse_numeral(match.group(1))
                suffix = parse_numeral(match.group(2)) if match.group(2) else 0
            except ValueError as exc:
                raise ImportError_(f"第{lineno}行“{line[:20]}”：条号有误，{exc}") from None
            if not partial:
                _check_order(articles, number, suffix, lineno, line)
            elif any(a.number == number and a.suffix == suffix for a in articles):
                raise ImportError_(f"第{lineno}行“{line[:20]}”：条号重复")
            article = ParsedArticle(number, suffix, part, chapter, section)
            if match.group(3):
                article.paragraphs.append({"text": match.group(3), "items": []})
            articles.append(article)
            continue
        if in_toc:
            continue
        if not articles:
            preamble.append(line)
            continue
        current = articles[-1]
        if ITEM_RE.match(line) and current.paragraphs:
            current.paragraphs[-1]["items"].append(line)
        else:
            current.paragraphs.append({"text": line, "items": []})
    if not articles:
        raise ImportError_("未识别到任何条文（应以“第一条”开头）")
    empty = [a for a in articles if not a.paragraphs]
    if empty:
        raise ImportError_(f"第{empty[0].number}条没有内容")
    return ParsedLaw(title=title, preamble="\n".join(preamble), articles=articles)


def _check_order(articles, number, suffix, lineno, line):
    expected = 1 if not articles else articles[-1].number + (0 if suffix else 1)
    if suffix:
        if not articles or articles[-1].number != number:
            raise ImportError_(f"第{lineno}行“{line[:20]}”：“之{suffix}”条文应紧随第{number}条")
        return
    if number != expected:
        raise ImportError_(f"第{lineno}行“{line[:20]}”：条号不连续，应为第{expected}条")


def docx_text(data: bytes) -> str:
    """The paragraphs of a DOCX file, one per line, as Word shows them."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for a damaged package
        raise ImportError_("无法读取DOCX文件，文件可能已损坏") from exc
    return "\n".join(p.text for p in document.paragraphs)


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportError_("无法识别文本编码（应为UTF-8或GB18030）")


def read_upload(name: str, data: bytes) -> str:
    if name.lower().endswith(".docx"):
        return docx_text(data)
    if name.lower().endswith((".txt", ".text")):
        return decode_text(data)
    raise ImportError_("只支持TXT或DOCX文件")
