from django.urls import path

from . import api

urlpatterns = [
    path("rules/lists/", api.RuleLists.as_view(), name="api-rule-lists"),
    path("rules/lists/<int:pk>/", api.RuleListDetail.as_view(), name="api-rule-list"),
    path("rules/lists/<int:pk>/drafts/", api.StartDraft.as_view(), name="api-rule-list-draft"),
    path("rules/lists/<int:pk>/adopt/", api.Adopt.as_view(), name="api-rule-list-adopt"),
    path("rules/versions/<int:pk>/", api.VersionDetail.as_view(), name="api-rule-version"),
    path("rules/versions/<int:pk>/publish/", api.Publish.as_view(), name="api-rule-version-publish"),
    path("rules/versions/<int:pk>/powers.xlsx", api.PowersExcel.as_view(), name="api-rule-version-excel"),
    path("rules/versions/<int:pk>/is-major/", api.IsMajor.as_view(), name="api-rule-version-is-major"),
    path("rules/versions/<int:pk>/entries/<slug:entry_type>/", api.Entries.as_view(), name="api-rule-entries"),
    path("rules/versions/<int:pk>/entries/<slug:entry_type>/<int:entry_pk>/", api.EntryDetail.as_view(),
         name="api-rule-entry"),
    path("rules/benchmarks/<int:pk>/check/", api.BenchmarkCheck.as_view(), name="api-benchmark-check"),
    path("rules/benchmarks/<int:pk>/tiers/", api.Tiers.as_view(), name="api-benchmark-tiers"),
    path("rules/benchmarks/<int:pk>/tiers/<int:tier_pk>/", api.TierDetail.as_view(), name="api-benchmark-tier"),
    path("rules/procedures/<int:pk>/", api.ProcedureDetail.as_view(), name="api-procedure"),
    path("rules/procedures/<int:pk>/deadline/", api.ProcedureDeadline.as_view(), name="api-procedure-deadline"),
    path("rules/first-violation/", api.FirstViolationList.as_view(), name="api-first-violation"),
]
