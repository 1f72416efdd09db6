"""Warning rule over the supervision's own demands: a rectification not reported by its date."""

from ..models import Level, Rectification
from .base import Finding, rule


@rule("rectification", name="整改期限", basis="执法监督通报、案卷评查的整改要求",
      subject="rectification", responsible="agency_heads", lead_days=3,
      description="通报或案卷评查要求整改的，应在整改期限内报送整改情况。期限前亮黄灯，逾期未报送亮红灯，报送后解除"
                  "（退回重新整改的重新计算）。")
def rectification(ctx):
    if ctx.skip("rectification"):
        return
    rows = Rectification.objects.filter(status__in=[Rectification.Status.OPEN, Rectification.Status.RETURNED])
    wanted = ctx.wants("rectification")
    if wanted is not None:
        rows = rows.filter(pk__in=wanted)
    for item in rows.select_related("agency", "notice", "evaluation__case"):
        level = ctx.level("rectification", item.due_on)
        if level is None:
            continue
        if level == Level.RED:
            state = f"已于{item.due_on:%Y年%m月%d日}届满，尚未报送整改情况"
        else:
            state = f"将于{item.due_on:%Y年%m月%d日}届满"
        yield Finding(rule="rectification", subject_type="rectification", subject_id=item.pk,
                      agency_id=item.agency_id, level=level, title=f"整改：{item.agency.short_name}",
                      message=f"{item.source_label}要求的整改（{item.requirement[:60]}）{state}", due_on=item.due_on,
                      case_id=item.evaluation.case_id if item.evaluation_id else None)
