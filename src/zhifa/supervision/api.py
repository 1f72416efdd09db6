"""The supervision API: the same forms, selectors and services as the pages; RFC 9457 errors."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.accounts.roles import Role

from . import evaluation as evaluation_service
from . import implementation, notices, scorecard, selectors, services, statistics
from .forms import (
    AccessForm,
    NoticeForm,
    PlanForm,
    RectificationRequireForm,
    ReportForm,
    RuleSettingForm,
    ScoreForm,
    StatisticsForm,
    TaskForm,
    VerifyForm,
    WarningFilterForm,
)
from .models import RuleSetting, Warning
from .rules import base
from .views.access import CASE_LIST_ROLES, filtered_cases
from .views.evaluation import READERS as EVALUATION_READERS
from .views.notices import NOTICE_READERS, RECTIFICATION_ROLES


def _require(user, roles, message="无权访问"):
    if user.role not in roles:
        raise PermissionDenied(message)


def _data(request):
    """The request body as a mapping; a JSON array or scalar is a 400, not a server error."""
    if not isinstance(request.data, dict):
        raise DjangoValidationError({"non_field_errors": "请求体须为 JSON 对象或表单数据"})
    return request.data


def _parse(form):
    if not form.is_valid():
        raise DjangoValidationError({field: list(errors) for field, errors in form.errors.items()})
    return form.cleaned_data


def _paged(request, view, queryset, serialise):
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response([serialise(item) for item in page])


def warning_data(w: Warning) -> dict:
    rule = base.get(w.rule)
    return {"id": w.pk, "rule": w.rule, "rule_name": rule.name if rule else w.rule, "level": w.level,
            "level_display": w.get_level_display(), "escalation": w.escalation,
            "escalation_display": w.get_escalation_display(), "agency": w.agency_id, "agency_name": w.agency.name,
            "case": w.case_id, "person": w.person_id, "subject_type": w.subject_type, "subject_id": w.subject_id,
            "title": w.title, "message": w.message, "due_on": w.due_on, "due_at": w.due_at,
            "due_confirmed": w.due_confirmed, "raised_at": w.raised_at, "red_since": w.red_since,
            "cleared_at": w.cleared_at, "clear_reason": w.clear_reason}


def access_data(a) -> dict:
    return {"id": a.pk, "user": a.user.get_full_name() or a.user.get_username(), "agency": a.agency_id,
            "case": a.case_id, "case_number": a.case.display_number, "purpose": a.purpose,
            "purpose_display": a.get_purpose_display(), "reason": a.reason, "warning": a.warning_id,
            "opened_at": a.opened_at, "expires_at": a.expires_at, "journal_sequence": a.journal_sequence,
            "reads": [{"sequence": e.sequence, "recorded_at": e.recorded_at, "payload": e.payload}
                      for e in selectors.access_reads(a)]}


def row_data(row) -> dict:
    return {"label": row.label, "value": row.value, "drill": row.drill, **{k: v for k, v in row.extra.items()}}


class Warnings(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """Warnings in scope; ``state`` open (default), cleared or all; ``level``, ``rule``, ``agency``."""
        _require(request.user, selectors.STAFF_ROLES)
        data = _parse(WarningFilterForm(request.query_params, user=request.user))
        queryset = selectors.warnings(request.user, state=data.get("state") or "open", level=data.get("level", ""),
                                      rule=data.get("rule", ""), agency=data.get("agency"))
        return _paged(request, self, queryset, warning_data)


class WarningDetail(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        _require(request.user, selectors.STAFF_ROLES)
        warning = selectors.get_warning(request.user, pk)
        data = warning_data(warning)
        data["notified"] = [{"user": n.user.get_username(), "at": n.created_at, "emailed_at": n.emailed_at}
                            for n in warning.notifications.select_related("user").order_by("created_at")]
        return Response(data)


class Scan(APIView):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        """Run the full warning scan now (supervisor or administrator)."""
        result = services.scan_now(request.user)
        return Response({"findings": result.findings, "raised": result.raised, "updated": result.updated,
                         "escalated": result.escalated, "cleared": result.cleared, "notified": result.notified,
                         "seconds": round(result.seconds, 3)})


def rule_data(rule, setting) -> dict:
    return {"code": rule.code, "name": rule.name, "basis": rule.basis, "description": rule.description,
            "subject": rule.subject, "lead_unit": rule.lead_unit, "uses_grace": rule.uses_grace, **setting.__dict__,
            "version": RuleSetting.objects.filter(rule=rule.code).values_list("version", flat=True).first()}


class Rules(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        _require(request.user, selectors.STAFF_ROLES)
        settings = base.effective_settings()
        return Response([rule_data(r, settings[r.code]) for r in base.rules()])


class RuleDetail(APIView):
    def _rule(self, code):
        rule = base.get(code)
        if rule is None:
            raise Http404
        return rule

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, code):
        _require(request.user, selectors.STAFF_ROLES)
        return Response(rule_data(self._rule(code), base.effective_settings()[code]))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def patch(self, request, code):
        """Administrator: ``enabled``, ``lead_days``, ``grace_days``, ``to_agency_head_after``, ``to_supervisor_after``, ``email``."""
        rule = self._rule(code)
        if request.user.role != Role.ADMIN:
            raise PermissionDenied("只有系统管理员可以设置预警规则")
        if "version" not in _data(request) and RuleSetting.objects.filter(rule=code).exists():
            raise DjangoValidationError({"version": "请提供设置的版本号（version）"})
        current = base.effective_settings()[code].__dict__
        form = RuleSettingForm({**current, **{k: v for k, v in _data(request).items()}})
        data = _parse(form)
        services.configure_rule(request.user, code, form.settings(), version=data.get("version"))
        return Response(rule_data(rule, base.effective_settings()[code]))


class Notifications(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        _require(request.user, selectors.STAFF_ROLES)
        return _paged(request, self, selectors.notifications(request.user), lambda n: {
            "id": n.pk, "text": n.text, "link": n.link, "warning": n.warning_id, "created_at": n.created_at,
            "read_at": n.read_at})

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        """Mark read: ``{"ids": [..]}``, or all when no ids are given."""
        _require(request.user, selectors.STAFF_ROLES)
        ids = _data(request).get("ids")
        if ids is not None and (not isinstance(ids, list) or not all(isinstance(i, int) for i in ids)):
            raise DjangoValidationError({"ids": "通知编号（ids）须为整数列表"})
        return Response({"marked": services.mark_read(request.user, ids)})


def case_row(case) -> dict:
    return {"id": case.pk, "number": case.display_number, "agency": case.agency_id, "agency_name": case.agency.name,
            "title": case.title, "procedure": case.procedure_code, "stage": case.stage, "status": case.status,
            "red": case.red, "yellow": case.yellow}


class Cases(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """The region's (or the agency's) cases with their open warnings; filters as the case list page."""
        from .forms import CaseFilterForm

        _require(request.user, CASE_LIST_ROLES, "只有执法监督人员和执法机关工作人员可以查看案件")
        data = _parse(CaseFilterForm(request.query_params, user=request.user))
        return _paged(request, self, filtered_cases(request.user, data), case_row)


class CaseAccess(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        """R8: open a case for reading with ``purpose`` and ``reason`` (optionally the ``warning``); then the
        case, its documents, evidence and case file answer under /api/v1/cases/<id>/… for the access's duration."""
        _require(request.user, {Role.SUPERVISOR}, "只有执法监督人员调阅案件")
        case = selectors.case_in_region(request.user, pk)
        data = _parse(AccessForm(_data(request)))
        warning = Warning.objects.filter(pk=data["warning"], case=case).first() if data.get("warning") else None
        if data.get("warning") and warning is None:
            raise DjangoValidationError({"warning": "所选预警不是本案的预警"})
        access = services.open_access(request.user, case, purpose=data["purpose"], reason=data["reason"],
                                      warning=warning)
        return Response(access_data(access), status=status.HTTP_201_CREATED)


