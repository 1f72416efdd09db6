"""The supervision app's rows of the permission matrix (accounts/tests/test_permission_matrix.py).

Supervisors act over the region; an agency's heads read their own agency's evaluations, rectifications
and statistics and answer rectifications and notices; every agency role reads its warnings, notices and
who accessed its cases; the administrator configures the rules. Reading a case needs the reasoned access.
"""

from django.urls import reverse as r

from zhifa.accounts.tests.test_permission_matrix import OK, row

STAFF_PAGE = row(302, 200, 200, 200, 200, 200, 200, 200)
CASE_WARNING_PAGE = row(302, 200, 200, 200, 200, 200, 200, 404)  # the administrator reads no case records
CASE_STAFF_PAGE = row(302, 200, 200, 200, 200, 200, 200, 403)  # agency staff and supervisors; not the administrator
HEADS_PAGE = row(302, 403, 200, 403, 200, 403, 200, 403)  # heads of the agency and supervisors
TASKS_PAGE = row(302, 403, 200, 403, 200, 403, 200, 200)
SUPERVISOR_PAGE = row(302, 403, 403, 403, 403, 403, 200, 403)
ADMIN_PAGE = row(302, 403, 403, 403, 403, 403, 403, 200)
CHECKLIST_PAGE = row(302, 403, 403, 403, 403, 403, 200, 200)
POST_ONLY = row(302, 405, 405, 405, 405, 405, 405, 405)

STAFF_API = row(403, 200, 200, 200, 200, 200, 200, 200)
CASE_WARNING_API = row(403, 200, 200, 200, 200, 200, 200, 404)
CASE_STAFF_API = row(403, 200, 200, 200, 200, 200, 200, 403)
HEADS_API = row(403, 403, 200, 403, 200, 403, 200, 403)
TASKS_API = row(403, 403, 200, 403, 200, 403, 200, 200)
POST_ONLY_API = row(403, 405, 405, 405, 405, 405, 405, 405)

SCAN_WRITE = row(302, 403, 403, 403, 403, 403, OK, OK)
ADMIN_WRITE = row(302, 403, 403, 403, 403, 403, 403, OK)
ALL_WRITE = row(302, OK, OK, OK, OK, OK, OK, OK)
SUPERVISOR_WRITE = row(302, 403, 403, 403, 403, 403, OK, 403)
HEADS_WRITE = row(302, 403, OK, 403, OK, 403, 403, 403)
SCAN_API = row(403, 403, 403, 403, 403, 403, OK, OK)
ALL_API = row(403, OK, OK, OK, OK, OK, OK, OK)
SUPERVISOR_API = row(403, 403, 403, 403, 403, 403, OK, 403)
HEADS_API_WRITE = row(403, 403, OK, 403, OK, 403, 403, 403)


