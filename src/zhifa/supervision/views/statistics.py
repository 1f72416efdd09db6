"""Statistics and dashboards (I1): figures, SVG charts, drill-down, Excel; the three-systems scorecards (O4)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from .. import charts, excel, selectors, statistics
from .. import scorecard as scorecards_module
from ..forms import StatisticsForm
from .common import require_role

DENIED = "只有执法监督人员和执法机关负责人可以查看统计"


def filters_from(request) -> tuple[StatisticsForm, statistics.Filters | None]:
    if not request.GET:
        period = statistics.Period.this_year()
        form = StatisticsForm(user=request.user, initial={"start": period.start, "end": period.end})
        return form, statistics.Filters(user=request.user, period=period)
    form = StatisticsForm(request.GET, user=request.user)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, statistics.Filters(user=request.user, period=statistics.Period(data["start"], data["end"]),
                                    region=data.get("region") or "", agency=data.get("agency"))


def scope_text(f: statistics.Filters) -> str:
    where = f.agency.name if f.agency else (f"区划{f.region}" if f.region else "本人可见的全部执法主体")
    return f"统计范围：{where}；期间：{f.period.label}；生成时间：{timezone.localtime():%Y-%m-%d %H:%M}"


@login_required
def dashboard(request):
    require_role(request.user, selectors.STATISTICS_ROLES, DENIED)
    form, f = filters_from(request)
    if f is None:
        return render(request, "supervision/statistics.html", {"form": form}, status=400)
    data = statistics.dashboard(f)
    svg = {
        "kind": charts.bar_chart(data["cases_by_kind"], title="案件类别"),
        "stage": charts.bar_chart(data["cases_by_stage"], title="办理环节"),
        "domain": charts.bar_chart(data["cases_by_domain"], title="执法领域"),
        "agency": charts.bar_chart(data["cases_by_agency"], title="执法主体"),
        "month": charts.columns(data["cases_by_month"], title="逐月登记案件"),
        "penalties": charts.bar_chart(data["penalties"], title="罚款金额", unit="元"),
        "on_time": charts.bar_chart(data["on_time"], title="按期率", unit="%", percent=True),
        "warnings": charts.stacked_levels(data["warnings_by_rule"], title="预警"),
        "av": charts.bar_chart(data["av_coverage"], title="音像记录覆盖率", unit="%", percent=True),
    }
    return render(request, "supervision/statistics.html", {
        "form": form, "f": f, "data": data, "svg": {k: mark_safe(v) for k, v in svg.items()},  # noqa: S308 - built escaped
        "export_query": urlencode(f.drill()), "scope_text": scope_text(f),
    })


@login_required
def export(request):
    require_role(request.user, selectors.STATISTICS_ROLES, DENIED)
    form, f = filters_from(request)
    if f is None:
        return HttpResponse("；".join(f"{form[k].label}：{m}" for k, ms in form.errors.items() for m in ms if k in form.fields)
                            or "统计条件有误", status=400, content_type="text/plain; charset=utf-8")
    data = statistics.dashboard(f)
    content = excel.export(request.user, data, title="行政执法统计", scope=scope_text(f), filters=f.drill())
    response = HttpResponse(content, content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quoted('行政执法统计')}{f.period.start:%Y%m%d}-{f.period.end:%Y%m%d}.xlsx"
    return response


def _quoted(text):
    from urllib.parse import quote

    return quote(text)


@login_required
def scorecards(request):
    require_role(request.user, selectors.STATISTICS_ROLES, DENIED)
    form, f = filters_from(request)
    if f is None:
        return render(request, "supervision/scorecards.html", {"form": form, "cards": []}, status=400)
    agencies = scorecards_module.scored_agencies(request.user)
    if f.agency is not None:
        agencies = agencies.filter(pk=f.agency.pk)
    cards = scorecards_module.scorecards(request.user, agencies, f.period)
    return render(request, "supervision/scorecards.html", {"form": form, "f": f, "cards": cards,
                                                           "items": scorecards_module.ITEMS})


@login_required
def scorecard(request, agency_pk):
    require_role(request.user, selectors.STATISTICS_ROLES, DENIED)
    form, f = filters_from(request)
    if f is None:
        f = statistics.Filters(user=request.user, period=statistics.Period.this_year())
    agency = scorecards_module.scored_agencies(request.user).filter(pk=agency_pk).first()
    if agency is None:
        raise Http404("执法主体不存在或不在您的范围内")
    card = scorecards_module.scorecard(request.user, agency, f.period)
    tasks = selectors.tasks(request.user).order_by("order", "starts_on")
    return render(request, "supervision/scorecard.html", {
        "card": card, "f": f, "form": form, "tasks": tasks,
        "gantt": mark_safe(charts.gantt(tasks, today=timezone.localdate())),  # noqa: S308 - built escaped
    })
