"""REST API of a case's documents: the same selectors and services as the pages (RFC 9457 errors).

``GET/POST /api/v1/cases/<case>/documents/`` lists and drafts (``{"template": code, "fields": {...},
"version": n, "issue": true}`` drafts and issues at once); ``POST …/documents/<pk>/issue/`` issues a
draft; ``GET /api/v1/documents/<pk>/`` and ``…/pdf/`` read one (every PDF download is journalled).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, Http404
from django.utils.http import content_disposition_header
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.cases import permissions
from zhifa.cases.selectors import get_case
from zhifa.core.api import problem
from zhifa.core.errors import ConflictError
from zhifa.ledger import blobs

from . import selectors, services
from .models import Document


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "该案件已被他人修改，请刷新后重试"


class DocumentSerializer(serializers.ModelSerializer):
    template = serializers.CharField(source="template.code")
    case = serializers.CharField(source="case.display_number")
    supersedes = serializers.PrimaryKeyRelatedField(read_only=True)
    pdf = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "case", "template", "title", "stage", "status", "revision", "supersedes", "correction_reason",
                  "number", "fields", "draft_sha256", "draft_uploaded", "pdf_sha256", "page_count", "issued_at", "pdf"]

    def get_pdf(self, document):
        return f"/api/v1/documents/{document.pk}/pdf/" if document.is_issued else None


class DraftInput(serializers.Serializer):
    template = serializers.SlugField(label="文书模板", max_length=50)
    fields = serializers.DictField(label="填写内容", required=False, default=dict)
    version = serializers.IntegerField(label="案件版本", required=False, allow_null=True)
    issue = serializers.BooleanField(label="立即签发", required=False, default=False)


class VersionInput(serializers.Serializer):
    version = serializers.IntegerField(label="案件版本", required=False, allow_null=True)


def call(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except ConflictError as exc:
        raise Conflict(exc.message) from exc
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc


def _handler(user, case):
    if not permissions.can_handle(user, case):
        raise exceptions.PermissionDenied("只有本案办案人员或本机关负责人可以制作和签发文书")


class CaseDocuments(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request, case_pk):
        case = get_case(request.user, case_pk)
        return Response(DocumentSerializer(selectors.case_documents(request.user, case), many=True).data)

    def post(self, request, case_pk):
        case = get_case(request.user, case_pk)
        _handler(request.user, case)
        data = DraftInput(data=request.data)
        data.is_valid(raise_exception=True)
        args = (request.user, case, data.validated_data["template"], data.validated_data["fields"])
        version = data.validated_data.get("version")
        try:
            if data.validated_data["issue"]:
                document = call(services.issue_document, *args, version=version)
            else:
                document = call(services.create_draft, *args, version=version)
        except services.DocumentUnavailable as exc:
            return problem(503, exc.message)
        return Response(DocumentSerializer(document).data, status=201)


class IssueDocument(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request, case_pk, pk):
        document = selectors.get_case_document(request.user, case_pk, pk)
        _handler(request.user, document.case)
        data = VersionInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            document = call(services.issue, request.user, document, version=data.validated_data.get("version"))
        except services.DocumentUnavailable as exc:
            return problem(503, exc.message)
        return Response(DocumentSerializer(document).data)


class DocumentDetail(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request, pk):
        return Response(DocumentSerializer(selectors.get_document(request.user, pk)).data)


class DocumentPdf(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request, pk):
        document = selectors.get_document(request.user, pk)
        if not document.is_issued:
            raise Http404("文书尚未签发")
        services.record_access(request.user, document, what="pdf")
        name = f"{document.title}.pdf"
        return FileResponse(blobs.open_blob(document.pdf_sha256), content_type="application/pdf",
                            headers={"Content-Disposition": content_disposition_header(True, name)})
