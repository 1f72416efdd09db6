from django.urls import path

from . import tus, views

app_name = "evidence"

urlpatterns = [
    path("uploads/", tus.uploads, name="uploads"),
    path("uploads/<uuid:upload_id>/", tus.upload, name="upload"),
    path("uploads/<uuid:upload_id>/finish/", views.finish, name="finish"),
    path("case/<int:case_pk>/", views.case_list, name="case"),
    path("case/<int:case_pk>/upload/", views.upload_page, name="upload_page"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/content/", views.content, name="content"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
