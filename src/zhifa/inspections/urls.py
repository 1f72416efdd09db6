"""The agency's random inspections under /inspections/ (namespace ``inspections``)."""

from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("new/", views.plan_new, name="plan_new"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/draw/", views.draw, name="draw"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("results/<int:pk>/", views.result, name="result"),
    path("targets/", views.target_list, name="targets"),
    path("targets/new/", views.target_new, name="target_new"),
    path("targets/<int:pk>/", views.target_detail, name="target"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/register/", views.target_register, name="target_register"),
    path("targets/import/", views.target_import, name="target_import"),
    path("targets/conflicts/", views.conflict_new, name="conflict_new"),
]
