"""Changes a supervisor or administrator makes: open a supervised access (R8), configure a warning rule,
read notifications. Evaluation, notices and implementation tasks are in their own modules.

Each function is one use case in one transaction: it checks permission, validates with Chinese
messages naming the field, changes, and appends the journal entry.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.cases.services import journal
from zhifa.core.errors import ConflictError
from zhifa.core.scoping import scope_for
from zhifa.ledger.services import append

from .models import Notification, RecordAccess, RuleSetting, Warning
from .rules import base

REASON_MIN = 5
REASON_MAX = 500


def check_version(given, current: int, message: str = "该记录已被他人修改，请刷新后重试"):
    """Optimistic locking: a stale ``version`` is a conflict; one that is not a number names the field."""
    if given in (None, ""):
        return
    try:
        number = int(given)
    except (TypeError, ValueError):
        raise ValidationError({"version": "版本号（version）须为整数"}) from None
    if number != current:
        raise ConflictError(message)


def access_hours() -> int:
    return int(getattr(settings, "ZHIFA", {}).get("SUPERVISION_ACCESS_HOURS", 4))


def require_supervisor_of(actor, agency, message="只有本区域的执法监督人员可以办理"):
    if not actor.is_authenticated or actor.role != Role.SUPERVISOR or not scope_for(actor).covers_agency(agency):
        raise PermissionDenied(message)


def clean_reason(reason, field="reason", label="调阅理由") -> str:
    text = (reason or "").strip()
    if len(text) < REASON_MIN:
        raise ValidationError({field: f"请填写{label}（{field}），不少于{REASON_MIN}个字"})
    if len(text) > REASON_MAX:
        raise ValidationError({field: f"{label}（{field}）不超过{REASON_MAX}个字"})
    return text


@transaction.atomic
def open_access(actor, case, *, purpose: str, reason: str, warning: Warning | None = None) -> RecordAccess:
    """R8: a supervisor of the region opens a case for reading, stating why; journalled on the case."""
    require_supervisor_of(actor, case.agency, "只有本区域的执法监督人员可以调阅案件")
    if purpose not in RecordAccess.Purpose.values:
        labels = "、".join(RecordAccess.Purpose.labels)
        raise ValidationError({"purpose": f"调阅事由（purpose）须为以下之一：{labels}"})
    text = clean_reason(reason)
    if warning is not None and warning.case_id != case.pk:
        raise ValidationError({"warning": "所选预警不是本案的预警"})
    now = timezone.now()
    expires = now + datetime.timedelta(hours=access_hours())
    label = RecordAccess.Purpose(purpose).label
    entry = journal(actor, case, "record.accessed", {
        "record": "case", "purpose": f"监督调阅（{label}）", "category": purpose, "reason": text,
        "expires_at": expires.isoformat(), "warning": warning.pk if warning else None,
    })
    return RecordAccess.objects.create(user=actor, case=case, agency=case.agency, purpose=purpose, reason=text,
                                       warning=warning, opened_at=now, expires_at=expires,
                                       journal_sequence=entry.sequence)


SETTING_FIELDS = ("enabled", "lead_days", "grace_days", "to_agency_head_after", "to_supervisor_after", "email")
SETTING_LIMITS = {"lead_days": 365, "grace_days": 365, "to_agency_head_after": 365, "to_supervisor_after": 365}


@transaction.atomic
def configure_rule(actor, code: str, data: dict, *, version=None) -> RuleSetting:
    """The administrator sets a rule's lead time, grace period, escalation steps, e-mail; journalled."""
    if not actor.is_authenticated or actor.role != Role.ADMIN:
        raise PermissionDenied("只有系统管理员可以设置预警规则")
    rule = base.get(code)
    if rule is None:
        raise ValidationError({"rule": f"没有名为“{code}”的预警规则"})
    unknown = set(data) - set(SETTING_FIELDS)
    if unknown:
        raise ValidationError({name: "该项不能在此设置" for name in sorted(unknown)})
    setting = RuleSetting.objects.select_for_update().filter(rule=code).first()
    if setting is None:
        default = base.default_setting(rule)
        setting = RuleSetting(rule=code, **{name: getattr(default, name) for name in SETTING_FIELDS})
    else:
        check_version(version, setting.version, "该预警规则的设置已被他人修改，请刷新后重试")
    changes = {}
    for name, value in data.items():
        limit = SETTING_LIMITS.get(name)
        if limit is not None:
            value = _bounded(name, value, limit)
        elif not isinstance(value, bool):
            raise ValidationError({name: f"{RuleSetting._meta.get_field(name).verbose_name}（{name}）须为是或否"})
        before = getattr(setting, name)
        if before != value:
            changes[name] = [before, value]
            setattr(setting, name, value)
    setting.full_clean()
    if not changes and setting.pk:
        return setting
    setting.version = (setting.version or 0) + 1 if setting.pk else 1
    setting.updated_by = actor
    setting.save()
    append("warning_rule.configured", setting, actor, None, {"rule": code, "name": rule.name, "changes": changes})
    return setting


def _bounded(name, value, limit) -> int:
    try:
        number = int(value) if not isinstance(value, bool) and str(value).strip().lstrip("-").isdigit() else None
    except (TypeError, ValueError):
        number = None
    if number is None or not 0 <= number <= limit:
        label = RuleSetting._meta.get_field(name).verbose_name
        raise ValidationError({name: f"{label}（{name}）须为0至{limit}之间的整数"})
    return number


def mark_read(actor, ids=None) -> int:
    """The user's own notifications marked read (a personal view state, not a record: not journalled)."""
    queryset = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return queryset.update(read_at=timezone.now())


def scan_now(actor):
    """A supervisor or administrator runs the warning scan at once instead of waiting for the periodic task."""
    from . import scan

    if not actor.is_authenticated or actor.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise PermissionDenied("只有执法监督人员和系统管理员可以立即扫描")
    return scan.run()
