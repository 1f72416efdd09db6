"""The workbench pages and the API run the same services: plan, draw, record, publish; refusals are
Chinese messages beside the field (pages) or RFC 9457 problems naming the field (API), never a 500.
The portal and the public API read the published copies only."""

import json

import pytest
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.conftest import client_for
from zhifa.inspections import services
from zhifa.inspections.models import DrawnTarget, Plan, Target
from zhifa.testing import make_uscc, make_user

from .builders import directory, officers, plan_data, random_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(agency):
    return random_item(agency)


@pytest.fixture
def world(agency, users, item):
    directory(agency)
    officers(agency)
    return users


def form_of(item, **changes):
    data = plan_data(item, **changes)
    data["items"] = [item.pk]
    data = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}
    return {k: v for k, v in data.items() if v is not None}


def test_an_officer_plans_draws_and_records_through_the_pages(client, agency, world, item):
    client = client_for(client, world[Role.OFFICER])
    page = client.get("/inspections/new/")
    assert page.status_code == 200 and item.name in page.content.decode()
    created = client.post("/inspections/new/", form_of(item))
    plan = Plan.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/inspections/{plan.pk}/"
    pool = client.get(created["Location"]).content.decode()
    assert "执法检查人员名录" in pool and "持有有效执法证的执法人员4名" in pool  # who may be drawn, before the draw
    drawn = client.post(f"/inspections/{plan.pk}/draw/", {"version": plan.version}, follow=True)
    page = drawn.content.decode()
    assert "已随机抽取检查对象和检查人员" in page and "结果一致" in page and DrawnTarget.objects.count() == 3
    first = DrawnTarget.objects.order_by("draw_order").first()
    bad = client.post(f"/inspections/results/{first.pk}/", {f"r{first.pk}-result": "rectify",
                                                            f"r{first.pk}-inspected_on": timezone.localdate()})
    assert bad.status_code == 400 and "写明发现的问题" in bad.content.decode()
    ok = client.post(f"/inspections/results/{first.pk}/", {
        f"r{first.pk}-result": "no_problem", f"r{first.pk}-inspected_on": timezone.localdate().isoformat(),
        f"r{first.pk}-version": first.version}, follow=True)
    assert "已录入" in ok.content.decode() and "公示期限" in ok.content.decode()
    again = client.post(f"/inspections/{plan.pk}/draw/", {}, follow=True)
    assert "不能重新抽取" in again.content.decode()


def test_a_bad_plan_form_names_the_field_and_saves_nothing(client, agency, world, item):
    client = client_for(client, world[Role.OFFICER])
    response = client.post("/inspections/new/", form_of(item, inspectors_per_target=1, period_start="2026-02-30"))
    page = response.content.decode()
    assert response.status_code == 400 and "不得少于两人" in page and "应为日期" in page
    assert not Plan.objects.exists()


def test_the_publisher_publishes_and_the_portal_shows_the_published_copy(client, agency, world, item):
    plan = services.create_plan(world[Role.OFFICER], agency, plan_data(item))
    services.draw(world[Role.OFFICER], plan)
    first = DrawnTarget.objects.filter(plan=plan).order_by("draw_order").first()
    services.record_result(world[Role.OFFICER], first, {"inspected_on": timezone.localdate(), "result": "no_problem"})
    client_for(client, world[Role.PUBLISHER])
    assert client.post(f"/inspections/{plan.pk}/publish/", {}).status_code == 302
    client.logout()
    listing = client.get("/gs/inspections/").content.decode()
    assert plan.title in listing
    from zhifa.inspections.models import PublishedPlan

    published = PublishedPlan.objects.get()
    detail = client.get(f"/gs/inspections/{published.pk}/").content.decode()
    assert first.target.name in detail and "未发现问题" in detail and plan.seed in detail
    assert client.get("/gs/inspections/999999/").status_code == 404
    body = client.get(f"/api/v1/public/inspections/{published.pk}/").json()
    assert body["results"][0]["result"] == "未发现问题" and body["seed"] == plan.seed


