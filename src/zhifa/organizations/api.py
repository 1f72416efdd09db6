"""The registry's REST API under ``/api/v1/``: the same selectors, services and permissions as the pages.

Reads go through the scoped selectors, so a record outside the caller's scope is a 404 and never
appears in a list. Writes go through the services (permission, the model's full validation,
optimistic locking, journal): a bad field is a 400 whose ``errors`` name the field in Chinese, a
stale ``version`` a 409, a role that may not write a 403 — all as RFC 9457 problem details.

Systems authenticate with a token: ``manage.py drf_create_token <username>`` issues one for an
existing user (with that user's role and scope), sent as ``Authorization: Token <key>``.
"""

import copy

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, mixins, serializers, viewsets
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.core.api import id_field, problem

from . import roster, selectors
from . import serializers as s
from .forms import QualificationForm
from .models import Person, ReviewerQualification
from .sections import SECTIONS, Section
from .services import ConflictError, save_qualification


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "该记录已被他人修改，请刷新后重试"
    default_code = "conflict"


def call_service(function, *args, **kwargs):
    """A service call as the API answers it: conflicts are 409 and refusals keep their Chinese reason."""
    try:
        return function(*args, **kwargs)
    except ConflictError as exc:
        raise Conflict(exc.message) from exc
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc


# Filters: the list pages' filters (``Section.filters``), typed, plus the agency where the selector takes one.

NUMERIC_FILTERS = {"expiring_within": (0, 3650), "year": (1949, 2999)}


def filter_serializer(section: Section, *, agency: bool):
    fields = {}
    for name, (label, choices) in section.filters.items():
        if name in NUMERIC_FILTERS:
            low, high = NUMERIC_FILTERS[name]
            fields[name] = serializers.IntegerField(label=label, required=False, min_value=low, max_value=high)
        elif choices is None:
            fields[name] = serializers.CharField(label=label, required=False, allow_blank=True, max_length=50)
        else:
            fields[name] = serializers.ChoiceField(
                label=label, required=False, allow_blank=True, choices=[c for c in choices if c[0]]
            )
    if agency:
        fields["agency"] = id_field(label="执法主体", required=False)
    return type(f"{section.key.title()}Filter", (serializers.Serializer,), fields)


def parse_query(serializer_class, request) -> dict:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return {k: v for k, v in query.validated_data.items() if v not in ("", None)}


class SectionPermission(BasePermission):
    """Create and edit rights as the pages have them (``Section.can_create`` / ``can_edit``)."""

    def has_permission(self, request, view):
        if view.action == "create" and not view.section.can_create(request.user):
            self.message = f"您无权新增{view.section.title}"
            return False
        return True

    def has_object_permission(self, request, view, obj):
        if view.action in ("update", "partial_update") and not view.section.can_edit(request.user, obj):
            self.message = f"您无权修改该{view.section.title}"
            return False
        return True


PROBLEMS = {
    400: OpenApiResponse(s.ProblemSerializer, description="数据有误：errors 按字段列出中文说明"),
    403: OpenApiResponse(s.ProblemSerializer, description="无权操作"),
    404: OpenApiResponse(s.ProblemSerializer, description="不存在或不在您的管辖范围内"),
    409: OpenApiResponse(s.ProblemSerializer, description="版本号已过期：记录已被他人修改"),
}


def _responses(serializer_class, *codes, ok=200):
    return {ok: serializer_class, **{code: PROBLEMS[code] for code in codes}}


def registry_schema(section: Section, serializer_class, filters):
    title, tags = section.title, [section.title]
    return extend_schema_view(
        list=extend_schema(summary=f"{title}列表", tags=tags, parameters=[filters],
                           responses=serializer_class(many=True)),
        retrieve=extend_schema(summary=f"{title}详情", tags=tags, responses=_responses(serializer_class, 404)),
        create=extend_schema(summary=f"新增{title}", tags=tags,
                             responses=_responses(serializer_class, 400, 403, ok=201)),
        update=extend_schema(summary=f"修改{title}", tags=tags,
                             responses=_responses(serializer_class, 400, 403, 404, 409)),
        partial_update=extend_schema(summary=f"修改{title}（部分字段）", tags=tags,
                                     responses=_responses(serializer_class, 400, 403, 404, 409)),
    )


class RegistryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and edit one kind of registry record, described by its :class:`Section`."""

    section: Section
    filter_class: type
    prefetch: tuple = ()  # many-to-many fields the serializer shows: one query per page, not per record
    permission_classes = [IsAuthenticated, SectionPermission]

    def get_queryset(self):
        filters = parse_query(self.filter_class, self.request) if self.action == "list" else {}
        queryset = self.section.selector(self.request.user, **filters)
        return queryset.prefetch_related(*self.prefetch) if self.prefetch else queryset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action != "list":  # personal data never travels in lists
            context["reveal_private"] = lambda obj: self.section.can_edit(self.request.user, obj)
        return context

    def perform_create(self, serializer):
        serializer.instance = call_service(self.section.create, self.request.user, serializer.service_data())

    def perform_update(self, serializer):
        serializer.instance = call_service(
            self.section.update, self.request.user, serializer.instance, serializer.service_data(),
            version=serializer.validated_data["version"],
        )


def registry_viewset(key: str, serializer_class, *, agency_filter: bool = True, section: Section | None = None,
                     prefetch: tuple = ()):
    """A viewset for the section ``key``, with its filters typed and documented in the schema."""
    section = section or SECTIONS[key]
    filters = filter_serializer(section, agency=agency_filter)
    attrs = {
        "section": section,
        "filter_class": filters,
        "serializer_class": serializer_class,
        "queryset": serializer_class.Meta.model.objects.none(),  # the schema's hint; reads use the selector
        "prefetch": prefetch,
        "__doc__": f"{section.title}：列表（可检索、筛选）、详情、新增、修改。",
    }
    name = f"{section.key.title()}ViewSet"
    return registry_schema(section, serializer_class, filters)(type(name, (RegistryViewSet,), attrs))


# Reviewers' legal qualifications (L1): kept on the person, read and written through the person's scope.


def qualifications(user, *, q: str = "", agency=None):
    people = selectors.people(user, q=q, agency=agency)
    return ReviewerQualification.objects.filter(person__in=people).select_related("person").order_by("person__name")


QUALIFICATIONS = Section(
    key="qualification", title="法制审核资格", form=QualificationForm, selector=qualifications,
    create=lambda user, data: save_qualification(user, data.pop("person"), data),
    update=lambda user, obj, data, version: save_qualification(user, obj.person, data, version=version),
    columns=(), filters={"q": ("姓名或证号", None)},
    can_create=SECTIONS["person"].can_create,
    can_edit=lambda user, obj: SECTIONS["person"].can_edit(user, obj.person),
)

AgencyViewSet = registry_viewset("agency", s.AgencySerializer, agency_filter=False)
DepartmentViewSet = registry_viewset("department", s.DepartmentSerializer)
PersonViewSet = registry_viewset("person", s.PersonSerializer)
CertificateViewSet = registry_viewset("certificate", s.CertificateSerializer)
QualificationViewSet = registry_viewset("qualification", s.QualificationSerializer, section=QUALIFICATIONS)
AdviserViewSet = registry_viewset("adviser", s.AdviserSerializer, agency_filter=False)
TrainingViewSet = registry_viewset("training", s.TrainingSerializer, prefetch=("attendees",))
DeviceViewSet = registry_viewset("device", s.DeviceSerializer)


# The computed figures (L1, O1, O2).


class DaysQuery(serializers.Serializer):
    days = serializers.IntegerField(label="天数", required=False, min_value=0, max_value=3650,
                                    help_text="默认取系统设置（30天）")


class YearQuery(serializers.Serializer):
    year = serializers.IntegerField(label="年度", required=False, min_value=1949, max_value=2999, help_text="默认本年")


class ReviewerRatioView(APIView):
    """Legal reviewers ÷ officers per agency against the minimum share (L1, default 5%)."""

    @extend_schema(responses=s.ReviewerRatioSerializer(many=True))
    def get(self, request):
        return Response(s.ReviewerRatioSerializer(selectors.reviewer_ratios(request.user), many=True).data)


@extend_schema_view(get=extend_schema(parameters=[DaysQuery]))
class ExpiringCertificatesView(generics.ListAPIView):
    """Active certificates expiring within ``days`` days (O1), soonest first."""

    serializer_class = s.CertificateSerializer
    queryset = s.CertificateSerializer.Meta.model.objects.none()

    def get_queryset(self):
        days = parse_query(DaysQuery, self.request).get("days", settings.ZHIFA["CERTIFICATE_EXPIRY_WARNING_DAYS"])
        return selectors.expiring_certificates(self.request.user, days)


@extend_schema_view(get=extend_schema(parameters=[YearQuery]))
class UntrainedPeopleView(generics.ListAPIView):
    """Active officers and reviewers with no training in ``year`` (O2: at least one a year)."""

    serializer_class = s.PersonSerializer
    queryset = Person.objects.none()

    def get_queryset(self):
        year = parse_query(YearQuery, self.request).get("year", timezone.localdate().year)
        return selectors.untrained_people(self.request.user, year)


# The officer roster (Excel).


class IgnoreAcceptNegotiation(BaseContentNegotiation):
    """The export answers a workbook whatever the client accepts; errors are still JSON problem details."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


