from django.urls import path

from . import api

urlpatterns = [
    path("public/complaints/challenge/", api.Challenge.as_view(), name="api-public-complaint-challenge"),
    path("public/complaints/", api.FileComplaint.as_view(), name="api-public-complaints"),
    path("public/progress/", api.Progress.as_view(), name="api-public-progress"),
    path("complaints/", api.Complaints.as_view(), name="api-complaints"),
    path("complaints/<int:pk>/", api.ComplaintDetail.as_view(), name="api-complaint"),
    path("complaints/<int:pk>/register/", api.Register.as_view(), name="api-complaint-register"),
    path("complaints/<int:pk>/reject/", api.Reject.as_view(), name="api-complaint-reject"),
    path("complaints/<int:pk>/answer/", api.Answer.as_view(), name="api-complaint-answer"),
]
