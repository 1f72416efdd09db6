from django.urls import path

from . import views

app_name = "laws"
urlpatterns = [
    path("", views.law_list, name="list"),
    path("import/", views.law_import, name="import"),
    path("citations/", views.citations, name="citations"),
    path("<int:pk>/", views.law_detail, name="detail"),
]
