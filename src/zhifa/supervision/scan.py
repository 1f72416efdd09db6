"""Turning findings into warnings: raise, update, escalate, clear and notify (I5).

``run()`` evaluates the enabled rules (all subjects, or the ones a change names), then in one
transaction — under the lock of the single :class:`ScanState` row, so a periodic scan and the
recheck after a change never race — compares the findings with the open warnings: a new finding
raises a warning, a changed one updates it (turning red, escalating), an open warning no longer
found is cleared. Whoever a warning newly reaches is notified in the workbench and, when
configured, by e-mail after the commit. Warnings are derived from the journalled records, so the
journal gets one ``warnings.updated`` entry per run that changed anything, with the counts and the
SHA-256 of the list of changes rather than one entry per warning.
"""

import hashlib
import logging
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhifa.ledger.services import append

from . import notify
from .models import Escalation, Level, Notification, ScanState, Warning
from .recipients import Directory
from .rules import base

logger = logging.getLogger(__name__)

UPDATED_FIELDS = ["level", "escalation", "title", "message", "due_on", "due_at", "due_confirmed", "red_since",
                  "escalated_at", "checked_at", "department", "person", "case", "agency"]
BATCH = 2000


@dataclass
class ScanResult:
    findings: int = 0
    raised: int = 0
    updated: int = 0
    escalated: int = 0
    cleared: int = 0
    notified: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.raised or self.updated or self.cleared)


def _scope_q(subjects: dict) -> Q:
    """The open warnings a recheck of ``subjects`` is answerable for."""
    q = Q(pk__in=[])
    for kind, ids in subjects.items():
        ids = [str(i) for i in ids]
        if not ids:
            continue
        if kind == "agency":
            q |= Q(agency_id__in=ids, subject_type__in=["agency", "person", "rule_list"])
        else:
            q |= Q(subject_type=kind, subject_id__in=ids)
    return q


def _lock():
    ScanState.objects.bulk_create([ScanState(pk=1)], ignore_conflicts=True)
    return ScanState.objects.select_for_update().get(pk=1)


def escalation_for(setting, level: str, overdue: int) -> int:
    if level == Level.YELLOW:
        return Escalation.OFFICER
    if overdue >= setting.to_supervisor_after:
        return Escalation.SUPERVISOR
    if overdue >= setting.to_agency_head_after:
        return Escalation.AGENCY_HEAD
    return Escalation.DEPT_HEAD


def _since(codes) -> dict:
    rows = Warning.objects.filter(cleared_at__isnull=True, rule__in=codes).values_list("key", "raised_at")
    return {key: timezone.localdate(raised_at) for key, raised_at in rows}


def run(*, today=None, now=None, subjects: dict | None = None) -> ScanResult:
    """Scan everything (``subjects=None``) or recheck the subjects a change named, e.g. ``{"case": {12}}``."""
    started = time.monotonic()
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    base.clear_caches()
    settings = base.effective_settings()
    enabled = [r for r in base.rules() if settings[r.code].enabled]
    grace = [r.code for r in enabled if r.uses_grace]
    ctx = base.Context(today=today, now=now, subjects=subjects, settings=settings, since=_since(grace))
    findings = {}
    for r in enabled:
        for finding in r.evaluate(ctx):
            findings[finding.key] = finding
    result = ScanResult(findings=len(findings))
    with transaction.atomic():
        state = _lock()
        scope = Warning.objects.filter(cleared_at__isnull=True)
        if subjects is not None:
            scope = scope.filter(_scope_q(subjects) | Q(key__in=list(findings)))
        existing = {w.key: w for w in scope}
        created, changed, notices = _apply(ctx, findings, existing, now, result)
        _clear(existing.values(), now, settings, result)
        result.notified = _notify(notices, now, settings)
        if result.changed:
            _journal(now, subjects, created, changed, existing.values(), result)
        if subjects is None:
            state.last_full_scan_at = now
            state.last_full_scan_seconds = round(time.monotonic() - started, 3)
            state.save()
    result.seconds = time.monotonic() - started
    return result


