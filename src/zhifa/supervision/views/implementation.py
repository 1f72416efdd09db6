"""Implementation tasks of the three systems (O4) with their Gantt chart."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from zhifa.accounts.roles import Role
from zhifa.core.feedback import run_service

from .. import charts, implementation, selectors
from ..forms import TaskForm
from .common import require_role

EDIT_DENIED = "只有执法监督人员可以维护实施任务"


@login_required
def task_list(request):
    require_role(request.user, selectors.TASK_READERS, "只有执法监督人员、执法机关负责人和系统管理员可以查看实施任务")
    tasks = selectors.tasks(request.user).order_by("order", "starts_on", "pk")
    today = timezone.localdate()
    return render(request, "supervision/tasks.html", {
        "tasks": tasks, "today": today, "can_edit": request.user.role == Role.SUPERVISOR,
        "gantt": mark_safe(charts.gantt(tasks, today=today)),  # noqa: S308 - built escaped
    })


@login_required
def task_new(request):
    require_role(request.user, {Role.SUPERVISOR}, EDIT_DENIED)
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(request, lambda: implementation.create_task(request.user, form.data_for_service()), "实施任务已登记",
               form=form):
            return redirect("supervision:tasks")
    return render(request, "supervision/form.html", {"form": form, "title": "登记实施任务", "back": "supervision:tasks"})


@login_required
def task_edit(request, pk):
    require_role(request.user, {Role.SUPERVISOR}, EDIT_DENIED)
    task = selectors.get_task(request.user, pk)
    form = TaskForm(request.POST or None, instance=task, initial={"version": task.version})
    if request.method == "POST" and form.is_valid():
        fresh = selectors.get_task(request.user, pk)
        if run_service(request, lambda: implementation.update_task(request.user, fresh, form.data_for_service(),
                                                           version=form.cleaned_data["version"]), "实施任务已更新",
               form=form):
            return redirect("supervision:tasks")
    return render(request, "supervision/form.html", {"form": form, "title": f"实施任务：{task.title}",
                                                     "back": "supervision:tasks"})
