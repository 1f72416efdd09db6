from django.urls import path

from . import views

app_name = "casefiles"

urlpatterns = [
    path("case/<int:case_pk>/", views.case_file, name="case"),
    path("case/<int:case_pk>/bagit/", views.bagit, name="bagit"),
    path("register/", views.register_page, name="register"),
    path("register.xlsx", views.register_xlsx, name="register_xlsx"),
]
