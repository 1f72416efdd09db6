from django.urls import path

from . import api

urlpatterns = [
    path("review/submissions/", api.Queue.as_view(), name="api-review-queue"),
    path("review/statistics/", api.Statistics.as_view(), name="api-review-statistics"),
    path("review/cases/<int:pk>/submissions/", api.CaseSubmissions.as_view(), name="api-review-case-submissions"),
    path("review/cases/<int:pk>/trail/", api.Trail.as_view(), name="api-review-trail"),
    path("review/submissions/<int:pk>/", api.SubmissionDetail.as_view(), name="api-review-submission"),
    path("review/submissions/<int:pk>/assignment/", api.Assign.as_view(), name="api-review-assign"),
    path("review/submissions/<int:pk>/return/", api.Return.as_view(), name="api-review-return"),
    path("review/submissions/<int:pk>/opinions/", api.GiveOpinion.as_view(), name="api-review-opinion"),
    path("review/submissions/<int:pk>/extensions/", api.Extend.as_view(), name="api-review-extend"),
    path("review/submissions/<int:pk>/approval/", api.Approve.as_view(), name="api-review-approve"),
    path("review/opinions/<int:pk>/document/", api.OpinionDocument.as_view(), name="api-review-opinion-document"),
    path("review/opinions/<int:pk>/contest/", api.Contest.as_view(), name="api-review-contest"),
    path("review/contests/<int:pk>/coordination/", api.Coordination.as_view(), name="api-review-coordination"),
    path("review/contests/<int:pk>/discussion/", api.Discussion.as_view(), name="api-review-discussion"),
]
