from django.urls import path

from . import api

urlpatterns = [
    path("public/officers/", api.PublicRoster.as_view(), name="api-public-roster"),
    path("public/officers/<str:number>/", api.PublicOfficerView.as_view(), name="api-public-officer"),
    path("public/decisions/", api.PublicDecisions.as_view(), name="api-public-decisions"),
    path("public/decisions/<int:pk>/", api.PublicDecision.as_view(), name="api-public-decision"),
    path("public/withdrawals/", api.PublicWithdrawals.as_view(), name="api-public-withdrawals"),
    path("public/agencies/", api.PublicAgencies.as_view(), name="api-public-agencies"),
    path("public/agencies/<int:pk>/", api.PublicAgency.as_view(), name="api-public-agency"),
    path("public/lists/<slug:kind>/", api.PublicList.as_view(), name="api-public-list"),
    path("public/items/<int:pk>/", api.PublicItem.as_view(), name="api-public-item"),
    path("public/boards/", api.PublicBoards.as_view(), name="api-public-boards"),
    path("disclosures/", api.Disclosures.as_view(), name="api-disclosures"),
    path("disclosures/<int:pk>/", api.DisclosureDetail.as_view(), name="api-disclosure"),
    path("disclosures/<int:pk>/publish/", api.Publish.as_view(), name="api-disclosure-publish"),
    path("disclosures/<int:pk>/masks/", api.Masks.as_view(), name="api-disclosure-masks"),
    path("disclosures/<int:pk>/withhold/", api.Withhold.as_view(), name="api-disclosure-withhold"),
    path("disclosures/<int:pk>/withdrawal/", api.Withdrawal.as_view(), name="api-disclosure-withdrawal"),
    path("disclosures/<int:pk>/withdraw/", api.Withdraw.as_view(), name="api-disclosure-withdraw"),
    path("disclosure-policies/<int:pk>/", api.Policy.as_view(), name="api-disclosure-policy"),
    path("disclosure-boards/", api.Boards.as_view(), name="api-disclosure-boards"),
    path("disclosure-boards/<int:pk>/", api.Board.as_view(), name="api-disclosure-board"),
]
