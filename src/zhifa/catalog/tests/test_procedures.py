"""Procedures as data: validation of definitions, the guard registry, deadlines, flowcharts (P5)."""

import copy
import datetime
import re
import xml.etree.ElementTree as ET

import pytest

from zhifa.catalog import guards
from zhifa.catalog.defaults import national_procedures
from zhifa.catalog.flowchart import layout, render_svg
from zhifa.catalog.procedures import deadline, definition_errors, describe_deadline

PROCEDURES = {p["code"]: p for p in national_procedures()}


def minimal(**changes):
    definition = {
        "start": "a",
        "stages": [{"code": "a", "name": "立案"}, {"code": "b", "name": "调查"}, {"code": "c", "name": "结案", "final": True}],
        "transitions": [{"from": "a", "to": "b", "name": "调查"}, {"from": "b", "to": "c", "name": "结案"}],
    }
    definition.update(changes)
    return definition


def test_the_five_national_procedures_are_shipped_and_valid():
    assert set(PROCEDURES) == {"penalty_general", "penalty_simple", "compulsion_seizure", "inspection", "licence"}
    for code, procedure in PROCEDURES.items():
        assert definition_errors(procedure["definition"]) == [], code


@pytest.mark.parametrize("code", sorted(PROCEDURES))
def test_p5_each_national_procedure_renders_as_a_well_formed_svg_flowchart(code):
    procedure = PROCEDURES[code]
    svg = render_svg(procedure["definition"], title=procedure["name"])
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    stages = root.findall("s:g[@class='stage']", ns)
    edges = root.findall("s:g[@class='edge']", ns)
    assert len(stages) == len(procedure["definition"]["stages"])
    assert len(edges) == len(procedure["definition"]["transitions"])
    names = {"".join(g.find("s:text", ns).itertext()) for g in stages}
    assert names == {s["name"] for s in procedure["definition"]["stages"]}
    assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")


@pytest.mark.parametrize("code", sorted(PROCEDURES))
def test_stages_do_not_overlap_and_edges_point_downward_unless_they_loop(code):
    definition = PROCEDURES[code]["definition"]
    positions, routes, back, width, height = layout(definition)
    boxes = [(x, y, w) for c, (x, y, w) in positions.items() if not c.startswith("·")]
    for i, (x1, y1, w1) in enumerate(boxes):
        assert 0 <= x1 and x1 + w1 <= width and y1 < height
        for x2, y2, w2 in boxes[i + 1:]:
            assert y1 != y2 or x1 + w1 <= x2 or x2 + w2 <= x1
    for (source, target), chain in routes.items():
        assert positions[source][1] < positions[target][1]
        assert [positions[c][1] for c in chain] == sorted(positions[c][1] for c in chain)
    for source, target in back:
        assert positions[source][1] >= positions[target][1]


def test_the_general_procedure_loops_back_for_supplementary_investigation():
    _, _, back, _, _ = layout(PROCEDURES["penalty_general"]["definition"])
    assert ("case_review", "investigation") in back


def test_av_and_deadlines_are_drawn_on_the_stage():
    svg = render_svg(PROCEDURES["compulsion_seizure"]["definition"])
    assert "全程音像记录" in svg
    assert "查封扣押期限：自现场实施起30日" in svg


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        ("not a dict", "流程定义必须是JSON对象"),
        ({"stages": []}, "流程至少需要一个环节"),
        (minimal(start="x"), "起始环节“x”不存在"),
        (minimal(stages=[{"code": "a", "name": "立案"}, {"code": "a", "name": "再立案"}, {"code": "c", "name": "结案", "final": True}]),
         "环节编码重复：“a”"),
        (minimal(stages=[{"code": "a", "name": ""}, {"code": "b", "name": "调查"}, {"code": "c", "name": "结案", "final": True}]),
         "环节“a”缺少名称"),
        (minimal(stages=[{"code": "a", "name": "立案", "av": "video"}, {"code": "b", "name": "调查"},
                         {"code": "c", "name": "结案", "final": True}]), "音像记录要求“video”无效"),
        (minimal(stages=[{"code": "a", "name": "立案", "documents": "立案审批表"}, {"code": "b", "name": "调查"},
                         {"code": "c", "name": "结案", "final": True}]), "文书清单必须是文书名称的列表"),
        (minimal(stages=[{"code": "a", "name": "立案", "deadline": {"days": 0, "unit": "working", "from": "a"}},
                         {"code": "b", "name": "调查"}, {"code": "c", "name": "结案", "final": True}]), "期限天数必须是正整数"),
        (minimal(stages=[{"code": "a", "name": "立案", "deadline": {"days": 5, "unit": "weeks", "from": "a"}},
                         {"code": "b", "name": "调查"}, {"code": "c", "name": "结案", "final": True}]), "期限计算方式必须是"),
        (minimal(stages=[{"code": "a", "name": "立案", "deadline": {"days": 5, "unit": "working", "from": "z"}},
                         {"code": "b", "name": "调查"}, {"code": "c", "name": "结案", "final": True}]), "期限起算环节“z”不存在"),
        (minimal(transitions=[{"from": "a", "to": "q", "name": "调查"}, {"from": "b", "to": "c", "name": "结案"}]),
         "流转“调查”的终点环节“q”不存在"),
        (minimal(transitions=[{"from": "a", "to": "b", "name": "调查", "guards": ["magic_approval"]},
                              {"from": "b", "to": "c", "name": "结案"}]), "流转“调查”使用了未登记的条件“magic_approval”"),
        (minimal(transitions=[{"from": "a", "to": "b", "name": "调查", "guards": "head_approved"},
                              {"from": "b", "to": "c", "name": "结案"}]), "条件必须是列表"),
        (minimal(stages=[{"code": "a", "name": "立案"}, {"code": "b", "name": "调查"}, {"code": "c", "name": "结案"}]),
         "流程没有终结环节"),
        (minimal(transitions=[{"from": "a", "to": "b", "name": "调查"}, {"from": "b", "to": "c", "name": "结案"},
                              {"from": "c", "to": "a", "name": "重开"}]), "终结环节“结案”不能再有流转"),
        (minimal(transitions=[{"from": "a", "to": "c", "name": "结案"}, {"from": "b", "to": "c", "name": "结案"}]),
         "环节“调查”从起始环节无法到达"),
        (minimal(transitions=[{"from": "a", "to": "b", "name": "调查"}, {"from": "a", "to": "c", "name": "结案"}]),
         "环节“调查”没有后续流转，也不是终结环节"),
    ],
)
def test_invalid_definitions_are_refused_with_a_chinese_message(definition, message):
    errors = definition_errors(definition)
    assert any(message in e for e in errors), errors


