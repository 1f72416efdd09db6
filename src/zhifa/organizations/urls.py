from django.urls import path

from . import roster_views, views

app_name = "organizations"
urlpatterns = [
    path("figures/", views.figures, name="figures"),
    path("person/<int:pk>/qualification/", views.qualification_edit, name="qualification_edit"),
    path("roster/export/", roster_views.roster_export, name="roster_export"),
    path("roster/import/", roster_views.roster_import, name="roster_import"),
    path("<slug:key>/", views.record_list, name="list"),
    path("<slug:key>/new/", views.record_create, name="create"),
    path("<slug:key>/<int:pk>/", views.record_detail, name="detail"),
    path("<slug:key>/<int:pk>/edit/", views.record_edit, name="edit"),
]
