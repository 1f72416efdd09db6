"""The pages and API around warnings, rules, notifications and implementation tasks, for each role."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.ledger.models import JournalEntry
from zhifa.supervision import implementation
from zhifa.supervision.models import ImplementationTask, Notification, RuleSetting
from zhifa.supervision.tests.helpers import days, put, scan_on
from zhifa.testing import make_case


@pytest.fixture
def red_case(head, crew):
    """A lead left 40 working days without a filing decision: a red warning up to the supervisor."""
    people, _ = crew
    case = put(head, make_case(head, officers=people, title="超期未立案的案件"), "lead", days(2026, 8, 3))
    scan_on(days(2026, 10, 30))
    return case


@pytest.mark.parametrize("role", [Role.OFFICER, Role.DEPT_HEAD, Role.REVIEWER, Role.AGENCY_HEAD, Role.PUBLISHER,
                                  Role.SUPERVISOR, Role.ADMIN])
def test_i5_the_workbench_shows_warnings_for_every_role(client, users, red_case, role):
    client.force_login(users[role])
    page = client.get(reverse("accounts:workbench")).content.decode()
    assert 'data-testid="workbench-warnings"' in page
    reached = role in (Role.DEPT_HEAD, Role.AGENCY_HEAD, Role.SUPERVISOR)
    assert ('data-testid="wb-my-warnings"' in page) is reached
    assert ("核查并决定是否立案：" in page) is reached


def test_i5_the_handling_officer_sees_the_warning_on_the_workbench_and_the_case_page(client, crew, red_case):
    client.force_login(crew[1][0])
    page = client.get(reverse("accounts:workbench")).content.decode()
    assert "核查并决定是否立案" in page and "红色预警" in page
    case_page = client.get(reverse("cases:detail", args=[red_case.pk])).content.decode()
    assert 'data-testid="case-warnings"' in case_page and "已超期" in case_page


def test_the_warning_page_offers_a_supervisor_the_reasoned_access_and_staff_the_case(client, users, red_case):
    warning = red_case.warnings.get()
    client.force_login(users[Role.SUPERVISOR])
    page = client.get(reverse("supervision:warning", args=[warning.pk])).content.decode()
    assert 'data-testid="open-case"' in page and "核查红色预警" in page
    assert "执法监督机构</strong>" in page  # the ladder shows the level reached
    client.force_login(users[Role.OFFICER])
    page = client.get(reverse("supervision:warning", args=[warning.pk])).content.decode()
    assert 'data-testid="open-case"' not in page and reverse("cases:detail", args=[red_case.pk]) in page


def test_the_warning_list_filters_and_a_bad_filter_is_named(client, users, red_case):
    client.force_login(users[Role.SUPERVISOR])
    page = client.get(reverse("supervision:warnings"), {"level": "red"}).content.decode()
    assert "核查并决定是否立案：" in page and 'data-level="red"' in page
    page = client.get(reverse("supervision:warnings"), {"level": "purple"}).content.decode()
    assert "purple" in page  # the form says which choice is not valid
    body = client.get(reverse("api-supervision-warnings"), {"level": "red"}).json()
    assert body["count"] >= 1 and all(w["level"] == "red" for w in body["results"])
    assert client.get(reverse("api-supervision-warnings"), {"level": "purple"}).status_code == 400


def test_the_administrator_sets_a_rule_on_its_page_and_bad_input_is_named(client, users):
    client.force_login(users[Role.ADMIN])
    url = reverse("supervision:rule_edit", args=["archive"])
    page = client.post(url, {"enabled": "on", "lead_days": "-2", "grace_days": "30", "to_agency_head_after": "3",
                             "to_supervisor_after": "10"})
    assert page.status_code == 200 and "不能小于0" in page.content.decode()
    assert not RuleSetting.objects.exists()
    response = client.post(url, {"enabled": "on", "lead_days": "8", "grace_days": "30", "to_agency_head_after": "3",
                                 "to_supervisor_after": "10", "email": "on"})
    assert response.status_code == 302 and RuleSetting.objects.get(rule="archive").lead_days == 8
    rules = client.get(reverse("supervision:rules")).content.decode()
    assert "8个工作日" in rules
    client.force_login(users[Role.SUPERVISOR])
    assert client.post(url, {"lead_days": "1"}).status_code == 403


def test_the_rule_api_needs_the_version_and_refuses_a_stale_one(client, users):
    client.force_login(users[Role.ADMIN])
    url = reverse("api-supervision-rule", args=["delivery"])
    first = client.patch(url, {"lead_days": 3}, content_type="application/json")
    assert first.status_code == 200 and first.json()["lead_days"] == 3 and first.json()["version"] == 1
    assert client.patch(url, {"lead_days": 4}, content_type="application/json").status_code == 400
    assert client.patch(url, {"lead_days": 4, "version": 7}, content_type="application/json").status_code == 409
    ok = client.patch(url, {"lead_days": 4, "version": 1}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["lead_days"] == 4
    client.force_login(users[Role.SUPERVISOR])
    assert client.patch(url, {"lead_days": 5, "version": 2}, content_type="application/json").status_code == 403


def test_notifications_are_listed_and_marked_read(client, crew, red_case):
    user = crew[1][0]
    client.force_login(user)
    assert Notification.objects.filter(user=user, read_at__isnull=True).exists()
    page = client.get(reverse("supervision:notifications")).content.decode()
    assert "未读" in page
    client.post(reverse("supervision:notifications"))
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    bad = client.post(reverse("api-supervision-notifications"), {"ids": ["x"]}, content_type="application/json")
    assert bad.status_code == 400 and "ids" in bad.json()["errors"]


def test_o4_implementation_tasks_with_their_gantt_chart(client, users):
    supervisor = users[Role.SUPERVISOR]
    client.force_login(supervisor)
    today = timezone.localdate()
    bad = client.post(reverse("supervision:task_new"), {
        "title": "配备执法记录仪", "lead_unit": "市财政局", "responsible_units": "各执法部门",
        "starts_on": today.isoformat(), "due_on": (today - datetime.timedelta(days=1)).isoformat(),
        "status": "in_progress", "order": "0"})
    assert bad.status_code == 200 and "完成时限不能早于开始日期" in bad.content.decode()
    assert not ImplementationTask.objects.exists()
    client.post(reverse("supervision:task_new"), {
        "title": "配备执法记录仪", "lead_unit": "市财政局", "responsible_units": "各执法部门",
        "starts_on": (today - datetime.timedelta(days=90)).isoformat(),
        "due_on": (today - datetime.timedelta(days=5)).isoformat(), "status": "in_progress", "order": "0"})
    task = ImplementationTask.objects.get()
    page = client.get(reverse("supervision:tasks")).content.decode()
    assert "<svg" in page and "配备执法记录仪" in page and "已逾期" in page
    refused = client.post(reverse("supervision:task_edit", args=[task.pk]), {
        "title": task.title, "lead_unit": task.lead_unit, "responsible_units": task.responsible_units,
        "starts_on": task.starts_on.isoformat(), "due_on": task.due_on.isoformat(), "status": "done", "order": "0",
        "version": task.version})
    assert "已完成的任务请填写完成日期" in refused.content.decode()
    api = client.patch(reverse("api-supervision-task", args=[task.pk]),
                       {"status": "done", "completed_on": today.isoformat(), "version": task.version},
                       content_type="application/json")
    assert api.status_code == 200 and api.json()["status"] == "done"
    assert JournalEntry.objects.filter(kind="implementation.task_updated").count() == 1
    client.force_login(users[Role.AGENCY_HEAD])
    assert "配备执法记录仪" in client.get(reverse("supervision:tasks")).content.decode()
    assert client.get(reverse("supervision:task_new")).status_code == 403


def test_tasks_of_another_region_are_not_shown(client, users, far_supervisor):
    implementation.create_task(users[Role.SUPERVISOR], {
        "title": "蚌埠的任务", "lead_unit": "市司法局", "responsible_units": "各部门", "starts_on": days(2026, 1, 1),
        "due_on": days(2026, 6, 30)})
    client.force_login(far_supervisor)
    assert "蚌埠的任务" not in client.get(reverse("supervision:tasks")).content.decode()
    assert client.get(reverse("api-supervision-tasks")).json() == []


def test_a_supervisor_runs_the_scan_from_the_overview(client, users, red_case):
    client.force_login(users[Role.SUPERVISOR])
    response = client.post(reverse("supervision:scan"), follow=True)
    assert "扫描完成" in response.content.decode()
    page = client.get(reverse("supervision:index")).content.decode()
    assert 'data-testid="agency-warnings"' in page and "蚌埠市市场监督管理局" in page


def test_the_administrator_sees_registry_warnings_but_no_case_s(client, users, red_case, agency):
    from zhifa.testing import make_certificate, make_person

    person = make_person(agency, "将到期")
    make_certificate(person, expires_on=timezone.localdate() + datetime.timedelta(days=5))
    from zhifa.supervision import scan

    scan.run()
    client.force_login(users[Role.ADMIN])
    page = client.get(reverse("supervision:warnings")).content.decode()
    assert "执法证到期：将到期" in page and "核查并决定是否立案" not in page
    case_warning = red_case.warnings.get(cleared_at__isnull=True)
    assert client.get(reverse("supervision:warning", args=[case_warning.pk])).status_code == 404


def test_the_counts_count_every_open_warning(users, head, crew, agency):
    from zhifa.supervision import selectors

    people, _ = crew
    for n in range(3):
        put(head, make_case(head, officers=people, title=f"案件{n}"), "lead", days(2026, 8, 3 + n))
    put(head, make_case(head, officers=people, title="将到期"), "lead", days(2026, 10, 9))
    scan_on(days(2026, 10, 29))
    # three leads overdue; one due today; and the agency has no reviewer for its officers (L1)
    assert selectors.warning_counts(users[Role.SUPERVISOR]) == {"red": 3, "yellow": 2}


@pytest.mark.parametrize("name, body", [
    ("api-supervision-case-access", [1, 2]), ("api-supervision-notices", "通报"), ("api-supervision-plans", 3),
    ("api-supervision-tasks", None), ("api-supervision-notifications", ["x"]),
])
def test_a_body_that_is_not_an_object_is_a_400_not_a_server_error(client, users, name, body):
    import json

    client.force_login(users[Role.SUPERVISOR])
    args = [make_case(users[Role.AGENCY_HEAD]).pk] if name == "api-supervision-case-access" else []
    response = client.post(reverse(name, args=args), json.dumps(body), content_type="application/json")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")


def test_a_version_that_is_not_a_number_is_named(client, users):
    from zhifa.supervision import evaluation
    from zhifa.supervision.models import Checklist

    supervisor = users[Role.SUPERVISOR]
    plan = evaluation.create_plan(supervisor, title="方案", agencies=[users[Role.AGENCY_HEAD].agency],
                                  closed_from=days(2026, 1, 1), closed_to=days(2026, 6, 30), per_agency=1,
                                  checklist=Checklist.objects.first())
    client.force_login(supervisor)
    response = client.post(reverse("api-supervision-plan-draw", args=[plan.pk]), {"version": "abc"},
                           content_type="application/json")
    assert response.status_code == 400 and "version" in response.json()["errors"]
    page = client.post(reverse("supervision:plan_draw", args=[plan.pk]), {"version": "abc"}, follow=True)
    assert page.status_code == 200 and "版本号（version）须为整数" in page.content.decode()
