"""The public complaint form and progress lookup under /gs/ (namespace ``complaints_public``)."""

from django.urls import path

from . import views

app_name = "complaints_public"
urlpatterns = [
    path("complaints/new/", views.new, name="new"),
    path("progress/", views.progress, name="progress"),
]
