"""Law library API: read laws and articles, search, parse citations; import for the administrator."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors
from .citations import parse
from .forms import LawImportForm
from .models import Article, Law
from .permissions import can_manage_library
from .services import import_law, update_law


class LawSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    article_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Law
        fields = ["id", "title", "short_titles", "issuing_body", "level", "level_display", "promulgated_on",
                  "effective_on", "status", "status_display", "changed_on", "article_count"]


class ParagraphSerializer(serializers.Serializer):
    text = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField())


class ArticleSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    law = serializers.CharField(source="version.law.title", read_only=True)
    paragraphs = ParagraphSerializer(many=True)

    class Meta:
        model = Article
        fields = ["id", "law", "label", "number", "suffix", "part", "chapter", "section", "paragraphs", "text"]


class LawDetailSerializer(LawSerializer):
    articles = serializers.SerializerMethodField()

    class Meta(LawSerializer.Meta):
        fields = [*LawSerializer.Meta.fields, "articles"]

    @extend_schema(responses=ArticleSerializer(many=True))
    def get_articles(self, law) -> list[dict]:
        return ArticleSerializer(selectors.law_articles(self.context["request"].user, law), many=True).data


class CitationSerializer(serializers.Serializer):
    law_title = serializers.CharField()
    article = serializers.IntegerField()
    article_suffix = serializers.IntegerField()
    paragraph = serializers.IntegerField(allow_null=True)
    item = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()
    law_id = serializers.IntegerField(allow_null=True)
    article_id = serializers.IntegerField(allow_null=True)
    notes = serializers.ListField(child=serializers.CharField())


class CitationRequest(serializers.Serializer):
    text = serializers.CharField(max_length=20000)


class LawList(generics.ListAPIView):
    """Every law of the library (I6)."""

    serializer_class = LawSerializer

    @extend_schema(parameters=[OpenApiParameter("q", str), OpenApiParameter("level", str), OpenApiParameter("status", str)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        p = self.request.query_params
        return selectors.laws(self.request.user, q=p.get("q", ""), level=p.get("level", ""), status=p.get("status", ""))


class LawUpdateRequest(serializers.Serializer):
    status = serializers.ChoiceField(choices=Law.Status.choices, required=False)
    changed_on = serializers.DateField(required=False, allow_null=True)
    short_titles = serializers.ListField(child=serializers.CharField(), required=False)
    issuing_body = serializers.CharField(required=False, allow_blank=True)


class LawDetail(generics.RetrieveAPIView):
    serializer_class = LawDetailSerializer

    def get_queryset(self):
        return selectors.laws(self.request.user)

    @extend_schema(request=LawUpdateRequest, responses=LawDetailSerializer)
    def patch(self, request, pk):
        """Status, amendment date and short titles (administrator); moves the P9 staleness clock."""
        law = self.get_object()
        body = LawUpdateRequest(data=request.data)
        body.is_valid(raise_exception=True)
        update_law(request.user, law, dict(body.validated_data))
        return Response(LawDetailSerializer(self.get_queryset().get(pk=pk), context={"request": request}).data)


class ArticleSearch(APIView):
    """Articles containing every word of ``q`` (jieba segmentation)."""

    @extend_schema(parameters=[OpenApiParameter("q", str, required=True), OpenApiParameter("law", int)],
                   responses=ArticleSerializer(many=True))
    def get(self, request):
        query = request.query_params.get("q", "")
        if not query.strip():
            raise serializers.ValidationError({"q": ["请输入检索词"]})
        law = None
        if request.query_params.get("law"):
            law_id = request.query_params["law"]
            if not law_id.isdigit():
                raise serializers.ValidationError({"law": ["法律法规编号应为正整数"]})
            law = get_object_or_404(selectors.laws(request.user), pk=int(law_id))
        return Response(ArticleSerializer(selectors.search_articles(request.user, query, law=law), many=True).data)


class CitationParse(APIView):
    """Parse the legal references of a text and link them to the library."""

    @extend_schema(request=CitationRequest, responses=CitationSerializer(many=True))
    def post(self, request):
        body = CitationRequest(data=request.data)
        body.is_valid(raise_exception=True)
        citations = parse(body.validated_data["text"])
        return Response(CitationSerializer([{**c.as_dict(), "notes": c.notes} for c in citations], many=True).data)


class LawImportRequest(serializers.Serializer):
    file = serializers.FileField()
    level = serializers.ChoiceField(choices=Law.Level.choices)
    issuing_body = serializers.CharField(required=False, allow_blank=True)
    promulgated_on = serializers.DateField(required=False)
    effective_on = serializers.DateField(required=False)
    short_titles = serializers.CharField(required=False, allow_blank=True)
    label = serializers.CharField(required=False, allow_blank=True)
    partial = serializers.BooleanField(required=False, default=False)


class LawImport(APIView):
    """Import a law text (administrator); the same service as the upload page."""

    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": LawImportRequest}, responses={201: LawDetailSerializer})
    def post(self, request):
        if not can_manage_library(request.user):
            raise PermissionDenied("只有系统管理员可以导入法律法规")
        form = LawImportForm(request.data, request.FILES)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        version = import_law(request.user, upload=form.cleaned_data["file"], metadata=form.metadata(),
                             partial=form.cleaned_data["partial"])
        law = selectors.laws(request.user).get(pk=version.law_id)
        return Response(LawDetailSerializer(law, context={"request": request}).data, status=201)
