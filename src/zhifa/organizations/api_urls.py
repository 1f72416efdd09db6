from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("agencies", api.AgencyViewSet, basename="api-agency")
router.register("departments", api.DepartmentViewSet, basename="api-department")
router.register("people", api.PersonViewSet, basename="api-person")
router.register("certificates", api.CertificateViewSet, basename="api-certificate")
router.register("qualifications", api.QualificationViewSet, basename="api-qualification")
router.register("advisers", api.AdviserViewSet, basename="api-adviser")
router.register("trainings", api.TrainingViewSet, basename="api-training")
router.register("devices", api.DeviceViewSet, basename="api-device")

urlpatterns = [
    *router.urls,
    path("figures/reviewer-ratios/", api.ReviewerRatioView.as_view(), name="api-reviewer-ratios"),
    path("figures/expiring-certificates/", api.ExpiringCertificatesView.as_view(), name="api-expiring-certificates"),
    path("figures/untrained-people/", api.UntrainedPeopleView.as_view(), name="api-untrained-people"),
    path("roster/export/", api.RosterExportView.as_view(), name="api-roster-export"),
    path("roster/import/", api.RosterImportView.as_view(), name="api-roster-import"),
]
