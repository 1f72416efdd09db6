from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("", views.portal, name="portal"),
    path("checkpoint", views.checkpoint_text, name="checkpoint"),
]
