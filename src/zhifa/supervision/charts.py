"""Charts drawn on the server as SVG: no script, nothing loaded from outside, Chinese labels in the CJK font.

Every bar that stands for cases is a link to the case list behind it (drill-down). Text widths are
estimated (a CJK character is one em, Latin about 0.6 em), which is enough to lay out labels.
"""

import datetime
from xml.sax.saxutils import escape, quoteattr

from django.urls import reverse
from django.utils.http import urlencode

FONT = "Noto Sans CJK SC, Source Han Sans SC, sans-serif"
SIZE = 13
COLOURS = {"bar": "#0b5cad", "red": "#b42318", "yellow": "#d4a017", "ok": "#1e7b34", "grid": "#d6dde6",
           "ink": "#1d2733", "muted": "#5b6776", "done": "#1e7b34", "progress": "#0b5cad", "todo": "#8a96a3"}


def text_width(text: str, size: int = SIZE) -> float:
    return sum(size if ord(ch) > 0x2E7F else size * 0.6 for ch in str(text))


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label={quoteattr(title)} font-family="{FONT}" font-size="{SIZE}" '
            f'style="max-width:100%;height:auto">'
            f"<title>{escape(title)}</title>" + "".join(body) + "</svg>")


def _text(x, y, text, *, anchor="start", fill=None, size=SIZE, weight="normal") -> str:
    fill = fill or COLOURS["ink"]
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" font-size="{size}" '
            f'font-weight="{weight}">{escape(str(text))}</text>')


def _link(url: str | None, inner: str) -> str:
    return f"<a href={quoteattr(url)}>{inner}</a>" if url else inner


def case_link(drill: dict | None) -> str | None:
    if not drill:
        return None
    return reverse("supervision:cases") + "?" + urlencode(drill)


