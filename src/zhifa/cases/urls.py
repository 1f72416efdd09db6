from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("leads/new/", views.lead_new, name="lead_new"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/parties/add/", views.party_add, name="party_add"),
    path("<int:pk>/officers/", views.officers, name="officers"),
    path("<int:pk>/recusal/", views.recusal, name="recusal"),
    path("<int:pk>/transition/", views.transition, name="transition"),
    path("<int:pk>/approvals/", views.approval_request, name="approval_request"),
    path("<int:pk>/events/", views.event, name="event"),
    path("<int:pk>/discussion/", views.discussion, name="discussion"),
    path("<int:pk>/suspension/", views.suspension_request, name="suspension_request"),
    path("approvals/<int:pk>/decide/", views.approval_decide, name="approval_decide"),
    path("suspensions/<int:pk>/decide/", views.suspension_decide, name="suspension_decide"),
    path("parties/<int:pk>/", views.party_detail, name="party"),
]
