from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from zhifa.accounts.roles import Role

from . import calendar
from .feedback import add_errors
from .forms import CalendarYearForm, WorkingDaysQueryForm
from .models import CalendarYear
from .services import save_calendar_year


@login_required
def calendar_overview(request):
    """Years on file, a deadline calculator, and (for administrators) the form for a new year's notice."""
    result = None
    query = WorkingDaysQueryForm(request.GET or None)
    if query.is_bound and query.is_valid():
        start, n = query.cleaned_data["start"], query.cleaned_data["days"]
        if query.cleaned_data["mode"] == "working":
            result = calendar.add_working_days(start, n)
        else:
            result = calendar.add_calendar_days(start, n)
    is_admin = request.user.role == Role.ADMIN
    form = None
    if is_admin:
        form = CalendarYearForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                cal = save_calendar_year(request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"{cal.year}年节假日安排已保存")
                return redirect("core:calendar")
    elif request.method == "POST":
        raise PermissionDenied
    years = CalendarYear.objects.all()
    return render(request, "core/calendar.html", {"years": years, "query": query, "result": result, "form": form})


def bad_request(request, exception=None):
    return render(request, "errors/error.html", {"code": 400, "message": "请求有误"}, status=400)


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else "您无权访问该页面"
    return render(request, "errors/error.html", {"code": 403, "message": message}, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/error.html", {"code": 404, "message": "页面不存在或您无权查看"}, status=404)


def server_error(request):
    return render(request, "errors/error.html", {"code": 500, "message": "系统内部错误，已记录"}, status=500)