def _number(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def bar_chart(rows, *, title: str, unit: str = "件", width: int = 640, percent: bool = False, link=case_link,
              limit: int = 20) -> str:
    """Horizontal bars, one per row (label, value, drill); values as given, or percentages out of 100."""
    rows = [r for r in rows if r.value is not None][:limit]
    if not rows:
        return _svg(width, 40, title, [_text(8, 24, "所选范围内暂无数据", fill=COLOURS["muted"])])
    label_w = min(max(text_width(r.label) for r in rows) + 16, width * 0.45)
    value_w = max(text_width(_number(r.value) + unit) for r in rows) + 16
    bar_w = width - label_w - value_w - 8
    top = max(float(r.value) for r in rows) if not percent else 100.0
    top = top or 1.0
    row_h, pad = 26, 8
    body = []
    for i, r in enumerate(rows):
        y = pad + i * row_h
        length = max(bar_w * float(r.value) / top, 1.0 if float(r.value) else 0.0)
        colour = COLOURS["bar"]
        if percent:
            colour = COLOURS["ok"] if r.value >= 90 else COLOURS["yellow"] if r.value >= 60 else COLOURS["red"]
        label = r.label if text_width(r.label) <= label_w - 12 else r.label[: int((label_w - 24) / SIZE)] + "…"
        bar = (f'<rect x="{label_w:.1f}" y="{y + 4}" width="{length:.1f}" height="{row_h - 10}" fill="{colour}">'
               f"<title>{escape(r.label)}：{escape(_number(r.value))}{escape(unit)}</title></rect>")
        body.append(_text(label_w - 8, y + row_h / 2 + 4, label, anchor="end"))
        body.append(_link(link(r.drill) if link else None, bar))
        body.append(_text(label_w + length + 6, y + row_h / 2 + 4, f"{_number(r.value)}{unit}", fill=COLOURS["muted"]))
    return _svg(width, pad * 2 + len(rows) * row_h, title, body)


def stacked_levels(rows, *, title: str, width: int = 640, link=case_link) -> str:
    """Open warnings per rule: red and yellow segments side by side."""
    rows = [r for r in rows if r.extra.get("red") or r.extra.get("yellow")]
    if not rows:
        return _svg(width, 40, title, [_text(8, 24, "当前没有预警", fill=COLOURS["muted"])])
    label_w = min(max(text_width(r.label) for r in rows) + 16, width * 0.45)
    bar_w = width - label_w - 90
    top = max(r.extra["red"] + r.extra["yellow"] for r in rows) or 1
    row_h, pad, body = 26, 8, []
    for i, r in enumerate(rows):
        y, x = pad + i * row_h, label_w
        body.append(_text(label_w - 8, y + row_h / 2 + 4, r.label, anchor="end"))
        for level, name in (("red", "红色"), ("yellow", "黄色")):
            n = r.extra[level]
            if not n:
                continue
            length = bar_w * n / top
            drill = dict(r.drill or {}, level=level)
            body.append(_link(link(drill) if link else None,
                              f'<rect x="{x:.1f}" y="{y + 4}" width="{length:.1f}" height="{row_h - 10}" '
                              f'fill="{COLOURS[level]}"><title>{escape(r.label)}：{name}预警{n}条</title></rect>'))
            x += length
        body.append(_text(x + 6, y + row_h / 2 + 4, f"红{r.extra['red']} 黄{r.extra['yellow']}", fill=COLOURS["muted"]))
    return _svg(width, pad * 2 + len(rows) * row_h, title, body)


def columns(rows, *, title: str, unit: str = "件", width: int = 640, height: int = 200) -> str:
    """Vertical columns for a series (cases registered per month)."""
    rows = [r for r in rows if r.value is not None]
    if not rows:
        return _svg(width, 40, title, [_text(8, 24, "所选范围内暂无数据", fill=COLOURS["muted"])])
    top = max(r.value for r in rows) or 1
    left, bottom, gap = 10, 34, 6
    col_w = min(max((width - left * 2) / len(rows) - gap, 4), 48)
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" stroke="{COLOURS["grid"]}"/>']
    for i, r in enumerate(rows):
        x = left + i * (col_w + gap)
        h = (height - bottom - 24) * r.value / top
        body.append(f'<rect x="{x:.1f}" y="{height - bottom - h:.1f}" width="{col_w:.1f}" height="{h:.1f}" '
                    f'fill="{COLOURS["bar"]}"><title>{escape(r.label)}：{r.value}{escape(unit)}</title></rect>')
        body.append(_text(x + col_w / 2, height - bottom - h - 4, r.value, anchor="middle", size=11,
                          fill=COLOURS["muted"]))
        body.append(_text(x + col_w / 2, height - bottom + 16, r.label[-5:], anchor="middle", size=11))
    return _svg(width, height, title, body)


def gantt(tasks, *, today: datetime.date, title: str = "实施任务甘特图", width: int = 900) -> str:
    """Implementation tasks as bars from start to deadline (completed ones to their completion), today marked."""
    tasks = list(tasks)
    if not tasks:
        return _svg(width, 40, title, [_text(8, 24, "尚未登记实施任务", fill=COLOURS["muted"])])
    start = min(t.starts_on for t in tasks)
    end = max(max(t.due_on, t.completed_on or t.due_on) for t in tasks)
    start = min(start, today).replace(day=1)
    end = max(end, today)
    span = max((end - start).days, 1)
    label_w = min(max(text_width(t.title) for t in tasks) + 16, width * 0.4)
    chart_w = width - label_w - 70  # room on the right for the "today" label
    row_h, head = 26, 30

    def x_of(day):
        return label_w + chart_w * (day - start).days / span

    body = []
    month, free_from = start, 0.0
    while month <= end:
        x = x_of(month)
        body.append(f'<line x1="{x:.1f}" y1="{head - 6}" x2="{x:.1f}" y2="{head + len(tasks) * row_h}" '
                    f'stroke="{COLOURS["grid"]}"/>')
        label = f"{month.year}年{month.month}月" if month.month == 1 or month == start else f"{month.month}月"
        if x >= free_from:  # skip a label that would run into the one before
            body.append(_text(x + 3, head - 10, label, size=11, fill=COLOURS["muted"]))
            free_from = x + text_width(label, 11) + 8
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    for i, t in enumerate(tasks):
        y = head + i * row_h
        finish = t.completed_on if t.status == "done" and t.completed_on else t.due_on
        late = t.status != "done" and t.due_on < today
        colour = COLOURS["done"] if t.status == "done" else COLOURS["red"] if late else (
            COLOURS["progress"] if t.status == "in_progress" else COLOURS["todo"])
        x1, x2 = x_of(t.starts_on), x_of(finish)
        state = "已完成" if t.status == "done" else ("已逾期" if late else t.get_status_display())
        tip = f"{t.title}：{t.starts_on:%Y-%m-%d}至{t.due_on:%Y-%m-%d}，牵头{t.lead_unit}，{state}"
        label = t.title if text_width(t.title) <= label_w - 12 else t.title[: int((label_w - 24) / SIZE)] + "…"
        body.append(_text(label_w - 8, y + row_h / 2 + 4, label, anchor="end"))
        body.append(f'<rect x="{x1:.1f}" y="{y + 5}" width="{max(x2 - x1, 3):.1f}" height="{row_h - 10}" rx="3" '
                    f'fill="{colour}"><title>{escape(tip)}</title></rect>')
    xt = x_of(today)
    body.append(f'<line x1="{xt:.1f}" y1="{head - 6}" x2="{xt:.1f}" y2="{head + len(tasks) * row_h}" '
                f'stroke="{COLOURS["red"]}" stroke-dasharray="4 3"/>')
    body.append(_text(xt + 3, head + len(tasks) * row_h + 14, f"今天 {today:%m-%d}", size=11, fill=COLOURS["red"]))
    return _svg(width, head + len(tasks) * row_h + 22, title, body)
