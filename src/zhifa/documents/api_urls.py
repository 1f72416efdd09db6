from django.urls import path

from . import api

urlpatterns = [
    path("cases/<int:case_pk>/documents/", api.CaseDocuments.as_view(), name="api-case-documents"),
    path("cases/<int:case_pk>/documents/<int:pk>/issue/", api.IssueDocument.as_view(), name="api-case-document-issue"),
    path("documents/<int:pk>/", api.DocumentDetail.as_view(), name="api-document"),
    path("documents/<int:pk>/pdf/", api.DocumentPdf.as_view(), name="api-document-pdf"),
]
