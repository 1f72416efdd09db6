from django.urls import path

from . import api

urlpatterns = [
    path("cases/", api.Cases.as_view(), name="api-cases"),
    path("cases/<int:pk>/", api.CaseDetail.as_view(), name="api-case"),
    path("cases/<int:pk>/transitions/", api.Transition.as_view(), name="api-case-transition"),
    path("cases/<int:pk>/parties/", api.Parties.as_view(), name="api-case-parties"),
    path("cases/<int:pk>/officers/", api.Officers.as_view(), name="api-case-officers"),
    path("cases/<int:pk>/recusals/", api.Recusals.as_view(), name="api-case-recusals"),
    path("cases/<int:pk>/approvals/", api.Approvals.as_view(), name="api-case-approvals"),
    path("cases/<int:pk>/events/", api.Events.as_view(), name="api-case-events"),
    path("cases/<int:pk>/discussions/", api.Discussions.as_view(), name="api-case-discussions"),
    path("cases/<int:pk>/suspensions/", api.Suspensions.as_view(), name="api-case-suspensions"),
    path("cases/<int:pk>/timeline/", api.Timeline.as_view(), name="api-case-timeline"),
    path("approvals/<int:pk>/decision/", api.ApprovalDecision.as_view(), name="api-approval-decision"),
    path("suspensions/<int:pk>/decision/", api.SuspensionDecision.as_view(), name="api-suspension-decision"),
]