ROSTER_SOURCES = {"person": PersonViewSet, "certificate": CertificateViewSet}


def _roster_export_query():
    """``source`` and ``blank``, then the filters of the list the export mirrors (people or certificates)."""
    fields = {
        "source": serializers.ChoiceField(label="导出范围", choices=[("person", "人员列表"), ("certificate", "执法证列表")],
                                          required=False, default="person"),
        "blank": serializers.BooleanField(label="只导出空白模板", required=False, default=False),
    }
    for viewset in ROSTER_SOURCES.values():
        for name, field in viewset.filter_class._declared_fields.items():
            fields.setdefault(name, copy.deepcopy(field))
    return type("RosterExportQuery", (serializers.Serializer,), fields)


RosterExportQuery = _roster_export_query()


class RosterExportView(APIView):
    """The officer roster as an .xlsx workbook, within the caller's scope (ID numbers only for roster keepers)."""

    content_negotiation_class = IgnoreAcceptNegotiation

    @extend_schema(parameters=[RosterExportQuery], responses={(200, roster.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY})
    def get(self, request):
        options = parse_query(RosterExportQuery, request)
        source = options.get("source", "person")
        accepted = ROSTER_SOURCES[source].filter_class._declared_fields
        filters = {k: v for k, v in options.items() if k in accepted}
        content = roster.export_roster(request.user, source=source, blank=options.get("blank", False), **filters)
        response = HttpResponse(content, content_type=roster.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, roster.export_filename())
        return response


class RosterImportView(APIView):
    """Imports an .xlsx roster all or nothing; a bad file answers 400 with every row's errors and changes nothing."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": s.RosterUploadSerializer},
        responses={
            200: s.RosterSummarySerializer,
            400: OpenApiResponse(s.RosterProblemSerializer, description="文件无法读取，或各行错误（errors：行号、列、说明）"),
            403: OpenApiResponse(s.ProblemSerializer, description="只有机关负责人和系统管理员可以导入"),
            413: OpenApiResponse(s.ProblemSerializer, description="文件或数据行过多"),
            415: OpenApiResponse(s.ProblemSerializer, description="不是 .xlsx 文件"),
        },
    )
    def post(self, request):
        if not roster.keeps_roster(request.user):
            raise exceptions.PermissionDenied("只有机关负责人和系统管理员可以导入名册")
        upload = s.RosterUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            result = roster.import_roster(request.user, upload.validated_data["file"])
        except roster.RosterFileError as exc:
            return problem(exc.status, exc.message, instance=request.get_full_path())
        except roster.RosterInvalid as exc:
            return problem(400, exc.message, errors=exc.as_list(), instance=request.get_full_path())
        return Response(s.RosterSummarySerializer(result).data)
