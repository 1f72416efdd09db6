"""Annual reports through the API: published ones for anyone; drafting, approval and publication for staff."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.core.api import problem
from zhifa.disclosure import permissions
from zhifa.disclosure.api import PublicView, _invalid
from zhifa.disclosure.qr import public_url

from . import figures, selectors, services
from .forms import ManualForm, NewReportForm


def _record(report, *, public: bool) -> dict:
    record = {
        "id": report.pk, "agency": report.agency.name, "report_year": report.report_year, "title": report.title,
        "report_due_on": report.report_due_on, "published_at": report.published_at,
        "reported_to": report.reported_to.name if report.reported_to_id else None,
        "figures": report.figures, "manual": report.manual, "narrative": report.narrative,
        "sections": [{"title": t, "rows": [{"label": label, "value": v} for label, v in rows]}
                     for t, rows in figures.sections(report.figures)],
    }
    if public:
        record["pdf"] = public_url(reverse("annualreports_public:pdf", args=[report.pk]))
    else:
        record.update({"status": report.status, "status_display": report.get_status_display(),
                       "approved_at": report.approved_at, "pdf_sha256": report.pdf_sha256, "version": report.version})
    return record


class PublicReports(PublicView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response([_record(r, public=True) for r in selectors.published()])


class PublicReport(PublicView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        report = selectors.get_published(pk)
        if report is None:
            return problem(404, "年度报告不存在或尚未公布")
        return Response(_record(report, public=True))


class Reports(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        if request.user.role not in permissions.READERS:
            raise PermissionDenied("只有公示管理员、机关负责人和执法监督人员可以查看年度报告")
        return Response([_record(r, public=False) for r in selectors.reports(request.user)])

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        """Generate (or refresh) the draft of ``year`` for the caller's agency."""
        if not selectors.can_draft(request.user):
            raise PermissionDenied("只有本机关公示管理员或机关负责人可以编制年度报告")
        form = NewReportForm(data=request.data)
        if not form.is_valid():
            raise _invalid(form)
        report = services.generate(request.user, request.user.agency, form.cleaned_data["year"])
        return Response(_record(report, public=False), status=status.HTTP_201_CREATED)


class Report(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        return Response(_record(selectors.get_report(request.user, pk), public=False))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def patch(self, request, pk):
        """The outcomes entered by hand and the narrative of a draft (send every figure and ``version``)."""
        report = selectors.get_report(request.user, pk)
        if not permissions.can_manage(request.user, report.agency):
            raise PermissionDenied("只有本机关公示管理员或机关负责人可以编制年度报告")
        form = ManualForm(data=request.data)
        if not form.is_valid():
            raise _invalid(form)
        report = services.update_draft(request.user, report, manual=form.manual(),
                                       narrative=form.cleaned_data["narrative"], version=form.cleaned_data["version"])
        return Response(_record(report, public=False))


class ReportAction(APIView):
    action = None

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        report = selectors.get_report(request.user, pk)
        try:
            report = getattr(services, self.action)(request.user, report, version=request.data.get("version"))
        except services.ReportUnavailable as exc:
            return problem(503, f"无法生成盖章的年度报告：{exc.message}")
        return Response(_record(report, public=False))


class Approve(ReportAction):
    action = "approve"


class Publish(ReportAction):
    action = "publish"
