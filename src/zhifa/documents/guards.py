"""The documents app's transition guards: ``documents_issued`` and ``rights_notified`` (R2; PL Art. 44, 59, 61).

``documents_issued``: every document the stage being left lists in the procedure definition, and
for which Zhifa ships a template, has been issued during the case's current stay in that stage —
where the stage lists alternatives (行政处罚决定书 or 不予行政处罚决定书; 准予 or 不予行政许可决定书),
one of them suffices. So the general procedure's decision stage needs one decision, the simple
procedure's the 当场行政处罚决定书, and the seizure's on-site stage all three of its records
(现场笔录, 查封（扣押）决定书, 查封（扣押）财物清单), as the Administrative Compulsion Law wants.
A superseded document counts through its correction, which is issued in its place.

``rights_notified``: a 行政处罚事先告知书 of the case is issued (and not superseded without a
successor: the correction is itself the notice).
"""

from zhifa.cases import engine
from zhifa.catalog import guards

from .catalogue import ALTERNATIVES
from .models import Document, DocumentTemplate

NOTICE_TEMPLATE = "penalty_notice"


def required_groups(case, stage_code: str) -> list[set[str]]:
    """The stage's listed documents that have a template, grouped where they are alternatives."""
    listed = engine.stage(case, stage_code).get("documents", [])
    known = set(DocumentTemplate.objects.filter(is_active=True, title__in=listed).values_list("title", flat=True))
    groups = []
    for title in listed:
        if title not in known or any(title in g for g in groups):
            continue
        group = next((alt & known for alt in ALTERNATIVES if title in alt), {title})
        groups.append(group)
    return groups


@guards.implements("documents_issued")
def documents_issued(case, **context):
    groups = required_groups(case, case.stage)
    # Issue times are whole seconds (the seal shows them so); the stay is compared at that precision.
    entered = case.stage_entered_at.replace(microsecond=0)
    issued = set(
        Document.objects.filter(case=case, status=Document.Status.ISSUED, issued_at__gte=entered)
        .values_list("title", flat=True)
    )
    missing = ["或".join(sorted(g, key=lambda t: (t.startswith("不予"), t))) for g in groups if not g & issued]
    if missing:
        return False, "尚未签发：" + "；".join(missing)
    return True, ""


@guards.implements("rights_notified")
def rights_notified(case, **context):
    if Document.objects.filter(case=case, template__code=NOTICE_TEMPLATE, status=Document.Status.ISSUED).exists():
        return True, ""
    return False, "尚未签发：行政处罚事先告知书"