def _apply(ctx, findings, existing, now, result):
    directory = Directory() if findings else None
    created, changed, notices = [], [], []
    for key, f in findings.items():
        rule = base.get(f.rule)
        setting = ctx.settings[f.rule]
        warning = existing.pop(key, None)
        red_since = (warning.red_since if warning is not None and warning.red_since else now) if f.level == Level.RED else None
        if f.due_on is not None and f.level == Level.RED:
            overdue = ctx.overdue_working_days(f.due_on)
        elif red_since is not None:
            overdue = ctx.remaining_between(timezone.localdate(red_since), ctx.today)
        else:
            overdue = 0
        escalation = escalation_for(setting, f.level, overdue)
        values = {"level": f.level, "escalation": escalation, "title": f.title[:200], "message": f.message,
                  "due_on": f.due_on, "due_at": f.due_at, "due_confirmed": f.due_confirmed, "red_since": red_since,
                  "department_id": f.department_id, "person_id": f.person_id, "case_id": f.case_id,
                  "agency_id": f.agency_id}
        if warning is None:
            warning = Warning(rule=f.rule, key=key, subject_type=f.subject_type, subject_id=str(f.subject_id),
                              raised_at=now, checked_at=now, escalated_at=now if escalation > 1 else None, **values)
            created.append(warning)
            notices.append((warning, rule, f))
            continue
        before = (warning.level, warning.escalation)
        if any(getattr(warning, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(warning, name, value)
            warning.checked_at = now
            if escalation > before[1]:
                warning.escalated_at = now
                result.escalated += 1
            changed.append(warning)
            if (warning.level, warning.escalation) != before:
                notices.append((warning, rule, f))
    Warning.objects.bulk_create(created, batch_size=BATCH)
    if created and created[0].pk is None:  # SQLite before 3.35 cannot return ids: fetch them by key
        ids = dict(Warning.objects.filter(cleared_at__isnull=True, key__in=[w.key for w in created]).values_list("key", "pk"))
        for w in created:
            w.pk = ids[w.key]
    Warning.objects.bulk_update(changed, UPDATED_FIELDS, batch_size=BATCH)
    result.raised, result.updated = len(created), len(changed)
    for warning, rule, f in notices:
        warning._recipients = directory.recipients(rule, f, warning.escalation)
    return created, changed, notices


def _clear(leftover, now, settings, result):
    by_reason: dict[str, list[int]] = {}
    for warning in leftover:
        enabled = base.get(warning.rule) is not None and settings[warning.rule].enabled
        reason = "经核查已不存在预警情形" if enabled else "预警规则已停用"
        by_reason.setdefault(reason, []).append(warning.pk)
    for reason, ids in by_reason.items():
        for start in range(0, len(ids), BATCH):
            Warning.objects.filter(pk__in=ids[start:start + BATCH]).update(cleared_at=now, clear_reason=reason,
                                                                            checked_at=now)
    result.cleared = sum(len(ids) for ids in by_reason.values())


def _notify(notices, now, settings) -> int:
    rows = []
    for warning, _rule, _finding in notices:
        link = reverse("supervision:warning", args=[warning.pk])
        text = f"{warning.get_level_display()}：{warning.title}"[:300]
        for user_id in warning._recipients:
            rows.append(Notification(user_id=user_id, warning=warning, key=f"warning:{warning.pk}:{warning.level}",
                                     text=text, link=link, created_at=now))
    if not rows:
        return 0
    seen = set(Notification.objects.filter(key__in={r.key for r in rows}).values_list("user_id", "key"))
    fresh, keys = [], set()
    for row in rows:
        if (row.user_id, row.key) in seen or (row.user_id, row.key) in keys:
            continue
        keys.add((row.user_id, row.key))
        fresh.append(row)
    Notification.objects.bulk_create(fresh, batch_size=BATCH)
    emailed = {w.pk for w, rule, _finding in notices if settings[rule.code].email}
    keys_to_mail = [(row.user_id, row.key) for row in fresh if row.warning_id in emailed]
    if keys_to_mail:
        transaction.on_commit(lambda: notify.send_warning_emails(keys_to_mail))
    return len(fresh)


def _journal(now, subjects, created, changed, leftover, result):
    lines = sorted([f"raised {w.key} {w.level} {w.escalation}" for w in created]
                   + [f"changed {w.key} {w.level} {w.escalation}" for w in changed]
                   + [f"cleared {w.key}" for w in leftover])
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    scope = "full" if subjects is None else {k: sorted(str(i) for i in v) for k, v in subjects.items() if v}
    append("warnings.updated", ("supervision.warnings", now.isoformat()), None, None, {
        "scope": scope, "raised": result.raised, "updated": result.updated, "escalated": result.escalated,
        "cleared": result.cleared, "notified": result.notified, "changes_sha256": digest,
    })


def recheck(subjects: dict) -> ScanResult | None:
    """After a change: recompute the named subjects' warnings; a failure is logged, the periodic scan catches up."""
    subjects = {k: set(v) for k, v in subjects.items() if v}
    if not subjects:
        return None
    try:
        return run(subjects=subjects)
    except Exception:  # noqa: BLE001 - the change itself is committed; never turn a saved change into an error
        logger.exception("预警复核失败，等待定时扫描：%s", subjects)
        return None