def paths(agency) -> dict:
    import datetime

    from django.utils import timezone

    from zhifa.accounts.models import User
    from zhifa.organizations.models import Person
    from zhifa.supervision import evaluation, implementation, notices, scan, services
    from zhifa.supervision.models import Checklist, RecordAccess, Warning
    from zhifa.supervision.tests.helpers import put
    from zhifa.testing import make_case

    head = User.objects.get(username="agency_head")
    officer = User.objects.get(username="officer")
    supervisor = User.objects.get(username="supervisor")
    partner = Person.objects.filter(agency=agency, post="officer", certificates__isnull=False).exclude(
        pk=officer.person_id).first()
    today = timezone.localdate()
    late = put(head, make_case(head, officers=[officer.person, partner], title="超期未立案"), "lead",
               today - datetime.timedelta(days=40))
    closed = [put(head, make_case(head, officers=[officer.person, partner], title=f"已结案{n}"), "closure",
                  today - datetime.timedelta(days=5)) for n in range(2)]
    scan.run()
    warning = Warning.objects.filter(case=late, cleared_at__isnull=True).first()
    plan = evaluation.create_plan(supervisor, title="权限矩阵评查", agencies=[agency],
                                  closed_from=today - datetime.timedelta(days=30), closed_to=today, per_agency=2,
                                  checklist=Checklist.objects.first(), seed="matrix")
    first = evaluation.draw(supervisor, plan)[0]
    services.open_access(supervisor, first.case, purpose=RecordAccess.Purpose.EVALUATION, reason="权限矩阵评查调阅")
    notice = notices.issue_notice(supervisor, kind="situation", title="权限矩阵通报", body="请整改。", agencies=[agency],
                                  rectification_required=True,
                                  rectification_due_on=today + datetime.timedelta(days=10))
    rectification = notice.rectifications.get()
    task = implementation.create_task(supervisor, {"region_code": "340300", "title": "权限矩阵任务", "lead_unit": "市司法局",
                                                   "responsible_units": "各执法部门", "starts_on": today,
                                                   "due_on": today + datetime.timedelta(days=60)})
    assert closed and warning is not None
    w, c, p, e, rc, n, t = warning.pk, late.pk, plan.pk, first.pk, rectification.pk, notice.pk, task.pk
    return {
        "supervision:index": r("supervision:index"), "supervision:warnings": r("supervision:warnings"),
        "supervision:warning": r("supervision:warning", args=[w]), "supervision:scan": r("supervision:scan"),
        "supervision:rules": r("supervision:rules"),
        "supervision:rule_edit": r("supervision:rule_edit", args=["filing_decision"]),
        "supervision:notifications": r("supervision:notifications"), "supervision:cases": r("supervision:cases"),
        "supervision:open_case": r("supervision:open_case", args=[c]), "supervision:accesses": r("supervision:accesses"),
        "supervision:statistics": r("supervision:statistics"),
        "supervision:statistics_xlsx": r("supervision:statistics_xlsx"),
        "supervision:scorecards": r("supervision:scorecards"),
        "supervision:scorecard": r("supervision:scorecard", args=[agency.pk]),
        "supervision:tasks": r("supervision:tasks"), "supervision:task_new": r("supervision:task_new"),
        "supervision:task_edit": r("supervision:task_edit", args=[t]),
        "supervision:plans": r("supervision:plans"), "supervision:plan_new": r("supervision:plan_new"),
        "supervision:plan": r("supervision:plan", args=[p]), "supervision:plan_draw": r("supervision:plan_draw", args=[p]),
        "supervision:evaluation": r("supervision:evaluation", args=[e]),
        "supervision:evaluation_rectification": r("supervision:evaluation_rectification", args=[e]),
        "supervision:checklists": r("supervision:checklists"),
        "supervision:rectifications": r("supervision:rectifications"),
        "supervision:rectification": r("supervision:rectification", args=[rc]),
        "supervision:rectification_report": r("supervision:rectification_report", args=[rc]),
        "supervision:rectification_verify": r("supervision:rectification_verify", args=[rc]),
        "supervision:notices": r("supervision:notices"), "supervision:notice_new": r("supervision:notice_new"),
        "supervision:notice": r("supervision:notice", args=[n]),
        "supervision:notice_acknowledge": r("supervision:notice_acknowledge", args=[n]),
        "api-supervision-warnings": r("api-supervision-warnings"),
        "api-supervision-warning": r("api-supervision-warning", args=[w]),
        "api-supervision-scan": r("api-supervision-scan"), "api-supervision-rules": r("api-supervision-rules"),
        "api-supervision-rule": r("api-supervision-rule", args=["filing_decision"]),
        "api-supervision-notifications": r("api-supervision-notifications"),
        "api-supervision-cases": r("api-supervision-cases"),
        "api-supervision-case-access": r("api-supervision-case-access", args=[c]),
        "api-supervision-accesses": r("api-supervision-accesses"),
        "api-supervision-statistics": r("api-supervision-statistics"),
        "api-supervision-scorecards": r("api-supervision-scorecards"),
        "api-supervision-scorecard": r("api-supervision-scorecard", args=[agency.pk]),
        "api-supervision-tasks": r("api-supervision-tasks"), "api-supervision-task": r("api-supervision-task", args=[t]),
        "api-supervision-plans": r("api-supervision-plans"), "api-supervision-plan": r("api-supervision-plan", args=[p]),
        "api-supervision-plan-draw": r("api-supervision-plan-draw", args=[p]),
        "api-supervision-evaluation": r("api-supervision-evaluation", args=[e]),
        "api-supervision-evaluation-rectification": r("api-supervision-evaluation-rectification", args=[e]),
        "api-supervision-rectifications": r("api-supervision-rectifications"),
        "api-supervision-rectification": r("api-supervision-rectification", args=[rc]),
        "api-supervision-rectification-report": r("api-supervision-rectification-report", args=[rc]),
        "api-supervision-rectification-verify": r("api-supervision-rectification-verify", args=[rc]),
        "api-supervision-notices": r("api-supervision-notices"),
        "api-supervision-notice": r("api-supervision-notice", args=[n]),
        "api-supervision-notice-acknowledge": r("api-supervision-notice-acknowledge", args=[n]),
    }


