from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("case/<int:case_pk>/", views.case_documents, name="case"),
    path("case/<int:case_pk>/new/<slug:code>/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/redraft/", views.redraft, name="redraft"),
    path("<int:pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/correct/", views.correct, name="correct"),
    path("<int:pk>/draft.docx", views.draft_file, name="draft"),
    path("<int:pk>/document.pdf", views.pdf, name="pdf"),
]