def test_roles_outside_the_agency_are_refused(client, agency, other_agency, world, item):
    plan = services.create_plan(world[Role.OFFICER], agency, plan_data(item))
    neighbour = make_user("neighbour", Role.AGENCY_HEAD, other_agency)
    client_for(client, neighbour)
    assert client.get(f"/inspections/{plan.pk}/").status_code == 404
    assert client.post(f"/inspections/{plan.pk}/draw/", {}).status_code == 404
    client_for(client, world[Role.PUBLISHER])
    assert client.post(f"/inspections/{plan.pk}/draw/", {}).status_code == 403
    assert client.get("/inspections/new/").status_code == 403
    client_for(client, world[Role.SUPERVISOR])
    assert client.get(f"/inspections/{plan.pk}/").status_code == 200
    assert client.post(f"/inspections/{plan.pk}/draw/", {}).status_code == 403
    client_for(client, world[Role.REVIEWER])
    assert client.get("/inspections/").status_code == 403
    assert not Plan.objects.get().is_drawn


def test_targets_are_added_and_conflicts_declared_on_the_directory_page(client, agency, world):
    client = client_for(client, world[Role.OFFICER])
    code = make_uscc("340300")
    added = client.post("/inspections/targets/new/", {"name": "蚌埠市美妍化妆品有限公司", "uscc": code, "kind": "enterprise",
                                                      "region_code": "340302", "category": "化妆品经营"}, follow=True)
    assert "已加入检查对象名录" in added.content.decode() and Target.objects.filter(uscc=code).exists()
    bad = client.post("/inspections/targets/new/", {"name": "坏码公司", "uscc": "91340300XXXXXXXXXX"})
    assert bad.status_code == 400 and "统一社会信用代码" in bad.content.decode()
    target = Target.objects.get(uscc=code)
    person = agency.people.first()
    declared = client.post("/inspections/targets/conflicts/", {"target": target.pk, "person": person.pk,
                                                               "kind": "relative"}, follow=True)
    assert "已登记回避" in declared.content.decode()
    twice = client.post("/inspections/targets/conflicts/", {"target": target.pk, "person": person.pk, "kind": "relative"})
    assert twice.status_code == 400 and "已登记" in twice.content.decode()


def test_a_target_is_corrected_and_taken_off_the_register_on_its_page(client, agency, world):
    target = Target.objects.filter(agency=agency).order_by("pk").first()
    client = client_for(client, world[Role.OFFICER])
    page = client.get(f"/inspections/targets/{target.pk}/")
    assert page.status_code == 200 and "更正信息" in page.content.decode()
    refused = client.post(f"/inspections/targets/{target.pk}/edit/", {"name": "", "uscc": target.uscc, "version": target.version})
    assert refused.status_code == 400 and "请填写" in refused.content.decode()
    saved = client.post(f"/inspections/targets/{target.pk}/edit/", {
        "name": target.name, "uscc": target.uscc, "address": "蚌埠市禹会区长青乡1号", "version": target.version})
    assert saved.status_code == 302
    assert Target.objects.get(pk=target.pk).address == "蚌埠市禹会区长青乡1号"
    stale = client.post(f"/inspections/targets/{target.pk}/register/", {"reason": "已注销", "version": target.version})
    assert stale.status_code == 409 or "已被他人修改" in stale.content.decode()
    current = Target.objects.get(pk=target.pk)
    removed = client.post(f"/inspections/targets/{target.pk}/register/", {"reason": "已注销", "version": current.version})
    assert removed.status_code == 302 and not Target.objects.get(pk=target.pk).is_active
    page = client.get(f"/inspections/targets/{target.pk}/").content.decode()
    assert "已移出名录" in page and "更正信息" in page and "移出名录" in page