MATRIX = {
    "supervision:index": STAFF_PAGE, "supervision:warnings": STAFF_PAGE, "supervision:warning": CASE_WARNING_PAGE,
    "supervision:scan": POST_ONLY, "supervision:rules": STAFF_PAGE, "supervision:rule_edit": ADMIN_PAGE,
    "supervision:notifications": STAFF_PAGE, "supervision:cases": CASE_STAFF_PAGE,
    "supervision:open_case": SUPERVISOR_PAGE, "supervision:accesses": CASE_STAFF_PAGE,
    "supervision:statistics": HEADS_PAGE, "supervision:statistics_xlsx": HEADS_PAGE,
    "supervision:scorecards": HEADS_PAGE, "supervision:scorecard": HEADS_PAGE,
    "supervision:tasks": TASKS_PAGE, "supervision:task_new": SUPERVISOR_PAGE, "supervision:task_edit": SUPERVISOR_PAGE,
    "supervision:plans": HEADS_PAGE, "supervision:plan_new": SUPERVISOR_PAGE, "supervision:plan": HEADS_PAGE,
    "supervision:plan_draw": POST_ONLY, "supervision:evaluation": HEADS_PAGE,
    "supervision:evaluation_rectification": POST_ONLY, "supervision:checklists": CHECKLIST_PAGE,
    "supervision:rectifications": HEADS_PAGE, "supervision:rectification": HEADS_PAGE,
    "supervision:rectification_report": POST_ONLY, "supervision:rectification_verify": POST_ONLY,
    "supervision:notices": CASE_STAFF_PAGE, "supervision:notice_new": SUPERVISOR_PAGE,
    "supervision:notice": CASE_STAFF_PAGE, "supervision:notice_acknowledge": POST_ONLY,
    "api-supervision-warnings": STAFF_API, "api-supervision-warning": CASE_WARNING_API, "api-supervision-scan": POST_ONLY_API,
    "api-supervision-rules": STAFF_API, "api-supervision-rule": STAFF_API, "api-supervision-notifications": STAFF_API,
    "api-supervision-cases": CASE_STAFF_API, "api-supervision-case-access": POST_ONLY_API,
    "api-supervision-accesses": CASE_STAFF_API, "api-supervision-statistics": HEADS_API,
    "api-supervision-scorecards": HEADS_API, "api-supervision-scorecard": HEADS_API,
    "api-supervision-tasks": TASKS_API, "api-supervision-task": TASKS_API,
    "api-supervision-plans": HEADS_API, "api-supervision-plan": HEADS_API, "api-supervision-plan-draw": POST_ONLY_API,
    "api-supervision-evaluation": HEADS_API, "api-supervision-evaluation-rectification": POST_ONLY_API,
    "api-supervision-rectifications": HEADS_API, "api-supervision-rectification": HEADS_API,
    "api-supervision-rectification-report": POST_ONLY_API, "api-supervision-rectification-verify": POST_ONLY_API,
    "api-supervision-notices": CASE_STAFF_API, "api-supervision-notice": CASE_STAFF_API,
    "api-supervision-notice-acknowledge": POST_ONLY_API,
}

WRITES = {
    "supervision:scan": SCAN_WRITE, "supervision:rule_edit": ADMIN_WRITE, "supervision:notifications": ALL_WRITE,
    "supervision:open_case": SUPERVISOR_WRITE, "supervision:task_new": SUPERVISOR_WRITE,
    "supervision:task_edit": SUPERVISOR_WRITE, "supervision:plan_new": SUPERVISOR_WRITE,
    "supervision:plan_draw": SUPERVISOR_WRITE, "supervision:evaluation": SUPERVISOR_WRITE,
    "supervision:evaluation_rectification": SUPERVISOR_WRITE, "supervision:rectification_report": HEADS_WRITE,
    "supervision:rectification_verify": SUPERVISOR_WRITE, "supervision:notice_new": SUPERVISOR_WRITE,
    "supervision:notice_acknowledge": HEADS_WRITE,
    "api-supervision-scan": SCAN_API, "api-supervision-notifications": ALL_API,
    "api-supervision-case-access": SUPERVISOR_API, "api-supervision-tasks": SUPERVISOR_API,
    "api-supervision-plans": SUPERVISOR_API, "api-supervision-plan-draw": SUPERVISOR_API,
    "api-supervision-evaluation": SUPERVISOR_API, "api-supervision-evaluation-rectification": SUPERVISOR_API,
    "api-supervision-rectification-report": HEADS_API_WRITE, "api-supervision-rectification-verify": SUPERVISOR_API,
    "api-supervision-notices": SUPERVISOR_API, "api-supervision-notice-acknowledge": HEADS_API_WRITE,
}
