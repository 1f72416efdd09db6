"""Rule-list API: read published versions (everyone in scope), manage drafts (administrators).

Entry writes reuse the page forms for parsing, and the same services for every rule, so the
API and the pages cannot disagree.
"""

import json

from django.forms.models import model_to_dict
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.core.api import id_field, problem
from zhifa.organizations.selectors import agencies as scoped_agencies

from . import content, selectors, services
from .discretion import ProposedPenalty, check
from .excel import ImportFailed, export_powers, import_powers
from .flowchart import render_svg
from .forms import ENTRY_FORMS, ImportForm, MajorCheckForm, TierForm
from .major import is_major
from .models import (
    DiscretionBenchmark,
    DiscretionTier,
    PenaltyKind,
    Procedure,
    RuleList,
    RuleListVersion,
    Tier,
)
from .procedures import definition_errors


class VersionSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = RuleListVersion
        fields = ["id", "rule_list", "number", "status", "status_display", "effective_from", "note", "published_at",
                  "digest"]


class RuleListSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", default="国家默认", read_only=True)
    current_version = serializers.SerializerMethodField()
    revision_due = serializers.SerializerMethodField()
    laws = serializers.SlugRelatedField(slug_field="title", many=True, read_only=True)

    class Meta:
        model = RuleList
        fields = ["id", "kind", "name", "agency", "agency_name", "laws", "current_version", "revision_due"]

    def get_current_version(self, rule_list) -> int | None:
        version = selectors.current_version(rule_list)
        return version.pk if version else None

    def get_revision_due(self, rule_list) -> list[str]:
        return [law.title for law in selectors.revision_due(rule_list)]


class RuleListDetailSerializer(RuleListSerializer):
    versions = serializers.SerializerMethodField()

    class Meta(RuleListSerializer.Meta):
        fields = [*RuleListSerializer.Meta.fields, "versions"]

    @extend_schema(responses=VersionSerializer(many=True))
    def get_versions(self, rule_list) -> list[dict]:
        return VersionSerializer(selectors.versions(self.context["request"].user, rule_list), many=True).data


def _entry_dict(row) -> dict:
    data = {"id": row.pk, **{k: v for k, v in model_to_dict(row).items() if k not in ("id", "version")}}
    if isinstance(row, DiscretionBenchmark):
        data["citations"] = row.citations
        data["tiers"] = [{"id": t.pk, **{k: v for k, v in model_to_dict(t).items() if k not in ("id", "benchmark")}}
                         for t in row.tiers.order_by("pk")]
    if hasattr(row, "basis_citations"):
        data["basis_citations"] = row.basis_citations
    return data


def version_content(version) -> dict:
    return {
        services.entry_type_of(model): [_entry_dict(row) for row in content.entries(version, model)]
        for model in content.ENTRY_MODELS[version.rule_list.kind]
    }


class VersionDetailSerializer(VersionSerializer):
    content = serializers.SerializerMethodField()

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "content"]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get_content(self, version) -> dict:
        return version_content(version)


class CreateListRequest(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RuleList.Kind.choices)
    name = serializers.CharField(max_length=200)
    agency = id_field()


class AdoptRequest(serializers.Serializer):
    agency = id_field()


class PublishRequest(serializers.Serializer):
    effective_from = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _agency(user, pk):
    agency = scoped_agencies(user).filter(pk=pk).first()
    if agency is None:
        raise serializers.ValidationError({"agency": ["执法主体不存在或不在您的管辖范围内"]})
    return agency


