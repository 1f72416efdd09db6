from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("oversight/", views.oversight, name="oversight"),
    path("case/<int:case_pk>/submit/", views.submit, name="submit"),
    path("case/<int:case_pk>/trail/", views.trail, name="trail"),
    path("submissions/<int:pk>/", views.detail, name="detail"),
    path("submissions/<int:pk>/assign/", views.assign, name="assign"),
    path("submissions/<int:pk>/return/", views.return_submission, name="return"),
    path("submissions/<int:pk>/opinion/", views.opinion, name="opinion"),
    path("submissions/<int:pk>/extend/", views.extend, name="extend"),
    path("submissions/<int:pk>/approve/", views.approve, name="approve"),
    path("opinions/<int:pk>/document/", views.opinion_document, name="opinion_document"),
    path("opinions/<int:pk>/contest/", views.contest, name="contest"),
    path("contests/<int:pk>/coordinate/", views.coordinate, name="coordinate"),
    path("contests/<int:pk>/discussion/", views.discussion, name="discussion"),
    path("materials/<int:pk>/file/", views.material_file, name="material_file"),
]
