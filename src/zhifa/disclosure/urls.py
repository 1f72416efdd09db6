from django.urls import path

from zhifa.core.pagecache import public_page

from . import feeds, views

app_name = "disclosure"
urlpatterns = [
    path("", views.home, name="home"),
    path("officers/", views.officer_search, name="officer_search"),
    path("officers/<str:number>/", views.officer_detail, name="officer_detail"),
    path("officers/<str:number>/qr.svg", views.officer_qr, name="officer_qr"),
    path("roster/", views.roster, name="roster"),
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency"),
    path("lists/<slug:kind>/", views.rule_list, name="rule_list"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("boards/", views.board_list, name="boards"),
    path("boards/<int:pk>/", views.board_detail, name="board"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("withdrawals/", views.withdrawal_list, name="withdrawals"),
    path("data/", views.data_index, name="data"),
    path("data/<slug:name>.<str:fmt>", views.data_download, name="data_download"),
    path("feeds/decisions.atom", public_page(feeds.DecisionFeed()), name="feed"),
]
