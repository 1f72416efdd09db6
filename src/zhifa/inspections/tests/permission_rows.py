"""The inspections app's rows of the permission matrix (accounts/tests/test_permission_matrix.py).

The agency's officers and heads keep the directory, plan, draw and record results; the disclosure clerk
and the agency head publish; the clerk and the region's supervisors read; reviewers and the
administrator see no inspection. Anyone reads the published plans and results.
"""

from django.urls import reverse as r

from zhifa.accounts.tests.test_permission_matrix import OK, PUBLIC, row

READ_PAGE = row(302, 200, 200, 403, 200, 200, 200, 403)
HANDLE_PAGE = row(302, 200, 200, 403, 200, 403, 403, 403)
DETAIL_PAGE = row(302, 200, 200, 404, 200, 200, 200, 404)
POST_ONLY = row(302, 405, 405, 405, 405, 405, 405, 405)
READ_API = row(403, 200, 200, 403, 200, 200, 200, 403)
DETAIL_API = row(403, 200, 200, 404, 200, 200, 200, 404)
POST_ONLY_API = row(403, 405, 405, 405, 405, 405, 405, 405)

HANDLE_WRITE = row(302, OK, OK, 403, OK, 403, 403, 403)
HANDLE_PLAN_WRITE = row(302, OK, OK, 404, OK, 403, 403, 404)
PUBLISH_WRITE = row(302, 403, 403, 404, OK, OK, 403, 404)
HANDLE_API = row(403, OK, OK, 403, OK, 403, 403, 403)
HANDLE_PLAN_API = row(403, OK, OK, 404, OK, 403, 403, 404)
PUBLISH_API = row(403, 403, 403, 404, OK, OK, 403, 404)


def paths(agency) -> dict:
    import datetime

    from django.utils import timezone

    from zhifa.accounts.models import User
    from zhifa.inspections import services
    from zhifa.testing import make_uscc

    officer, publisher = User.objects.get(username="officer"), User.objects.get(username="publisher")
    plan = services.create_plan(officer, agency, {
        "title": "矩阵测试抽查计划", "items": list(services.random_items(agency)[:1]), "target_count": 1,
        "period_start": timezone.localdate(), "period_end": timezone.localdate() + datetime.timedelta(days=30)})
    for name in ("矩阵测试超市有限公司", "矩阵测试便利店有限公司"):
        services.add_target(officer, agency, {"name": name, "uscc": make_uscc("340300"), "region_code": "340302"})
    drawn = services.draw(officer, plan)[0]
    target = drawn.target
    published = services.publish(publisher, plan)
    p, d = plan.pk, drawn.pk
    return {
        "inspections:plans": r("inspections:plans"), "inspections:plan_new": r("inspections:plan_new"),
        "inspections:plan": r("inspections:plan", args=[p]), "inspections:draw": r("inspections:draw", args=[p]),
        "inspections:publish": r("inspections:publish", args=[p]),
        "inspections:result": r("inspections:result", args=[d]),
        "inspections:targets": r("inspections:targets"), "inspections:target_new": r("inspections:target_new"),
        "inspections:target_import": r("inspections:target_import"),
        "inspections:target": r("inspections:target", args=[target.pk]),
        "inspections:target_edit": r("inspections:target_edit", args=[target.pk]),
        "inspections:target_register": r("inspections:target_register", args=[target.pk]),
        "api-inspection-target": r("api-inspection-target", args=[target.pk]),
        "api-inspection-target-register": r("api-inspection-target-register", args=[target.pk]),
        "inspections:conflict_new": r("inspections:conflict_new"),
        "inspections_public:list": r("inspections_public:list"),
        "inspections_public:detail": r("inspections_public:detail", args=[published.pk]),
        "api-public-inspections": r("api-public-inspections"),
        "api-public-inspection": r("api-public-inspection", args=[published.pk]),
        "api-inspection-targets": r("api-inspection-targets"),
        "api-inspection-target-import": r("api-inspection-target-import"),
        "api-inspection-conflicts": r("api-inspection-conflicts"),
        "api-inspection-plans": r("api-inspection-plans"), "api-inspection-plan": r("api-inspection-plan", args=[p]),
        "api-inspection-draw": r("api-inspection-draw", args=[p]),
        "api-inspection-publish": r("api-inspection-publish", args=[p]),
        "api-inspection-result": r("api-inspection-result", args=[d]),
    }


MATRIX = {
    "inspections:plans": READ_PAGE, "inspections:plan_new": HANDLE_PAGE, "inspections:plan": DETAIL_PAGE,
    "inspections:draw": POST_ONLY, "inspections:publish": POST_ONLY, "inspections:result": POST_ONLY,
    "inspections:targets": READ_PAGE, "inspections:target_new": POST_ONLY, "inspections:target_import": POST_ONLY,
    "inspections:conflict_new": POST_ONLY, "inspections:target": READ_PAGE, "inspections:target_edit": POST_ONLY,
    "inspections:target_register": POST_ONLY, "api-inspection-target": READ_API,
    "api-inspection-target-register": POST_ONLY_API,
    "inspections_public:list": PUBLIC, "inspections_public:detail": PUBLIC,
    "api-public-inspections": PUBLIC, "api-public-inspection": PUBLIC,
    "api-inspection-targets": READ_API, "api-inspection-target-import": POST_ONLY_API,
    "api-inspection-conflicts": POST_ONLY_API, "api-inspection-plans": READ_API, "api-inspection-plan": DETAIL_API,
    "api-inspection-draw": POST_ONLY_API, "api-inspection-publish": POST_ONLY_API,
    "api-inspection-result": POST_ONLY_API,
}

WRITES = {
    "inspections:plan_new": HANDLE_WRITE, "inspections:draw": HANDLE_PLAN_WRITE,
    "inspections:publish": PUBLISH_WRITE, "inspections:result": HANDLE_PLAN_WRITE,
    "inspections:target_new": HANDLE_WRITE, "inspections:target_import": HANDLE_WRITE,
    "inspections:conflict_new": HANDLE_WRITE, "inspections:target_edit": HANDLE_WRITE,
    "inspections:target_register": HANDLE_WRITE, "api-inspection-target-register": HANDLE_API,
    "api-inspection-targets": HANDLE_API, "api-inspection-target-import": HANDLE_API,
    "api-inspection-conflicts": HANDLE_API, "api-inspection-plans": HANDLE_API,
    "api-inspection-draw": HANDLE_PLAN_API, "api-inspection-publish": PUBLISH_API,
    "api-inspection-result": HANDLE_PLAN_API,
}
