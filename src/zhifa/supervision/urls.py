from django.urls import path

from .views import access, evaluation, implementation, notices, statistics, warnings

app_name = "supervision"

urlpatterns = [
    path("", warnings.overview, name="index"),
    path("warnings/", warnings.warning_list, name="warnings"),
    path("warnings/<int:pk>/", warnings.warning_detail, name="warning"),
    path("warnings/scan/", warnings.scan_now, name="scan"),
    path("rules/", warnings.rule_list, name="rules"),
    path("rules/<slug:code>/", warnings.rule_edit, name="rule_edit"),
    path("notifications/", warnings.notification_list, name="notifications"),
    path("cases/", access.case_list, name="cases"),
    path("cases/<int:pk>/open/", access.open_case, name="open_case"),
    path("accesses/", access.access_list, name="accesses"),
    path("statistics/", statistics.dashboard, name="statistics"),
    path("statistics.xlsx", statistics.export, name="statistics_xlsx"),
    path("scorecards/", statistics.scorecards, name="scorecards"),
    path("scorecards/<int:agency_pk>/", statistics.scorecard, name="scorecard"),
    path("tasks/", implementation.task_list, name="tasks"),
    path("tasks/new/", implementation.task_new, name="task_new"),
    path("tasks/<int:pk>/", implementation.task_edit, name="task_edit"),
    path("evaluation/", evaluation.plan_list, name="plans"),
    path("evaluation/new/", evaluation.plan_new, name="plan_new"),
    path("evaluation/<int:pk>/", evaluation.plan_detail, name="plan"),
    path("evaluation/<int:pk>/draw/", evaluation.plan_draw, name="plan_draw"),
    path("evaluation/cases/<int:pk>/", evaluation.evaluation_detail, name="evaluation"),
    path("evaluation/cases/<int:pk>/rectification/", evaluation.evaluation_rectification, name="evaluation_rectification"),
    path("checklists/", evaluation.checklist_list, name="checklists"),
    path("rectifications/", notices.rectification_list, name="rectifications"),
    path("rectifications/<int:pk>/", notices.rectification_detail, name="rectification"),
    path("rectifications/<int:pk>/report/", notices.rectification_report, name="rectification_report"),
    path("rectifications/<int:pk>/verify/", notices.rectification_verify, name="rectification_verify"),
    path("notices/", notices.notice_list, name="notices"),
    path("notices/new/", notices.notice_new, name="notice_new"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice"),
    path("notices/<int:pk>/acknowledge/", notices.notice_acknowledge, name="notice_acknowledge"),
]
