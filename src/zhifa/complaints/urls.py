"""The agency's complaint queue under /complaints/ (namespace ``complaints``)."""

from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("<int:pk>/", views.complaint_detail, name="detail"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/answer/", views.answer, name="answer"),
]
