from django.urls import path

from . import api

urlpatterns = [
    path("public/inspections/", api.PublicPlans.as_view(), name="api-public-inspections"),
    path("public/inspections/<int:pk>/", api.PublicPlan.as_view(), name="api-public-inspection"),
    path("inspections/targets/", api.Targets.as_view(), name="api-inspection-targets"),
    path("inspections/targets/<int:pk>/", api.TargetDetail.as_view(), name="api-inspection-target"),
    path("inspections/targets/<int:pk>/register/", api.TargetRegister.as_view(), name="api-inspection-target-register"),
    path("inspections/targets/import/", api.TargetImport.as_view(), name="api-inspection-target-import"),
    path("inspections/conflicts/", api.Conflicts.as_view(), name="api-inspection-conflicts"),
    path("inspections/plans/", api.Plans.as_view(), name="api-inspection-plans"),
    path("inspections/plans/<int:pk>/", api.PlanDetail.as_view(), name="api-inspection-plan"),
    path("inspections/plans/<int:pk>/draw/", api.Draw.as_view(), name="api-inspection-draw"),
    path("inspections/plans/<int:pk>/publish/", api.Publish.as_view(), name="api-inspection-publish"),
    path("inspections/results/<int:pk>/", api.RecordResult.as_view(), name="api-inspection-result"),
]
