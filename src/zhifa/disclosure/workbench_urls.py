"""The clerk's pages under /disclosure/ (namespace ``publication``)."""

from django.urls import path

from . import workbench

app_name = "publication"
urlpatterns = [
    path("", workbench.disclosure_list, name="list"),
    path("<int:pk>/", workbench.disclosure_detail, name="detail"),
    path("<int:pk>/publish/", workbench.publish, name="publish"),
    path("<int:pk>/masks/", workbench.masks, name="masks"),
    path("<int:pk>/withhold/", workbench.withhold, name="withhold"),
    path("<int:pk>/withdrawal/", workbench.withdrawal, name="withdrawal"),
    path("<int:pk>/withdraw/", workbench.withdraw, name="withdraw"),
    path("policy/", workbench.policy, name="policy"),
    path("boards/", workbench.board_list, name="boards"),
    path("boards/new/", workbench.board_edit, name="board_new"),
    path("boards/<int:pk>/", workbench.board_edit, name="board_edit"),
]
