"""The citation parser used everywhere: legal bases in decisions, powers lists and benchmarks.

``parse(text)`` finds references such as ``《中华人民共和国食品安全法》第三十四条第一款第（二）项``
and returns one :class:`Citation` per article / paragraph / item cited. It understands what
penalty decisions actually write: abbreviated titles (《食品安全法》), Arabic or Chinese
numerals, items with or without brackets (第（二）项, 第三项, （二）项), lists joined by 、 和 及
以及 与 or a comma followed by 第, item lists (第（一）、（二）项), ranges (第六十七条至第六十九条),
inserted articles (第十条之一), defined short titles (“以下简称《食品安全法》”), and back
references: 同法 / 该法 / 本法 (the law cited last, or the ``context`` law), 同条 / 该条 / 本条,
前款 / 本款 (relative to the paragraph last cited or the ``context`` paragraph).

Citations are linked to the library (``law_id``, ``article_id``) where the law is present.
"""

import re
from dataclasses import dataclass, field, replace

from .numerals import NUMERAL_CHARS, parse_numeral, to_numeral

_N = f"[{NUMERAL_CHARS}]+"
_ITEM = rf"[（(]{_N}[）)]"
_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<title>《[^《》]{2,100}》)",
            r"(?P<alias>[（(](?:以下简称|以下称|下称|简称)[“\"《]?(?P<alias_name>[^）)”\"》]{1,40})[”\"》]?[）)])",
            r"(?P<reflaw>同法|该法|本法|上述法律|该条例|同条例|本条例|该规定|本规定|该办法|本办法|该细则|本细则)",
            r"(?P<refart>同条|该条|本条)",
            r"(?P<refpara>前款|本款)",
            rf"(?P<art>第(?P<art_n>{_N})条(?:之(?P<art_s>{_N}))?)",
            rf"(?P<art_list>第(?P<art_ns>{_N}(?:[、和及]{_N})+)条)",
            rf"(?P<para>第(?P<para_n>{_N}(?:[、和及]{_N})*)款)",
            rf"(?P<item>第(?P<item_list>(?:{_ITEM}|{_N})(?:[、和及]?第?{_ITEM}|[、和及]{_N})*)项)",
            rf"(?P<art_bare>(?P<art_bare_n>{_N})条(?:之(?P<art_bare_s>{_N}))?)",
            rf"(?P<bare_item>(?P<bare_list>{_ITEM}(?:[、和及]{_ITEM})*)项)",
            r"(?P<range>至)",
            r"(?P<sep>以及|或者|[、，,和及与或])",
            r"(?P<space>[\s\u3000]+)",
        ]
    )
)
_SENTENCE_END = set("。；;！？!?\n")


@dataclass
class Citation:
    law_title: str
    article: int
    article_suffix: int = 0
    paragraph: int | None = None
    item: int | None = None
    written_title: str = ""
    law_id: int | None = None
    article_id: int | None = None
    start: int = 0
    end: int = 0
    notes: list = field(default_factory=list)

    @property
    def label(self) -> str:
        text = f"《{self.law_title}》" if self.law_title else ""
        text += f"第{to_numeral(self.article)}条"
        if self.article_suffix:
            text += f"之{to_numeral(self.article_suffix)}"
        if self.paragraph:
            text += f"第{to_numeral(self.paragraph)}款"
        if self.item:
            text += f"第（{to_numeral(self.item)}）项"
        return text

    @property
    def linked(self) -> bool:
        return self.article_id is not None

    def key(self) -> tuple:
        return (self.law_title, self.article, self.article_suffix, self.paragraph, self.item)

    def as_dict(self) -> dict:
        return {
            "law_title": self.law_title,
            "article": self.article,
            "article_suffix": self.article_suffix,
            "paragraph": self.paragraph,
            "item": self.item,
            "label": self.label,
            "law_id": self.law_id,
            "article_id": self.article_id,
        }


