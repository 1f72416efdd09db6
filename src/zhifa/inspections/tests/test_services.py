"""P17 "双随机、一公开": targets and inspectors drawn at random from a recorded seed, reproducibly, never
twice; at least two certified officers per target, none with a declared conflict; results recorded (a
problem becomes a lead) and published from desensitised copies within 20 working days."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.cases.models import Lead
from zhifa.core import randomdraw
from zhifa.core.calendar import add_working_days
from zhifa.inspections import selectors, services
from zhifa.inspections.models import Conflict, DrawnTarget, Plan, PublishedResult, Result, Target
from zhifa.ledger.models import JournalEntry
from zhifa.testing import make_uscc, make_user

from .builders import directory, expired_officer, officers, plan_data, random_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(agency):
    return random_item(agency)


@pytest.fixture
def world(agency, users, item):
    return {"targets": directory(agency), "officers": officers(agency), "officer": users[Role.OFFICER]}


def new_plan(user, agency, item, **changes):
    return services.create_plan(user, agency, plan_data(item, **changes))


def test_a_plan_names_random_inspection_items_of_the_catalog_and_gets_a_number(agency, world, item):
    plan = new_plan(world["officer"], agency, item)
    assert plan.number.endswith(f"〔{timezone.localdate().year}〕1号") and plan.status == Plan.Status.DRAFT
    assert plan.item_snapshot == [{"code": item.code, "name": item.name, "method": "双随机抽查", "ratio": "每年不低于5%"}]
    assert JournalEntry.objects.filter(kind="inspection.plan_created", subject_id=str(plan.pk)).exists()


@pytest.mark.parametrize("changes, field, message", [
    ({"title": ""}, "title", "请填写计划名称"),
    ({"items": []}, "items", "请选择至少一个随机抽查事项"),
    ({"inspectors_per_target": 1}, "inspectors_per_target", "不得少于两人"),
    ({"target_count": None}, "target_count", "抽取对象数（target_count）或抽取比例"),
    ({"target_ratio": "5"}, "target_ratio", "只填一项"),
    ({"target_count": None, "target_ratio": "120"}, "target_ratio", "0.01至100"),
    ({"period_end": datetime.date(2020, 1, 1)}, "period_end", "不能早于检查期间起"),
    ({"period_start": "2026-02-30"}, "period_start", "应为日期"),
    ({"seed": "x" * 65}, "seed", "不超过64个字符"),
])
def test_bad_plans_are_refused_naming_the_field(agency, world, item, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        new_plan(world["officer"], agency, item, **changes)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Plan.objects.exists()


def test_an_item_that_is_no_random_inspection_item_is_refused(agency, world, item):
    item.is_random_inspection = False  # another version's row, never saved: only the catalog decides
    with pytest.raises(ValidationError, match="不是本机关现行清单中的随机抽查事项"):
        new_plan(world["officer"], agency, item, items=[999999])


def test_the_draw_is_reproducible_from_the_recorded_seed_and_journalled(agency, world, item):
    plan = new_plan(world["officer"], agency, item)
    drawn = services.draw(world["officer"], plan)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAWN and plan.seed == "9f1c2a7e" and len(drawn) == 3
    expected = randomdraw.stream("9f1c2a7e", "targets").sample([t.pk for t in world["targets"]], 3)
    assert [d.target_id for d in drawn] == expected
    entry = JournalEntry.objects.get(kind="inspection.drawn")
    payload = json.loads(entry.payload)
    assert payload["seed"] == "9f1c2a7e" and payload["digest"] == plan.draw_digest
    assert payload["inputs_digest"] == randomdraw.digest(plan.draw_inputs) and payload["candidates"] == 6
    assert [p["target"] for p in payload["picked"]] == [Target.objects.get(pk=t).name for t in expected]
    verification = services.verify(plan)
    assert verification.ok and verification.digest == plan.draw_digest


def test_the_same_seed_draws_the_same_in_another_agency_of_the_same_shape(agency, world, item):
    """The draw depends on the seed and the recorded inputs only: recomputing them elsewhere gives the same."""
    plan = new_plan(world["officer"], agency, item)
    services.draw(world["officer"], plan)
    plan.refresh_from_db()
    again = services.compute(plan.seed, json.loads(json.dumps(plan.draw_inputs)))
    assert services.draw_digest(plan.draw_inputs, again) == plan.draw_digest


def test_a_generated_seed_is_recorded_when_none_is_given(agency, world, item):
    plan = new_plan(world["officer"], agency, item, seed="")
    assert len(plan.seed) == 32 and int(plan.seed, 16) >= 0


def test_verification_notices_a_tampered_draw(agency, world, item):
    plan = new_plan(world["officer"], agency, item)
    services.draw(world["officer"], plan)
    plan.refresh_from_db()
    drawn = plan.drawn.order_by("draw_order").first()
    outsider = next(o for o in world["officers"] if o not in drawn.inspectors.all())
    drawn.inspectors.set([outsider, *list(drawn.inspectors.all())[1:]])  # someone swapped an inspector
    assert not services.verify(plan).picks_match and not services.verify(plan).ok
    Plan.objects.filter(pk=plan.pk).update(seed="another")
    plan.refresh_from_db()
    assert not services.verify(plan).digest_matches
    Plan.objects.filter(pk=plan.pk).update(draw_inputs={**plan.draw_inputs, "inspectors": []})
    plan.refresh_from_db()
    assert not services.verify(plan).ok  # inputs that no longer make a draw: not a server error


def test_each_target_gets_at_least_two_certified_officers_none_with_a_conflict(agency, world, item):
    first, second, *_ = world["officers"]
    lapsed = expired_officer(agency)
    target = world["targets"][0]
    for person in (first, second):
        services.declare_conflict(world["officer"], target, person=person, kind=Conflict.Kind.RELATIVE)
    plan = new_plan(world["officer"], agency, item, target_count=6)
    drawn = services.draw(world["officer"], plan)
    plan.refresh_from_db()
    assert lapsed.pk not in plan.draw_inputs["inspectors"]  # an expired certificate is no inspector
    for d in drawn:
        people = set(d.inspectors.all())
        assert len(people) == 2 and lapsed not in people
    mine = next(d for d in drawn if d.target == target)
    assert not {first, second} & set(mine.inspectors.all())


def test_too_few_eligible_inspectors_refuses_the_draw_with_a_message(agency, users, item):
    directory(agency, 2)
    officers(agency, 1)
    expired_officer(agency)
    plan = new_plan(users[Role.OFFICER], agency, item, target_count=1)
    with pytest.raises(ValidationError, match="不足两名"):
        services.draw(users[Role.OFFICER], plan)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT and not DrawnTarget.objects.exists()


def test_conflicts_leaving_too_few_for_a_target_refuse_the_whole_draw(agency, users, item):
    [target] = directory(agency, 1)
    people = officers(agency, 2)
    services.declare_conflict(users[Role.OFFICER], target, person=people[0], kind=Conflict.Kind.INTEREST)
    plan = new_plan(users[Role.OFFICER], agency, item, target_count=1)
    with pytest.raises(ValidationError, match="可派检查人员（除回避人员外）只有1名"):
        services.draw(users[Role.OFFICER], plan)
    assert not DrawnTarget.objects.exists()


def test_a_plan_is_drawn_once(agency, world, item):
    plan = new_plan(world["officer"], agency, item)
    first = [d.target_id for d in services.draw(world["officer"], plan)]
    with pytest.raises(ValidationError, match="不能重新抽取"):
        services.draw(world["officer"], Plan.objects.get(pk=plan.pk))
    assert [d.target_id for d in DrawnTarget.objects.filter(plan=plan).order_by("draw_order")] == first


def test_a_ratio_draws_the_rounded_up_share_of_the_pool(agency, world, item):
    plan = new_plan(world["officer"], agency, item, target_count=None, target_ratio="34")
    assert len(services.draw(world["officer"], plan)) == 3  # 34% of 6 is 2.04: three


def test_an_empty_pool_is_refused(agency, world, item):
    plan = new_plan(world["officer"], agency, item, category="药品零售")
    with pytest.raises(ValidationError, match="没有符合本计划条件的在册对象"):
        services.draw(world["officer"], plan)


def test_only_the_agencys_handlers_plan_and_draw(agency, other_agency, world, item, users):
    for role in (Role.PUBLISHER, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN):
        with pytest.raises(PermissionDenied):
            new_plan(users[role], agency, item)
    stranger = make_user("elsewhere", Role.AGENCY_HEAD, other_agency)
    with pytest.raises(PermissionDenied):
        new_plan(stranger, agency, item)
    plan = new_plan(world["officer"], agency, item)
    with pytest.raises(PermissionDenied):
        services.draw(stranger, plan)


def drawn_plan(world, agency, item):
    plan = new_plan(world["officer"], agency, item)
    services.draw(world["officer"], plan)
    plan.refresh_from_db()
    return plan, list(plan.drawn.order_by("draw_order"))


def test_a_result_is_recorded_once_with_its_disclosure_due_date(agency, world, item):
    plan, drawn = drawn_plan(world, agency, item)
    today = timezone.localdate()
    done = services.record_result(world["officer"], drawn[0], {"inspected_on": today, "result": Result.NO_PROBLEM})
    assert done.result == "no_problem" and done.disclosure_due_on == add_working_days(today, 20)
    with pytest.raises(ValidationError, match="不能重复录入"):
        services.record_result(world["officer"], done, {"inspected_on": today, "result": Result.RECTIFY, "note": "x"})


def test_the_disclosure_due_date_skips_a_holiday(agency):
    day = datetime.date(2026, 9, 28)  # before the National Day holiday (10.1–10.8 in 2026)
    due = services.disclosure_due(agency, day)
    assert due == add_working_days(day, 20) and due > day + datetime.timedelta(days=28)


@pytest.mark.parametrize("data, field, message", [
    ({"result": "no_problem"}, "inspected_on", "请填写检查日期"),
    ({"inspected_on": "明天", "result": "no_problem"}, "inspected_on", "应为日期"),
    ({"inspected_on": "2999-01-01", "result": "no_problem"}, "inspected_on", "不能晚于今天"),
    ({"inspected_on": "2020-01-01", "result": "no_problem"}, "inspected_on", "不能早于抽取日期"),
    ({"inspected_on": "today", "result": "good"}, "result", "未发现问题、发现问题已责令整改"),
    ({"inspected_on": "today", "result": "rectify"}, "note", "写明发现的问题"),
])
def test_bad_results_are_refused_naming_the_field(agency, world, item, data, field, message):
    _, drawn = drawn_plan(world, agency, item)
    if data.get("inspected_on") == "today":
        data = {**data, "inspected_on": timezone.localdate().isoformat()}
    with pytest.raises(ValidationError) as refused:
        services.record_result(world["officer"], drawn[0], data)
    assert message in " ".join(refused.value.message_dict[field])
    drawn[0].refresh_from_db()
    assert not drawn[0].result


def test_a_problem_for_a_case_registers_a_lead_in_the_agencys_workbench(agency, world, item):
    from zhifa.catalog.defaults import load_national_defaults

    load_national_defaults()
    plan, drawn = drawn_plan(world, agency, item)
    done = services.record_result(world["officer"], drawn[0], {
        "inspected_on": timezone.localdate(), "result": Result.CASE, "note": "货架上有超过保质期的酸奶12盒在售"})
    lead = Lead.objects.get()
    assert done.lead == lead and lead.source == "inspection" and lead.agency == agency
    assert lead.reference == plan.number and lead.party_name == drawn[0].target.name
    assert "超过保质期的酸奶" in lead.summary and lead.case.title.startswith("双随机抽查发现问题")


def test_publication_is_a_desensitised_snapshot_and_the_portal_reads_only_it(agency, world, item, users):
    person = Target.objects.create(agency=agency, name="孙桂兰", kind=Target.Kind.NATURAL, region_code="340304",
                                   category="食品经营", address="蚌埠市禹会区涂山路46号3栋502室")
    plan = new_plan(world["officer"], agency, item, target_count=7)
    services.draw(world["officer"], plan)
    publisher = users[Role.PUBLISHER]
    announced = services.publish(publisher, Plan.objects.get(pk=plan.pk))
    assert announced.items[0]["name"] == item.name and announced.seed == plan.seed and announced.drawn == 7
    mine = DrawnTarget.objects.get(plan=plan, target=person)
    services.record_result(world["officer"], mine, {
        "inspected_on": timezone.localdate(), "result": Result.RECTIFY,
        "note": "孙桂兰（电话13905527316）的面馆后厨未做到生熟分开，已责令整改"})
    services.publish(publisher, Plan.objects.get(pk=plan.pk))
    shown = PublishedResult.objects.get()
    assert shown.target_name == "孙某某" and shown.target_code == "" and shown.result == "发现问题已责令整改"
    assert "孙桂兰" not in shown.note and "13905527316" not in shown.note and "生熟分开" in shown.note
    Target.objects.filter(pk=person.pk).update(name="改名")  # the record changes; the public copy does not
    assert selectors.get_published_plan(announced.pk).results.get().target_name == "孙某某"
    with pytest.raises(ValidationError, match="没有需要公示的新内容"):
        services.publish(publisher, Plan.objects.get(pk=plan.pk))
    with pytest.raises(PermissionDenied):
        services.publish(world["officer"], Plan.objects.get(pk=plan.pk))


def test_a_plan_announced_before_its_draw_gets_its_seed_once_drawn(agency, world, item, users):
    plan = new_plan(world["officer"], agency, item)
    announced = services.publish(users[Role.PUBLISHER], plan)
    assert announced.seed == "" and announced.draw_digest == ""
    services.draw(world["officer"], Plan.objects.get(pk=plan.pk))
    announced = services.publish(users[Role.PUBLISHER], Plan.objects.get(pk=plan.pk))
    assert announced.seed == "9f1c2a7e" and announced.draw_digest == Plan.objects.get(pk=plan.pk).draw_digest


def test_supervision_sees_results_overdue_for_disclosure(agency, world, item, users):
    _, drawn = drawn_plan(world, agency, item)
    services.record_result(world["officer"], drawn[0], {"inspected_on": timezone.localdate(), "result": "no_problem"})
    later = timezone.localdate() + datetime.timedelta(days=60)
    assert list(selectors.overdue_results(users[Role.SUPERVISOR], today=later)) == [drawn[0]]
    assert not selectors.overdue_results(users[Role.SUPERVISOR]).exists()
    assert selectors.plans(users[Role.SUPERVISOR], overdue=True, today=later).count() == 1


def test_other_agencies_and_other_roles_see_nothing(agency, other_agency, far_agency, world, item, users):
    plan = new_plan(world["officer"], agency, item)
    neighbour = make_user("neighbour", Role.OFFICER, other_agency)
    far = make_user("far_supervisor", Role.SUPERVISOR, region_code="340100")
    for user in (neighbour, far, users[Role.REVIEWER], users[Role.ADMIN]):
        assert not selectors.plans(user).exists() and not selectors.targets(user).exists()
    for user in (users[Role.OFFICER], users[Role.PUBLISHER], users[Role.SUPERVISOR]):
        assert selectors.get_plan(user, plan.pk) == plan
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.get_plan(neighbour, plan.pk)


def test_the_directory_validates_codes_and_refuses_duplicates(agency, users):
    officer = users[Role.OFFICER]
    code = make_uscc("340300")
    target = services.add_target(officer, agency, {"name": "蚌埠市美妍化妆品有限公司", "uscc": code.lower(),
                                                   "category": "化妆品经营"})
    assert target.uscc == code and target.region_code == agency.region_code
    for data, field, message in [
        ({"name": "另一家", "uscc": code}, "uscc", "已在本机关检查对象名录中"),
        ({"name": "错码公司", "uscc": code[:17] + ("0" if code[17] != "0" else "1")}, "uscc", "校验码错误"),
        ({"name": "无码公司"}, "uscc", "须填写统一社会信用代码"),
        ({"name": "孙桂兰", "kind": "自然人", "uscc": code}, "uscc", "自然人没有统一社会信用代码"),
        ({"name": "", "uscc": make_uscc("340300")}, "name", "请填写检查对象的名称"),
        ({"name": "某公司", "uscc": make_uscc("340300"), "region_code": "999999"}, "region_code", "行政区划代码"),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.add_target(officer, agency, data)
        assert message in " ".join(refused.value.message_dict[field]), data
    assert services.add_target(officer, agency, {"name": "孙桂兰", "kind": "自然人"}).uscc == ""
    with pytest.raises(PermissionDenied):
        services.add_target(users[Role.PUBLISHER], agency, {"name": "某公司", "uscc": make_uscc("340300")})


def test_a_directory_entry_is_corrected_with_the_rules_of_a_new_one_and_journalled(agency, users):
    officer = users[Role.OFFICER]
    first, second = directory(agency, 2)
    corrected = services.update_target(officer, first, {"name": first.name, "uscc": first.uscc,
                                                        "address": "蚌埠市龙子湖区东海大道1号", "category": "食品生产"},
                                       version=first.version)
    assert corrected.address == "蚌埠市龙子湖区东海大道1号" and corrected.category == "食品生产"
    entry = JournalEntry.objects.filter(kind="inspection.target_updated").get()
    assert "食品生产" in entry.payload and entry.subject_id == str(first.pk)
    with pytest.raises(ValidationError, match="已在本机关检查对象名录中"):
        services.update_target(officer, corrected, {"name": corrected.name, "uscc": second.uscc})
    with pytest.raises(ValidationError, match="没有需要保存的修改"):
        services.update_target(officer, corrected, {"name": corrected.name, "uscc": corrected.uscc,
                                                    "address": corrected.address, "category": corrected.category})
    from zhifa.core.errors import ConflictError

    with pytest.raises(ConflictError):
        services.update_target(officer, corrected, {"name": "旧版本上的修改", "uscc": corrected.uscc}, version=1)
    with pytest.raises(PermissionDenied):
        services.update_target(users[Role.PUBLISHER], corrected, {"name": "某公司", "uscc": corrected.uscc})


def test_a_target_off_the_register_is_never_drawn_and_can_come_back(agency, users, world, item):
    officer = users[Role.OFFICER]
    removed = world["targets"][0]
    with pytest.raises(ValidationError, match="请填写原因"):
        services.set_registered(officer, removed, registered=False, reason=" ")
    services.set_registered(officer, removed, registered=False, reason="已办理注销登记")
    with pytest.raises(ValidationError, match="已移出名录"):
        services.set_registered(officer, removed, registered=False, reason="再次移出")
    plan = new_plan(officer, agency, item, target_count=5)
    services.draw(officer, plan)
    assert removed.pk not in set(plan.drawn.values_list("target_id", flat=True))
    assert plan.drawn.count() == 5
    services.set_registered(officer, removed, registered=True, reason="恢复经营")
    assert Target.objects.get(pk=removed.pk).is_active
    assert [e.kind for e in JournalEntry.objects.filter(subject_id=str(removed.pk), subject_type="inspections.target")
            .order_by("sequence")][-2:] == ["inspection.target_removed", "inspection.target_registered"]


def workbook(rows):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["蚌埠市市场监督管理局检查对象名录"])
    sheet.append(["序号", "名称", "统一社会信用代码", "类型", "地址", "行政区划代码", "分类"])
    for n, row in enumerate(rows, start=1):
        sheet.append([n, *row])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_the_directory_is_imported_from_excel_all_or_nothing(agency, users):
    officer = users[Role.OFFICER]
    good = [("蚌埠市佳惠超市有限公司", make_uscc("340300"), "企业", "蚌埠市蚌山区宏业路88号", "340302", "食品经营"),
            ("孙桂兰", "", "自然人", "", "340304", "食品经营")]
    bad = good + [("坏码公司", "91340300XXXXXXXXXX", "企业", "", "340302", "食品经营")]
    with pytest.raises(ValidationError) as refused:
        services.import_targets(officer, agency, workbook(bad))
    assert any(m.startswith("第5行 统一社会信用代码：") for m in refused.value.message_dict["file"])
    assert not Target.objects.exists()
    made = services.import_targets(officer, agency, workbook(good))
    assert [t.kind for t in made] == ["enterprise", "natural"] and Target.objects.count() == 2
    with pytest.raises(ValidationError, match="不是有效的Excel工作簿"):
        services.import_targets(officer, agency, __import__("io").BytesIO(b"not a workbook"))
