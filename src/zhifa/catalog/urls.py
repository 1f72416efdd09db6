from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.index, name="index"),
    path("items/", views.items, name="items"),
    path("first-violation/", views.first_violation, name="first_violation"),
    path("lists/<int:pk>/", views.list_detail, name="list"),
    path("lists/<int:pk>/draft/", views.start_draft, name="start_draft"),
    path("lists/<int:pk>/adopt/", views.adopt, name="adopt"),
    path("lists/<int:pk>/laws/", views.set_laws, name="set_laws"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/publish/", views.publish, name="publish"),
    path("versions/<int:pk>/discard/", views.discard, name="discard"),
    path("versions/<int:pk>/import/", views.import_excel, name="import"),
    path("versions/<int:pk>/export.xlsx", views.export_excel, name="export"),
    path("versions/<int:pk>/major-check/", views.major_check, name="major_check"),
    path("versions/<int:pk>/<slug:entry_type>/new/", views.entry_edit, name="entry_new"),
    path("versions/<int:pk>/<slug:entry_type>/<int:entry_pk>/edit/", views.entry_edit, name="entry_edit"),
    path("versions/<int:pk>/<slug:entry_type>/<int:entry_pk>/delete/", views.entry_delete, name="entry_delete"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("procedures/<int:pk>/", views.procedure_detail, name="procedure"),
    path("procedures/<int:pk>/flowchart.svg", views.procedure_svg, name="procedure_svg"),
    path("benchmarks/<int:pk>/", views.benchmark_detail, name="benchmark"),
    path("benchmarks/<int:pk>/tiers/new/", views.tier_edit, name="tier_new"),
    path("benchmarks/<int:pk>/tiers/<int:tier_pk>/edit/", views.tier_edit, name="tier_edit"),
    path("benchmarks/<int:pk>/tiers/<int:tier_pk>/delete/", views.tier_delete, name="tier_delete"),
]
