from django.urls import path

from . import api

urlpatterns = [path("public/officers/<str:number>/", api.PublicOfficerView.as_view(), name="api-public-officer")]
