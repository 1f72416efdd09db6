from django.urls import path

from . import views

app_name = "disclosure"
urlpatterns = [
    path("", views.home, name="home"),
    path("officers/", views.officer_search, name="officer_search"),
    path("officers/<str:number>/", views.officer_detail, name="officer_detail"),
    path("officers/<str:number>/qr.svg", views.officer_qr, name="officer_qr"),
]
