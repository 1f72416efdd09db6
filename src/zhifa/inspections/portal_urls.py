"""Published random-inspection plans and results under /gs/inspections/ (namespace ``inspections_public``)."""

from django.urls import path

from . import views

app_name = "inspections_public"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:pk>/", views.public_detail, name="detail"),
]
