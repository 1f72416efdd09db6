from django.urls import path

from . import api

urlpatterns = [
    path("laws/", api.LawList.as_view(), name="api-law-list"),
    path("laws/import/", api.LawImport.as_view(), name="api-law-import"),
    path("laws/articles/search/", api.ArticleSearch.as_view(), name="api-article-search"),
    path("laws/citations/parse/", api.CitationParse.as_view(), name="api-citation-parse"),
    path("laws/<int:pk>/", api.LawDetail.as_view(), name="api-law-detail"),
]