class RuleLists(APIView):
    @extend_schema(responses=RuleListSerializer(many=True))
    def get(self, request):
        lists = selectors.rule_lists(request.user, kind=request.query_params.get("kind", ""))
        return Response(RuleListSerializer(lists, many=True).data)

    @extend_schema(request=CreateListRequest, responses={201: RuleListSerializer})
    def post(self, request):
        body = CreateListRequest(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["agency"] = _agency(request.user, data["agency"])
        rule_list = services.create_list(request.user, **data)
        return Response(RuleListSerializer(rule_list).data, status=201)


def _list(request, pk):
    return get_object_or_404(selectors.rule_lists(request.user), pk=pk)


class LawsRequest(serializers.Serializer):
    laws = serializers.ListField(child=id_field(), help_text="依据的法律法规ID；其修改超过一个月而清单未修订时标记逾期（P9）")


class RuleListDetail(APIView):
    @extend_schema(responses=RuleListDetailSerializer)
    def get(self, request, pk):
        return Response(RuleListDetailSerializer(_list(request, pk), context={"request": request}).data)

    @extend_schema(request=LawsRequest, responses=RuleListDetailSerializer)
    def patch(self, request, pk):
        from zhifa.laws.models import Law

        rule_list = _list(request, pk)
        body = LawsRequest(data=request.data)
        body.is_valid(raise_exception=True)
        laws = list(Law.objects.filter(pk__in=body.validated_data["laws"]))
        missing = set(body.validated_data["laws"]) - {law.pk for law in laws}
        if missing:
            raise serializers.ValidationError({"laws": [f"法律法规不存在：{'、'.join(map(str, sorted(missing)))}"]})
        services.set_laws(request.user, rule_list, laws)
        return Response(RuleListDetailSerializer(rule_list, context={"request": request}).data)


class StartDraft(APIView):
    """Editing makes a draft (P9): a copy of the latest published version."""

    @extend_schema(request=None, responses={201: VersionDetailSerializer})
    def post(self, request, pk):
        draft = services.start_draft(request.user, _list(request, pk), note=request.data.get("note", ""))
        return Response(VersionDetailSerializer(draft).data, status=201)


class Adopt(APIView):
    """Copy a national default into the agency's own list (policy profile)."""

    @extend_schema(request=AdoptRequest, responses={201: RuleListSerializer})
    def post(self, request, pk):
        source = get_object_or_404(selectors.rule_lists(request.user), pk=pk, agency__isnull=True)
        body = AdoptRequest(data=request.data)
        body.is_valid(raise_exception=True)
        agency = _agency(request.user, body.validated_data["agency"])
        return Response(RuleListSerializer(services.adopt(request.user, source, agency)).data, status=201)


def _version(request, pk):
    return get_object_or_404(selectors.visible_versions(request.user), pk=pk)


class VersionDetail(APIView):
    @extend_schema(responses=VersionDetailSerializer)
    def get(self, request, pk):
        return Response(VersionDetailSerializer(_version(request, pk)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        services.discard_draft(request.user, _version(request, pk))
        return Response(status=204)


class Publish(APIView):
    @extend_schema(request=PublishRequest, responses=VersionDetailSerializer)
    def post(self, request, pk):
        version = _version(request, pk)
        body = PublishRequest(data=request.data)
        body.is_valid(raise_exception=True)
        version = services.publish(request.user, version, body.validated_data.get("effective_from"),
                                   body.validated_data["note"])
        return Response(VersionDetailSerializer(version).data)


def _form_data(form_class, instance, data: dict) -> dict:
    """Page forms expect strings for JSON fields and the full row; the API sends JSON and may patch."""
    fields = form_class._meta.fields
    merged = {k: v for k, v in model_to_dict(instance, fields=fields).items()} if instance is not None else {}
    merged.update({k: v for k, v in data.items() if k in fields})
    for name in ("definition", "params"):
        if name in merged and not isinstance(merged[name], str):
            merged[name] = json.dumps(merged[name], ensure_ascii=False)
    return {k: v for k, v in merged.items() if v is not None}


def _bind(form_class, instance, data, **extra):
    form = form_class(_form_data(form_class, instance, data), instance=instance, **extra)
    if not form.is_valid():
        raise serializers.ValidationError(form.errors.get_json_data() and {k: [e["message"] for e in v]
                                                                           for k, v in form.errors.get_json_data().items()})
    return form


class Entries(APIView):
    """Add a row to a draft: ``power``, ``item``, ``procedure``, ``benchmark``, ``major_rule``, ``av``."""

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, pk, entry_type):
        version = _version(request, pk)
        if entry_type not in ENTRY_FORMS:
            raise Http404
        extra = {"version": version} if entry_type == "item" else {}
        form = _bind(ENTRY_FORMS[entry_type], None, request.data, **extra)
        row = services.save_entry(request.user, version, services.ENTRY_TYPES[entry_type], form.service_data())
        return Response(_entry_dict(row), status=201)


class EntryDetail(APIView):
    def _row(self, request, pk, entry_type, entry_pk):
        version = _version(request, pk)
        if entry_type not in ENTRY_FORMS:
            raise Http404
        return version, get_object_or_404(services.ENTRY_TYPES[entry_type], pk=entry_pk, version=version)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk, entry_type, entry_pk):
        return Response(_entry_dict(self._row(request, pk, entry_type, entry_pk)[1]))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def patch(self, request, pk, entry_type, entry_pk):
        version, row = self._row(request, pk, entry_type, entry_pk)
        extra = {"version": version} if entry_type == "item" else {}
        form = _bind(ENTRY_FORMS[entry_type], row, request.data, **extra)
        row = services.save_entry(request.user, version, type(row), form.service_data(), instance=row)
        return Response(_entry_dict(row))

    @extend_schema(responses={204: None})
    def delete(self, request, pk, entry_type, entry_pk):
        services.delete_entry(request.user, self._row(request, pk, entry_type, entry_pk)[1])
        return Response(status=204)


def _benchmark(request, pk):
    return get_object_or_404(DiscretionBenchmark.objects.filter(version__in=selectors.visible_versions(request.user)), pk=pk)


class Tiers(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        benchmark = _benchmark(request, pk)
        form = _bind(TierForm, None, request.data)
        services.save_tier(request.user, benchmark, form.service_data())
        return Response(_entry_dict(benchmark), status=201)


class TierDetail(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def patch(self, request, pk, tier_pk):
        benchmark = _benchmark(request, pk)
        tier = get_object_or_404(DiscretionTier, pk=tier_pk, benchmark=benchmark)
        form = _bind(TierForm, tier, request.data)
        services.save_tier(request.user, benchmark, form.service_data(), instance=tier)
        return Response(_entry_dict(benchmark))

    @extend_schema(responses={204: None})
    def delete(self, request, pk, tier_pk):
        benchmark = _benchmark(request, pk)
        services.delete_tier(request.user, get_object_or_404(DiscretionTier, pk=tier_pk, benchmark=benchmark))
        return Response(status=204)


class CheckRequest(serializers.Serializer):
    tier = serializers.ChoiceField(choices=Tier.choices)
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=PenaltyKind.choices), required=False, default=list)
    fine = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True, min_value=0)
    illegal_gains = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True, min_value=0)
    goods_value = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True, min_value=0)
    fees = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True, min_value=0)