def test_the_api_corrects_and_deregisters_a_target(client, agency, other_agency, world):
    target = Target.objects.filter(agency=agency).order_by("pk").last()
    client = client_for(client, world[Role.OFFICER])
    url = f"/api/v1/inspections/targets/{target.pk}/"
    assert client.get(url).json()["is_active"] is True
    patched = client.patch(url, {"category": "餐饮服务"}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["category"] == "餐饮服务"
    bad = client.patch(url, {"uscc": "913403001234"}, content_type="application/json")
    assert bad.status_code == 400 and "uscc" in bad.json()["errors"]
    missing = client.post(url + "register/", {"registered": False}, content_type="application/json")
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    done = client.post(url + "register/", {"registered": False, "reason": "已迁出本辖区",
                                          "version": patched.json()["version"]}, content_type="application/json")
    assert done.status_code == 200 and done.json()["is_active"] is False
    neighbour = make_user("neighbour_officer", Role.OFFICER, other_agency)
    assert client_for(client, neighbour).get(url).status_code == 404
    assert client.post(url + "register/", {"registered": True, "reason": "x"},
                       content_type="application/json").status_code == 404


def test_the_api_runs_the_same_operations_and_answers_problems(client, agency, world, item):
    client = client_for(client, world[Role.OFFICER])
    bad = client.post("/api/v1/inspections/plans/", {**form_of(item), "inspectors_per_target": 1},
                      content_type="application/json")
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    assert "不得少于两人" in bad.json()["errors"]["inspectors_per_target"][0]
    created = client.post("/api/v1/inspections/plans/", form_of(item), content_type="application/json")
    assert created.status_code == 201
    plan_id = created.json()["id"]
    drawn = client.post(f"/api/v1/inspections/plans/{plan_id}/draw/", {}, content_type="application/json").json()
    assert drawn["status"] == "drawn" and drawn["verification"]["ok"] and len(drawn["drawn"]) == 3
    again = client.post(f"/api/v1/inspections/plans/{plan_id}/draw/", {}, content_type="application/json")
    assert again.status_code == 400 and "不能重新抽取" in again.json()["errors"]["status"][0]
    first = drawn["drawn"][0]["id"]
    wrong = client.post(f"/api/v1/inspections/results/{first}/", {"result": "maybe"}, content_type="application/json")
    assert wrong.status_code == 400 and set(wrong.json()["errors"]) == {"inspected_on", "result"}
    done = client.post(f"/api/v1/inspections/results/{first}/", {"result": "not_operating",
                                                                 "inspected_on": timezone.localdate().isoformat()},
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["result_display"] == "未发现开展本项目经营活动"
    refused = client.post(f"/api/v1/inspections/plans/{plan_id}/publish/", {}, content_type="application/json")
    assert refused.status_code == 403
    stale = client.post(f"/api/v1/inspections/results/{drawn['drawn'][1]['id']}/",
                        {"result": "no_problem", "inspected_on": timezone.localdate().isoformat(), "version": 99},
                        content_type="application/json")
    assert stale.status_code == 409
    targets = client.get("/api/v1/inspections/targets/?q=佳惠").json()
    assert [t["name"] for t in targets] == ["蚌埠市佳惠超市有限公司"]
    client.logout()
    assert client.get("/api/v1/inspections/plans/").status_code == 403
    assert client.get("/api/v1/public/inspections/").json() == []


def test_published_results_are_open_data_in_csv_and_json(client, agency, world, item):
    plan = services.create_plan(world[Role.OFFICER], agency, plan_data(item))
    services.draw(world[Role.OFFICER], plan)
    first = DrawnTarget.objects.filter(plan=plan).order_by("draw_order").first()
    services.record_result(world[Role.OFFICER], first, {"inspected_on": timezone.localdate(), "result": "no_problem"})
    assert json.loads(b"".join(client.get("/gs/data/inspections.json").streaming_content)) == []  # nothing public yet
    services.publish(world[Role.PUBLISHER], plan)
    rows = json.loads(b"".join(client.get("/gs/data/inspections.json").streaming_content))
    assert [(r["target"], r["result"], r["seed"]) for r in rows] == [(first.target.name, "未发现问题", plan.seed)]
    csv = b"".join(client.get("/gs/data/inspections.csv").streaming_content).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("抽查计划编号,抽查计划,执法机关") and first.target.name in csv
