"""Published annual reports on the portal, under /gs/reports/ (namespace ``annualreports_public``)."""

from django.urls import path

from . import views

app_name = "annualreports_public"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:pk>/", views.public_detail, name="detail"),
    path("<int:pk>/report.pdf", views.public_pdf, name="pdf"),
]
