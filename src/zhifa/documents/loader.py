"""Loading the shipped templates (:mod:`.catalogue`) into ``DocumentTemplate`` rows.

Idempotent: run by the data migration and again by ``ensure_templates`` after a release adds or
changes a spec, so the rows always match the DOCX files that ship with the code.
"""

from pathlib import Path

from django.apps import apps as global_apps

from .catalogue import SPECS

DATA = Path(__file__).resolve().parent / "data"


def template_path(source: str) -> Path:
    return DATA / source


def load_shipped_templates(model=None) -> int:
    """Create or update a row per shipped spec; returns how many rows changed."""
    if model is None:
        from .models import DocumentTemplate as model
    changed = 0
    for spec in SPECS:
        values = {
            "title": spec.title, "stages": list(spec.stages), "fields": [dict(f) for f in spec.fields],
            "case_data": list(spec.case_data), "number_kind": spec.number_kind, "source": f"{spec.code}.docx",
        }
        row = model.objects.filter(code=spec.code).first()
        if row is None:
            model.objects.create(code=spec.code, **values)
            changed += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.save()
            changed += 1
    return changed


def restore_after_migrate(sender, apps=None, **kwargs):
    """``post_migrate`` receiver: the shipped templates survive a ``flush`` (the test runner's).

    ``migrate`` passes the migration state's ``apps``; ``flush`` passes none.
    """
    apps = apps or global_apps
    try:
        model = apps.get_model("documents", "DocumentTemplate")
    except LookupError:
        return
    load_shipped_templates(model)
