from django.urls import path

from . import api

urlpatterns = [
    path("cases/<int:case_pk>/evidence/", api.CaseEvidenceList.as_view(), name="api-case-evidence"),
    path("evidence/<int:pk>/", api.EvidenceDetail.as_view(), name="api-evidence"),
    path("evidence/<int:pk>/content/", api.EvidenceContent.as_view(), name="api-evidence-content"),
    path("evidence/<int:pk>/withdraw/", api.EvidenceWithdraw.as_view(), name="api-evidence-withdraw"),
]