def _items(text: str) -> list[int]:
    return [parse_numeral(n) for n in re.findall(f"{_N}", text)]


class _Parser:
    def __init__(self, text, context, aliases, known_titles=None):
        self.text = text
        self.known_titles = known_titles
        self.aliases = dict(aliases)
        self.results: list[Citation] = []
        self.context = context
        self.law = context.law_title if context else ""  # the law bare references attach to
        self.sentence_law = self.law
        self.current: Citation | None = None  # the citation the next 款/项 refines
        self.chain = False  # inside a list of references
        self.pending_range = False
        self.written = self.law

    def run(self):
        pos = 0
        text = self.text
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if not match and self.known_titles is not None:
                bare = self.known_titles.match(text, pos)
                if bare:
                    self._title(bare.group(0))
                    pos = bare.end()
                    continue
            if not match:
                self._break(text[pos])
                pos += 1
                continue
            self._token(match)
            pos = match.end()
        return self.results

    def _break(self, char):
        self.chain = False
        self.current = None
        self.pending_range = False
        if char in _SENTENCE_END:
            self.sentence_law = self.law if self.context else ""

    def _token(self, m):
        # The outer group closes last, so ``lastgroup`` names the token, not its inner number.
        try:
            getattr(self, f"_on_{m.lastgroup}")(m)
        except ValueError:  # a malformed numeral (第十十条) is not a reference
            self._break("")

    def _on_space(self, m):
        pass

    def _on_sep(self, m):
        if not self.chain:
            return
        if m.group("sep") in "，," and not self._next_is_reference(m.end()):
            self._break("，")

    def _next_is_reference(self, pos) -> bool:
        nxt = _TOKEN.match(self.text, pos)
        while nxt and nxt.group("space"):
            nxt = _TOKEN.match(self.text, nxt.end())
        return bool(nxt and any(nxt.group(k) for k in ("art", "art_list", "para", "item", "bare_item")))

    def _on_title(self, m):
        self._title(m.group("title")[1:-1].strip())

    def _title(self, written):
        self.sentence_law = self.aliases.get(written, written)
        self.written = written
        self.current = None
        self.chain = True

    def _on_alias(self, m):
        # 《中华人民共和国食品安全法》（以下简称《食品安全法》）: the short title now means the full one.
        if self.sentence_law:
            self.aliases[m.group("alias_name").strip()] = self.sentence_law
        self.chain = True

    def _on_reflaw(self, m):
        last = self.results[-1].law_title if self.results else ""
        word = m.group("reflaw")
        if word.startswith("本") and self.context:
            self.sentence_law = self.context.law_title
        elif last:
            self.sentence_law = last
        self.written = word
        self.current = None
        self.chain = True

    def _on_refart(self, m):
        last = self.results[-1] if self.results else None
        base = self.context if m.group("refart") == "本条" and self.context else (last or self.context)
        if base is None or not base.law_title:
            self._break("")
            return
        self._emit(m, replace(base, paragraph=None, item=None), written=m.group("refart"))

    def _on_refpara(self, m):
        base = self.current or (self.results[-1] if self.results else None) or self.context
        if base is None or not base.law_title or not base.paragraph:
            self._break("")
            return
        paragraph = base.paragraph - 1 if m.group("refpara") == "前款" else base.paragraph
        if paragraph < 1:
            self._break("")
            return
        self._emit(m, replace(base, paragraph=paragraph, item=None), written=m.group("refpara"))

    def _on_art(self, m):
        self._article(m, m.group("art_n"), m.group("art_s"))

    def _on_art_list(self, m):
        # 第十五、十六条: several articles under one 第…条
        for number in _items(m.group("art_ns")):
            self._article(m, str(number), None)

    def _on_art_bare(self, m):
        # 第十五条、十六条: the list goes on without repeating 第
        if not self.chain or self.current is None:
            self._break("")
            return
        self._article(m, m.group("art_bare_n"), m.group("art_bare_s"))

    def _article(self, m, number_text, suffix_text):
        law = self.sentence_law
        if not law:
            self._break("")
            return
        number = parse_numeral(number_text)
        suffix = parse_numeral(suffix_text) if suffix_text else 0
        if self.pending_range and self.current is not None and not suffix:
            for n in range(self.current.article + 1, number):
                self._emit(m, Citation(law, n), written=self.written)
        self.pending_range = False
        self._emit(m, Citation(law, number, suffix), written=self.written)

    def _on_range(self, m):
        if self.chain and self.current is not None:
            self.pending_range = True
        else:
            self._break("")

    def _on_para(self, m):
        if self.current is None:
            self._break("")
            return
        for number in _items(m.group("para_n")):  # 第一、二款 names two paragraphs
            if self.current.paragraph is None and self.current.item is None:
                self.current.paragraph = number
                self.current.end = m.end()
            else:
                self._emit(m, replace(self.current, paragraph=number, item=None))

    def _on_item(self, m):
        self._add_items(m, _items(m.group("item_list")))

    def _on_bare_item(self, m):
        self._add_items(m, _items(m.group("bare_list")))

    def _add_items(self, m, numbers):
        if self.current is None:
            self._break("")
            return
        for number in numbers:
            if self.current.item is None:
                self.current.item = number
                self.current.end = m.end()
            else:
                self._emit(m, replace(self.current, item=number))

    def _emit(self, m, citation, written=None):
        citation.start, citation.end = m.start(), m.end()
        if written is not None:
            citation.written_title = written
        citation.notes = []
        self.results.append(citation)
        self.current = citation
        self.chain = True