class CheckResultSerializer(serializers.Serializer):
    inside = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    fine_min = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    fine_max = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)


class BenchmarkCheck(APIView):
    """P7: is a proposed penalty inside the chosen tier, and why."""

    @extend_schema(request=CheckRequest, responses=CheckResultSerializer)
    def post(self, request, pk):
        benchmark = _benchmark(request, pk)
        body = CheckRequest(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        tier = data.pop("tier")
        result = check(benchmark, tier, ProposedPenalty(**data))
        return Response(CheckResultSerializer(result).data)


class MatchSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    reason = serializers.CharField()
    basis = serializers.CharField()
    statutory = serializers.BooleanField()
    rule_id = serializers.IntegerField(allow_null=True)


class MajorResultSerializer(serializers.Serializer):
    major = serializers.BooleanField()
    matches = MatchSerializer(many=True)


class IsMajor(APIView):
    """L2, L7: must this decision pass legal review? Facts as in the page form."""

    @extend_schema(request=OpenApiTypes.OBJECT, responses=MajorResultSerializer)
    def post(self, request, pk):
        version = _version(request, pk)
        if version.rule_list.kind != RuleList.Kind.MAJOR:
            return problem(404, "该版本不是重大执法决定法制审核目录")
        data = {k: v for k, v in request.data.items()}
        form = MajorCheckForm(data)
        if not form.is_valid():
            raise serializers.ValidationError({k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()})
        major, matches = is_major(form.facts(), version)
        return Response(MajorResultSerializer({"major": major, "matches": matches}).data)


class ProcedureSerializer(serializers.ModelSerializer):
    errors = serializers.SerializerMethodField()
    flowchart_svg = serializers.SerializerMethodField()

    class Meta:
        model = Procedure
        fields = ["id", "version", "code", "name", "kind", "description", "definition", "errors", "flowchart_svg"]

    def get_errors(self, procedure) -> list[str]:
        return definition_errors(procedure.definition)

    def get_flowchart_svg(self, procedure) -> str:
        return render_svg(procedure.definition, title=procedure.name)


class ProcedureDetail(APIView):
    @extend_schema(responses=ProcedureSerializer)
    def get(self, request, pk):
        procedure = get_object_or_404(Procedure.objects.filter(version__in=selectors.visible_versions(request.user)), pk=pk)
        return Response(ProcedureSerializer(procedure).data)


class ImportReportSerializer(serializers.Serializer):
    powers = serializers.IntegerField()
    items = serializers.IntegerField()


class PowersExcel(APIView):
    """Export (GET, everyone who may read the version) and import (POST, administrators) in the government layout."""

    parser_classes = [MultiPartParser]

    @extend_schema(responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        version = _version(request, pk)
        if version.rule_list.kind != RuleList.Kind.POWERS:
            return problem(404, "该版本不是权责清单")
        return HttpResponse(export_powers(version),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}},
                   responses={200: ImportReportSerializer})
    def post(self, request, pk):
        version = _version(request, pk)
        form = ImportForm(request.data, request.FILES)
        if not form.is_valid():
            raise serializers.ValidationError({"file": ["请上传Excel文件"]})
        try:
            report = import_powers(request.user, version, form.cleaned_data["file"])
        except ImportFailed as exc:
            rows = [{"sheet": r.sheet, "row": r.row, "code": r.code, "errors": r.errors} for r in exc.report.errors]
            return problem(400, "Excel中有错误的行，未导入任何数据", errors=rows)
        return Response(ImportReportSerializer(report).data)


