"""The manual part of the three-systems implementation plan (O4): tasks, lead and responsible units, deadlines.

Supervisors of the justice bureau keep the list; agency heads read it. Each change is journalled;
the Gantt chart (:mod:`.charts`) draws the tasks from these rows.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhifa.accounts.roles import Role
from zhifa.core.scoping import scope_for
from zhifa.core.validators import region_prefix
from zhifa.ledger.services import append

from .models import ImplementationTask
from .services import check_version

FIELDS = ("title", "lead_unit", "responsible_units", "starts_on", "due_on", "status", "completed_on", "progress", "order")


def _require(actor, region_code: str):
    scope = scope_for(actor)
    if not actor.is_authenticated or actor.role != Role.SUPERVISOR:
        raise PermissionDenied("只有执法监督人员可以维护实施任务")
    if not region_code or not region_prefix(region_code).startswith(scope.region_prefix or "-"):
        raise ValidationError({"region_code": "区域（region_code）须在您的监督区域内"})


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


@transaction.atomic
def create_task(actor, data: dict) -> ImplementationTask:
    region_code = (data.get("region_code") or actor.region_code or "").strip()
    _require(actor, region_code)
    unknown = set(data) - set(FIELDS) - {"region_code"}
    if unknown:
        raise ValidationError({name: "该项不能在此填写" for name in sorted(unknown)})
    task = ImplementationTask(region_code=region_code, created_by=actor, **{k: v for k, v in data.items() if k in FIELDS})
    task.full_clean()
    task.save()
    append("implementation.task_created", task, actor, None, {k: _plain(getattr(task, k)) for k in FIELDS})
    return task


@transaction.atomic
def update_task(actor, task: ImplementationTask, data: dict, *, version=None) -> ImplementationTask:
    task = ImplementationTask.objects.select_for_update().get(pk=task.pk)
    _require(actor, task.region_code)
    check_version(version, task.version, "该任务已被他人修改，请刷新后重试")
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValidationError({name: "该项不能在此修改" for name in sorted(unknown)})
    changes = {}
    for name, value in data.items():
        if getattr(task, name) != value:
            changes[name] = [_plain(getattr(task, name)), _plain(value)]
            setattr(task, name, value)
    task.full_clean()
    if not changes:
        return task
    task.version += 1
    task.save()
    append("implementation.task_updated", task, actor, None, {"title": task.title, "changes": changes})
    return task
