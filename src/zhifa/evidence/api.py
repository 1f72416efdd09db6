"""The evidence API under ``/api/v1/``: a case's evidence, one item, its file (Range), withdrawal.

Uploading is the tus endpoint ``/evidence/uploads/`` itself (token or session). Reads are scoped
like the pages (:func:`zhifa.cases.selectors.get_case`): another agency's case or item is a 404.
Every fetch of a file is journalled as a record access (R8), as on the pages.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.organizations.api import IgnoreAcceptNegotiation
from zhifa.organizations.serializers import ProblemSerializer

from . import selectors, services, views
from .models import Evidence


class EvidenceSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.display_number", read_only=True)
    collector_name = serializers.CharField(source="collector.name", read_only=True, default="")
    device_label = serializers.SerializerMethodField()
    uploaded_by_name = serializers.SerializerMethodField()
    content_url = serializers.SerializerMethodField()
    is_av = serializers.BooleanField(read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id", "case", "case_number", "kind", "title", "description", "original_name", "content_type", "size",
            "sha256", "stage", "is_av", "captured_from", "captured_to", "place", "collector", "collector_name",
            "object_to_prove", "device", "device_label", "late", "late_reason", "uploaded_by", "uploaded_by_name",
            "uploaded_at", "withdrawn_at", "withdrawn_reason", "content_url",
        ]
        read_only_fields = fields

    def get_device_label(self, obj) -> str:
        return str(obj.device) if obj.device_id else ""

    def get_uploaded_by_name(self, obj) -> str:
        return obj.uploaded_by.get_full_name() or obj.uploaded_by.get_username()

    def get_content_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("api-evidence-content", args=[obj.pk])


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(label="撤回理由", allow_blank=True, required=False, default="")


NOT_FOUND = {404: OpenApiResponse(ProblemSerializer, description="不存在或无权查看")}


@extend_schema(summary="案件的证据列表", tags=["证据"])
class CaseEvidenceList(generics.ListAPIView):
    serializer_class = EvidenceSerializer
    queryset = Evidence.objects.none()

    def get_queryset(self):
        _, items = selectors.case_evidence_for(self.request.user, self.kwargs["case_pk"])
        return items


@extend_schema(summary="证据详情", tags=["证据"], responses={200: EvidenceSerializer, **NOT_FOUND})
class EvidenceDetail(APIView):
    def get(self, request, pk):
        return Response(EvidenceSerializer(selectors.get_evidence(request.user, pk)).data)


@extend_schema(summary="证据文件（支持 Range 断点续传与拖动播放）", tags=["证据"],
               responses={(200, "application/octet-stream"): OpenApiTypes.BINARY,
                          (206, "application/octet-stream"): OpenApiTypes.BINARY, **NOT_FOUND})
class EvidenceContent(APIView):
    content_negotiation_class = IgnoreAcceptNegotiation  # a player asks for video/*; errors stay JSON

    def get(self, request, pk):
        return views.serve_content(request, selectors.get_evidence(request.user, pk))


@extend_schema(summary="撤回证据（不删除，留存备查）", tags=["证据"], request=WithdrawSerializer,
               responses={200: EvidenceSerializer, 400: ProblemSerializer, 403: ProblemSerializer, **NOT_FOUND})
class EvidenceWithdraw(APIView):
    def post(self, request, pk):
        item = selectors.get_evidence(request.user, pk)
        data = WithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.withdraw(request.user, item, reason=data.validated_data["reason"])
        return Response(EvidenceSerializer(item).data)