class Accesses(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        _require(request.user, CASE_LIST_ROLES, "只有执法机关工作人员和执法监督人员可以查看调阅记录")
        return _paged(request, self, selectors.accesses(request.user), access_data)


def _filters(request):
    form = StatisticsForm(request.query_params or None, user=request.user)
    if not request.query_params:
        return statistics.Filters(user=request.user, period=statistics.Period.this_year())
    data = _parse(form)
    return statistics.Filters(user=request.user, period=statistics.Period(data["start"], data["end"]),
                              region=data.get("region") or "", agency=data.get("agency"))


class Statistics(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """The dashboard's figures for ``from``, ``to``, ``region``, ``agency`` (each row with its drill-down filters)."""
        _require(request.user, selectors.STATISTICS_ROLES, "只有执法监督人员和执法机关负责人可以查看统计")
        f = _filters(request)
        data = statistics.dashboard(f)
        body = {name: [row_data(r) for r in rows] for name, rows in data.items() if name != "totals"}
        body["totals"] = data["totals"]
        body["period"] = {"from": f.period.start, "to": f.period.end}
        return Response(body)


def scorecard_data(card) -> dict:
    return {"agency": card.agency.pk, "agency_name": card.agency.name, "score": card.score, "weight": card.weight,
            "items": [{"code": line.item.code, "name": line.item.name, "weight": line.item.weight,
                       "basis": line.item.basis, "value": line.measure.value, "points": line.points,
                       "evidence": line.measure.evidence, "link": line.measure.link} for line in card.lines]}


class Scorecards(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        _require(request.user, selectors.STATISTICS_ROLES, "只有执法监督人员和执法机关负责人可以查看考评")
        f = _filters(request)
        agencies = scorecard.scored_agencies(request.user)
        return Response([scorecard_data(card) for card in scorecard.scorecards(request.user, agencies, f.period)])


class ScorecardDetail(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, agency_pk):
        _require(request.user, selectors.STATISTICS_ROLES, "只有执法监督人员和执法机关负责人可以查看考评")
        f = _filters(request)
        agency = scorecard.scored_agencies(request.user).filter(pk=agency_pk).first()
        if agency is None:
            raise Http404
        return Response(scorecard_data(scorecard.scorecard(request.user, agency, f.period)))


def task_data(t) -> dict:
    return {"id": t.pk, "region_code": t.region_code, "title": t.title, "lead_unit": t.lead_unit,
            "responsible_units": t.responsible_units, "starts_on": t.starts_on, "due_on": t.due_on, "status": t.status,
            "completed_on": t.completed_on, "progress": t.progress, "order": t.order, "version": t.version}


class Tasks(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        _require(request.user, selectors.TASK_READERS)
        return Response([task_data(t) for t in selectors.tasks(request.user).order_by("order", "starts_on", "pk")])

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        _require(request.user, {Role.SUPERVISOR}, "只有执法监督人员可以维护实施任务")
        form = TaskForm(_data(request))
        _parse(form)
        return Response(task_data(implementation.create_task(request.user, form.data_for_service())),
                        status=status.HTTP_201_CREATED)


class TaskDetail(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        _require(request.user, selectors.TASK_READERS)
        return Response(task_data(selectors.get_task(request.user, pk)))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def patch(self, request, pk):
        _require(request.user, {Role.SUPERVISOR}, "只有执法监督人员可以维护实施任务")
        task = selectors.get_task(request.user, pk)
        if "version" not in _data(request):
            raise DjangoValidationError({"version": "请提供任务的版本号（version）"})
        current = task_data(task)
        form = TaskForm({**current, **{k: v for k, v in _data(request).items()}}, instance=task)
        data = _parse(form)
        return Response(task_data(implementation.update_task(request.user, task, form.data_for_service(),
                                                             version=data["version"])))


def plan_data(plan) -> dict:
    return {"id": plan.pk, "title": plan.title, "region_code": plan.region_code, "status": plan.status,
            "agencies": sorted(plan.agencies.values_list("pk", flat=True)), "closed_from": plan.closed_from,
            "closed_to": plan.closed_to, "per_agency": plan.per_agency, "checklist": plan.checklist_id,
            "items": plan.items, "seed": plan.seed, "drawn_at": plan.drawn_at, "draw_digest": plan.draw_digest,
            "version": plan.version}


def evaluation_data(e) -> dict:
    return {"id": e.pk, "plan": e.plan_id, "case": e.case_id, "case_number": e.case.display_number,
            "agency": e.agency_id, "draw_order": e.draw_order, "status": e.status, "score": e.score, "grade": e.grade,
            "summary": e.summary, "scored_at": e.scored_at, "version": e.version,
            "scores": [{"code": s.code, "category": s.category, "text": s.text, "points": s.points, "score": s.score,
                        "finding": s.finding} for s in e.scores.all()]}


class Plans(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        _require(request.user, EVALUATION_READERS)
        return Response([plan_data(p) for p in selectors.plans(request.user)])

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        _require(request.user, {Role.SUPERVISOR}, "只有执法监督人员可以组织案卷评查")
        data = _parse(PlanForm(_data(request), user=request.user))
        plan = evaluation_service.create_plan(
            request.user, title=data["title"], agencies=data["agencies"], closed_from=data["closed_from"],
            closed_to=data["closed_to"], per_agency=data["per_agency"], checklist=data["checklist"], seed=data["seed"])
        return Response(plan_data(plan), status=status.HTTP_201_CREATED)


class PlanDetail(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        _require(request.user, EVALUATION_READERS)
        plan = selectors.get_plan(request.user, pk)
        body = plan_data(plan)
        body["evaluations"] = [evaluation_data(e) for e in selectors.evaluations(request.user, plan)]
        return Response(body)


class PlanDraw(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        _require(request.user, {Role.SUPERVISOR}, "只有执法监督人员可以抽取案卷")
        plan = selectors.get_plan(request.user, pk)
        evaluation_service.draw(request.user, plan, version=_data(request).get("version"))
        plan.refresh_from_db()
        body = plan_data(plan)
        body["evaluations"] = [evaluation_data(e) for e in selectors.evaluations(request.user, plan)]
        return Response(body)


class EvaluationDetail(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        _require(request.user, EVALUATION_READERS)
        return Response(evaluation_data(selectors.get_evaluation(request.user, pk)))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        """Score: ``score_<code>`` and ``finding_<code>`` for every checklist item, ``summary``, ``version``."""
        _require(request.user, {Role.SUPERVISOR}, "只有执法监督人员可以评分")
        item = selectors.get_evaluation(request.user, pk)
        form = ScoreForm(_data(request), items=item.plan.items, evaluation=item)
        data = _parse(form)
        evaluation_service.score(request.user, item, scores=form.scores(), summary=data["summary"],
                                 version=data["version"])
        item.refresh_from_db()
        return Response(evaluation_data(item))


def rectification_data(r) -> dict:
    return {"id": r.pk, "agency": r.agency_id, "notice": r.notice_id, "evaluation": r.evaluation_id,
            "source": r.source_label, "requirement": r.requirement, "due_on": r.due_on, "status": r.status,
            "status_display": r.get_status_display(), "report": r.report, "reported_at": r.reported_at,
            "verdict": r.verdict, "verified_at": r.verified_at, "version": r.version}


class EvaluationRectification(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        _require(request.user, {Role.SUPERVISOR}, "只有执法监督人员可以下达整改要求")
        item = selectors.get_evaluation(request.user, pk)
        data = _parse(RectificationRequireForm(_data(request)))
        rectification = evaluation_service.require_rectification(request.user, item, **data)
        return Response(rectification_data(rectification), status=status.HTTP_201_CREATED)


class Rectifications(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        _require(request.user, RECTIFICATION_ROLES)
        return _paged(request, self, selectors.rectifications(request.user), rectification_data)


class RectificationDetail(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        _require(request.user, RECTIFICATION_ROLES)
        return Response(rectification_data(selectors.get_rectification(request.user, pk)))


class RectificationReport(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        _require(request.user, selectors.HEADS, "只有被要求整改单位的负责人可以报送整改情况")
        item = selectors.get_rectification(request.user, pk)
        data = _parse(ReportForm(_data(request)))
        return Response(rectification_data(notices.report(request.user, item, text=data["report"],
                                                          version=data["version"])))


class RectificationVerify(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        _require(request.user, {Role.SUPERVISOR}, "只有执法监督人员可以审核整改情况")
        item = selectors.get_rectification(request.user, pk)
        data = _parse(VerifyForm(_data(request)))
        return Response(rectification_data(notices.verify(request.user, item, accept=data["accept"],
                                                          verdict=data["verdict"], new_due_on=data["new_due_on"],
                                                          version=data["version"])))


def notice_data(n, user) -> dict:
    return {"id": n.pk, "number": n.number, "kind": n.kind, "title": n.title, "body": n.body,
            "issued_at": n.issued_at, "rectification_required": n.rectification_required,
            "rectification_due_on": n.rectification_due_on,
            "recipients": [{"agency": r.agency_id, "acknowledged_at": r.acknowledged_at}
                           for r in selectors.notice_recipients(user, n)]}


class Notices(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        _require(request.user, NOTICE_READERS)
        return _paged(request, self, selectors.notices(request.user), lambda n: notice_data(n, request.user))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        _require(request.user, {Role.SUPERVISOR}, "只有执法监督人员可以发布通报")
        data = _parse(NoticeForm(_data(request), user=request.user))
        notice = notices.issue_notice(request.user, **data)
        return Response(notice_data(notice, request.user), status=status.HTTP_201_CREATED)


class NoticeDetail(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        _require(request.user, NOTICE_READERS)
        return Response(notice_data(selectors.get_notice(request.user, pk), request.user))


class NoticeAcknowledge(APIView):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        _require(request.user, selectors.HEADS, "只有被通报单位的负责人可以签收")
        notice = selectors.get_notice(request.user, pk)
        recipient = selectors.notice_recipients(request.user, notice).first()
        if recipient is None:
            raise PermissionDenied("本单位不是该通报的通报对象")
        notices.acknowledge(request.user, recipient)
        return Response(notice_data(notice, request.user))
