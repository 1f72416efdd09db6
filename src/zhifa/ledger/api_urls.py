from django.urls import path

from . import api

urlpatterns = [
    path("ledger/checkpoint/", api.LatestCheckpointView.as_view(), name="api-ledger-checkpoint"),
    path("ledger/entries/<int:sequence>/proof/", api.InclusionProofView.as_view(), name="api-ledger-inclusion"),
    path("ledger/consistency/", api.ConsistencyProofView.as_view(), name="api-ledger-consistency"),
]
