"""How the case page words each journal entry: a Chinese label and a one-line summary."""

import json

LABELS = {
    "lead.registered": "登记案源",
    "case.opened": "开始办理",
    "case.updated": "修改案件信息",
    "case.party_added": "登记当事人",
    "case.officers_assigned": "指派办案人员",
    "case.recusal_declared": "回避声明",
    "case.transitioned": "环节流转",
    "case.event_recorded": "登记办案事项",
    "approval.requested": "报请审批",
    "approval.decided": "负责人审批",
    "suspension.requested": "申请中止或延期",
    "suspension.decided": "审批中止或延期",
    "discussion.recorded": "集体讨论",
    "document.drafted": "制作文书草稿",
    "document.issued": "签发文书",
    "document.corrected": "更正文书",
    "evidence.added": "添加证据",
    "evidence.withdrawn": "撤回证据",
    "record.accessed": "调阅记录",
    "casefile.archived": "立卷归档",
}

SUMMARY_KEYS = ("transition", "title", "name", "kind_label", "number", "decision", "reason", "comment", "summary",
                "purpose")


def _field_label(name: str) -> str:
    """The case field's Chinese name as the case page shows it; an unknown (retired) field keeps its code."""
    from django.core.exceptions import FieldDoesNotExist

    from .models import Case

    try:
        return str(Case._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def label(kind: str) -> str:
    return LABELS.get(kind, kind)


def summary(entry) -> str:
    payload = json.loads(entry.payload)
    parts = []
    for key in SUMMARY_KEYS:
        value = payload.get(key)
        if value not in (None, "", [], {}):
            parts.append(str(value))
    if entry.kind == "case.officers_assigned":
        parts.append("、".join(o["name"] for o in payload.get("officers", [])))
    if entry.kind == "case.updated":
        parts.append("修改：" + "、".join(_field_label(name) for name in payload.get("changes", {})))
    return "；".join(parts)[:200]