def parse(text: str, *, context: Citation | None = None, link: bool = True, aliases: dict | None = None) -> list[Citation]:
    """Every legal reference in ``text``, in order, duplicates removed.

    ``context`` is the article the text belongs to (for 本法 / 本条 / 前款 in a law's own text).
    """
    known = _known_titles() if link else None
    found = _Parser(text or "", context, aliases or {}, known).run()
    unique: dict[tuple, Citation] = {}
    for citation in found:
        unique.setdefault(citation.key(), citation)
    citations = list(unique.values())
    if link:
        _link(citations)
    return citations


def _known_titles():
    """Titles of the library's laws written without 《》 (“依据食品安全法第一百二十四条”), longest first."""
    from .models import Law

    names = sorted({n for law in Law.objects.only("title", "short_titles") for n in law.names() if len(n) >= 3},
                   key=len, reverse=True)
    if not names:
        return None
    return re.compile("(?:" + "|".join(map(re.escape, names)) + r")(?=第)")


def normalize_title(title: str) -> str:
    return re.sub(r"[\s\u3000]", "", title).replace("(", "（").replace(")", "）").replace("〈", "《").replace("〉", "》")


def _link(citations: list[Citation]):
    """Resolve titles to the library and articles to the current version; rewrite short titles as full."""
    if not citations:
        return
    from .models import Article, Law

    index = {}
    for law in Law.objects.all():
        for name in law.names():
            index.setdefault(normalize_title(name), law)
    for citation in citations:
        law = index.get(normalize_title(citation.law_title))
        if law is None:
            continue
        citation.law_id = law.pk
        citation.law_title = law.title
        article = (
            Article.objects.filter(version__law=law, version__is_current=True, number=citation.article,
                                   suffix=citation.article_suffix)
            .values("pk", "paragraphs")
            .first()
        )
        if article is None:
            citation.notes.append("法规库中无此条")
            continue
        citation.article_id = article["pk"]
        paragraphs = article["paragraphs"]
        if citation.paragraph and citation.paragraph > len(paragraphs):
            citation.notes.append(f"该条只有{len(paragraphs)}款")
        elif citation.item:
            items = paragraphs[(citation.paragraph or 1) - 1]["items"] if paragraphs else []
            if citation.item > len(items):
                citation.notes.append(f"该款只有{len(items)}项")