class FirstViolationSerializer(serializers.ModelSerializer):
    list_name = serializers.CharField(source="version.rule_list.name", read_only=True)

    class Meta:
        model = DiscretionBenchmark
        fields = ["id", "version", "list_name", "code", "violation", "provisions_violated", "provisions_penalised",
                  "first_violation_conditions"]


class FirstViolationList(APIView):
    """PL Art. 33: the first-violation no-penalty list of the benchmarks in force."""

    @extend_schema(responses=FirstViolationSerializer(many=True))
    def get(self, request):
        return Response(FirstViolationSerializer(selectors.first_violation_list(request.user), many=True).data)


class DeadlineQuery(serializers.Serializer):
    stage = serializers.CharField()
    event_date = serializers.DateField(help_text="起算环节开始之日")


class DeadlineAnswer(serializers.Serializer):
    stage = serializers.CharField()
    description = serializers.CharField()
    deadline = serializers.DateField()
    confirmed = serializers.BooleanField(help_text="期间所经年份均已有国务院放假通知数据")


class ProcedureDeadline(APIView):
    """The last day of a stage's period from the day its starting stage began (PL Art. 85)."""

    @extend_schema(parameters=[DeadlineQuery], responses=DeadlineAnswer)
    def get(self, request, pk):
        from .procedures import deadline, describe_deadline, stage

        procedure = get_object_or_404(Procedure.objects.filter(version__in=selectors.visible_versions(request.user)), pk=pk)
        query = DeadlineQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = stage(procedure.definition, query.validated_data["stage"])
        if found is None:
            raise serializers.ValidationError({"stage": [f"流程“{procedure.name}”没有环节“{query.validated_data['stage']}”"]})
        if not found.get("deadline"):
            raise serializers.ValidationError({"stage": [f"环节“{found['name']}”没有期限"]})
        end = deadline(found["deadline"], query.validated_data["event_date"])
        return Response({"stage": found["code"], "description": describe_deadline(procedure.definition, found["deadline"]),
                         "deadline": end.as_date(), "confirmed": end.confirmed})
