from django.urls import path

from . import api_views

urlpatterns = [path("calendar/deadline/", api_views.DeadlineView.as_view(), name="api-deadline")]
