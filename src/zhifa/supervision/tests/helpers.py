"""Putting a case where a test needs it in time, and reading the warnings a scan leaves."""

import datetime

from django.db import transaction
from django.utils import timezone

from zhifa.cases import engine, services
from zhifa.cases.models import Case, Lead, StageVisit
from zhifa.core import numbering
from zhifa.supervision import scan
from zhifa.supervision.models import Warning


def moment(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def put(actor, case: Case, stage: str, on: datetime.date, hour: int = 9, *, at: datetime.datetime | None = None) -> Case:
    """Record the case entering ``stage`` on ``on`` (as the engine would), with the dates that stage sets.

    The engine's own guards are the cases app's subject; these tests need a case at a stage on a date.
    """
    at = at or moment(on, hour)
    on = timezone.localdate(at)
    with transaction.atomic():
        if stage == "lead":  # the lead came in that day: its filing period counts from then
            Lead.objects.filter(case=case).update(received_on=on)
        case = Case.objects.select_for_update().get(pk=case.pk)
        current = case.visits.filter(left_at__isnull=True).first()
        if current is not None and current.entered_at >= at:
            # The case was made "now"; a test that starts it in the past re-dates the current stay first.
            earlier = at if current.stage == stage else at - datetime.timedelta(hours=1)
            due, _, confirmed = engine.deadline_for(case, current.stage, timezone.localdate(earlier))
            StageVisit.objects.filter(pk=current.pk).update(entered_at=earlier, due_on=due, due_confirmed=confirmed)
            case.stage_entered_at = earlier
            if current.stage == stage:
                case.version += 1
                case.save()
                return case
        services._enter(actor, case, stage, transition="测试", at=at)
        if stage == "filing":
            case.filed_on = on
            case.number = case.number or numbering.allocate(case.agency, services.CASE_SERIES, on=on)
        elif stage == "decision":
            case.decided_on = on
        elif stage == "closure":
            case.closed_on, case.status = on, Case.Status.CLOSED
        elif stage == "archive":
            case.archived_at, case.status = moment(on, hour), Case.Status.ARCHIVED
        case.version += 1
        case.save()
    return case


def scan_on(day: datetime.date, hour: int = 12):
    return scan.run(today=day, now=moment(day, hour))


def days(*parts) -> datetime.date:
    return datetime.date(*parts)


def open_warning(rule: str, **filters) -> Warning | None:
    return Warning.objects.filter(rule=rule, cleared_at__isnull=True, **filters).first()


def level_on(day: datetime.date, rule: str, **filters) -> str | None:
    """Scan on ``day`` and answer the level of the open ``rule`` warning (None when there is none)."""
    scan_on(day)
    warning = open_warning(rule, **filters)
    return warning.level if warning else None
