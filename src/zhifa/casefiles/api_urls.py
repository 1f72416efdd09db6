from django.urls import path

from . import api

urlpatterns = [
    path("casefiles/<int:case_pk>/", api.CaseFileView.as_view(), name="api-casefile"),
    path("casefiles/<int:case_pk>/bagit/", api.CaseFileBagView.as_view(), name="api-casefile-bagit"),
    path("case-register/", api.CaseRegisterView.as_view(), name="api-case-register"),
]
