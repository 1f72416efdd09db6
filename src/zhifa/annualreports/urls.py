"""Annual reports in the workbench, under /annual-reports/ (namespace ``annualreports``)."""

from django.urls import path

from . import views

app_name = "annualreports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/update/", views.update, name="update"),
    path("<int:pk>/regenerate/", views.regenerate, name="regenerate"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/report.pdf", views.staff_pdf, name="pdf"),
]
