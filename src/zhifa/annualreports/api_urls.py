from django.urls import path

from . import api

urlpatterns = [
    path("public/reports/", api.PublicReports.as_view(), name="api-public-reports"),
    path("public/reports/<int:pk>/", api.PublicReport.as_view(), name="api-public-report"),
    path("annual-reports/", api.Reports.as_view(), name="api-annual-reports"),
    path("annual-reports/<int:pk>/", api.Report.as_view(), name="api-annual-report"),
    path("annual-reports/<int:pk>/approve/", api.Approve.as_view(), name="api-annual-report-approve"),
    path("annual-reports/<int:pk>/publish/", api.Publish.as_view(), name="api-annual-report-publish"),
]
