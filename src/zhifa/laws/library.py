"""The shipped demo library: only the articles the demo cases and shipped rules cite, plus the full 行政处罚法."""

import datetime
import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
PENALTY_LAW_FILE = DATA_DIR / "xingzheng_chufa_fa_2021.txt"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def shipped_laws() -> list[dict]:
    entries = json.loads((DATA_DIR / "demo_laws.json").read_text(encoding="utf-8"))
    for entry in entries:
        if "file" in entry:
            entry["text"] = (DATA_DIR / entry.pop("file")).read_text(encoding="utf-8")
            entry["partial"] = False
        else:
            entry["partial"] = True
        for key in ("promulgated_on", "effective_on"):
            entry[key] = _date(entry.get(key))
    return entries


def load_shipped_library(actor) -> list:
    """Import every shipped law not yet in the library; returns the versions created."""
    from .models import Law
    from .services import import_law

    created = []
    for entry in shipped_laws():
        text = entry.pop("text")
        partial = entry.pop("partial")
        title = entry.get("title") or text.strip().splitlines()[0].strip()
        if Law.objects.filter(title=title).exists():
            continue
        created.append(import_law(actor, text=text, metadata=entry, partial=partial))
    return created
