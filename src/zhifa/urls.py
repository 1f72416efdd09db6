from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

api_v1 = [
    path("", include("zhifa.organizations.api_urls")),
    path("", include("zhifa.core.api_urls")),
    path("", include("zhifa.disclosure.api_urls")),
    path("", include("zhifa.complaints.api_urls")),
    path("", include("zhifa.annualreports.api_urls")),
    path("", include("zhifa.inspections.api_urls")),
    path("", include("zhifa.laws.api_urls")),
    path("", include("zhifa.catalog.api_urls")),
    path("", include("zhifa.ledger.api_urls")),
    path("", include("zhifa.cases.api_urls")),
    path("", include("zhifa.documents.api_urls")),
    path("", include("zhifa.evidence.api_urls")),
    path("", include("zhifa.casefiles.api_urls")),
    path("", include("zhifa.review.api_urls")),
    path("", include("zhifa.supervision.api_urls")),
]

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="accounts:workbench", permanent=False)),
    path("accounts/", include("zhifa.accounts.urls")),
    path("org/", include("zhifa.organizations.urls")),
    path("calendar/", include("zhifa.core.urls")),
    path("gs/documents/", include("zhifa.signing.urls")),
    path("gs/ledger/", include("zhifa.ledger.urls")),
    path("gs/reports/", include("zhifa.annualreports.portal_urls")),
    path("gs/inspections/", include("zhifa.inspections.portal_urls")),
    path("gs/", include("zhifa.complaints.portal_urls")),
    path("gs/", include("zhifa.disclosure.urls")),
    path("disclosure/", include("zhifa.disclosure.workbench_urls")),
    path("complaints/", include("zhifa.complaints.urls")),
    path("annual-reports/", include("zhifa.annualreports.urls")),
    path("inspections/", include("zhifa.inspections.urls")),
    path("laws/", include("zhifa.laws.urls")),
    path("rules/", include("zhifa.catalog.urls")),
    path("cases/", include("zhifa.cases.urls")),
    path("documents/", include("zhifa.documents.urls")),
    path("evidence/", include("zhifa.evidence.urls")),
    path("casefiles/", include("zhifa.casefiles.urls")),
    path("review/", include("zhifa.review.urls")),
    path("supervision/", include("zhifa.supervision.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("admin/", admin.site.urls),
]

handler400 = "zhifa.core.views.bad_request"
handler403 = "zhifa.core.views.permission_denied"
handler404 = "zhifa.core.views.page_not_found"
handler500 = "zhifa.core.views.server_error"