def test_a_cycle_without_exit_is_named():
    definition = minimal(
        stages=[{"code": "a", "name": "立案"}, {"code": "b", "name": "调查"}, {"code": "d", "name": "补充调查"},
                {"code": "c", "name": "结案", "final": True}],
        transitions=[{"from": "a", "to": "b", "name": "调查"}, {"from": "b", "to": "d", "name": "补充"},
                     {"from": "d", "to": "b", "name": "返回"}, {"from": "a", "to": "c", "name": "结案"}],
    )
    assert definition_errors(definition) == ["环节“调查、补充调查”构成循环且没有出口，无法到达终结环节"]
    fixed = copy.deepcopy(definition)
    fixed["transitions"].append({"from": "d", "to": "c", "name": "结案"})
    assert definition_errors(fixed) == []


def test_guard_registry_names_rules_and_waits_for_implementations():
    assert guards.is_known("two_certified_officers") and guards.is_known("collective_discussion_held")
    assert "第四十二条" in guards.REGISTRY["two_certified_officers"].rule
    guards.register("not_yet_built", "尚未实现的条件", "测试用")
    try:
        with pytest.raises(guards.GuardNotImplemented, match="尚未实现"):
            guards.evaluate("not_yet_built", case=None)
    finally:
        del guards.REGISTRY["not_yet_built"]
    with pytest.raises(LookupError, match="未登记"):
        guards.evaluate("unknown_guard", case=None)
    with pytest.raises(ValueError, match="已登记"):
        guards.register("head_approved", "重复", "重复")


def test_the_case_engine_registers_implementations():
    guard = guards.REGISTRY["archived_in_time"]
    saved = guard.implementation
    try:
        @guards.implements("archived_in_time")
        def archived(case, **context):
            return case["archived"], "已归档" if case["archived"] else "未归档"

        assert guards.evaluate("archived_in_time", {"archived": True}) == (True, "已归档")
        with pytest.raises(LookupError):
            guards.implements("no_such_guard")(archived)
    finally:
        guard.implementation = saved


def test_every_guard_used_by_shipped_procedures_is_registered():
    used = {g for p in PROCEDURES.values() for t in p["definition"]["transitions"] for g in t.get("guards", [])}
    assert used <= set(guards.REGISTRY)
    assert {"two_certified_officers", "documents_issued", "legal_review_passed", "head_approved",
            "collective_discussion_held"} <= used


@pytest.mark.django_db
def test_deadlines_count_working_or_calendar_days():
    definition = PROCEDURES["penalty_general"]["definition"]
    stages = {s["code"]: s for s in definition["stages"]}
    assert describe_deadline(definition, stages["decision"]["deadline"]) == "作出处罚决定：自立案起90日"
    # Friday 2025-09-26 + 7 working days crosses the National Day holiday (Oct 1–8, 2025; 9/28 and 10/11 worked).
    delivered = deadline(stages["delivery"]["deadline"], datetime.date(2025, 9, 26))
    assert delivered.as_date() == datetime.date(2025, 10, 13)
    decided = deadline(stages["decision"]["deadline"], datetime.date(2025, 1, 2))
    assert decided.as_date() == datetime.date(2025, 4, 2)


def test_node_text_is_escaped():
    definition = minimal(stages=[{"code": "a", "name": "<立案&>"}, {"code": "b", "name": "调查"},
                                 {"code": "c", "name": "结案", "final": True}])
    svg = render_svg(definition)
    assert "&lt;立案&amp;&gt;" in svg
    ET.fromstring(svg)
    assert re.search(r'viewBox="0 0 \d+ \d+"', svg)


@pytest.mark.parametrize("code", sorted(PROCEDURES))
def test_loops_never_cross_a_stage(code):
    from zhifa.catalog.flowchart import NODE_H

    definition = PROCEDURES[code]["definition"]
    positions = layout(definition)[0]
    boxes = [(x, y, w) for c, (x, y, w) in positions.items() if not c.startswith("·")]
    root = ET.fromstring(render_svg(definition))
    ns = {"s": "http://www.w3.org/2000/svg"}
    for path in root.findall("s:g[@class='edge']/s:path", ns):
        d = path.get("d")
        if "C" in d:
            continue  # forward edges are routed through dummy nodes, checked above
        x = y = 0.0
        for command, value in re.findall(r"([MVH])([-\d.,]+)", d):
            if command == "M":
                x, y = map(float, value.split(","))
            elif command == "V":
                y = float(value)
            else:
                new_x = float(value)
                for bx, by, bw in boxes:
                    crosses_row = by < y < by + NODE_H
                    assert not (crosses_row and min(x, new_x) < bx + bw and max(x, new_x) > bx), (code, d)
                x = new_x
