"""Procedures as data: the definition format, its validation and its deadlines.

A definition is a JSON object::

    {"start": "lead",
     "stages": [{"code": "lead", "name": "案源登记", "documents": ["案源登记表"], "av": "text",
                 "deadline": {"days": 15, "unit": "working", "from": "lead", "label": "决定是否立案"},
                 "final": false}, ...],
     "transitions": [{"from": "lead", "to": "filing", "name": "立案", "guards": ["head_approved"]}, ...]}

``av`` is the national default of the AV-required list (text / required / as_needed); a
deadline counts working or calendar days (PL Art. 85) from the day the case entered the stage
named by ``from``. The same definition drives the case engine and the flowchart (P5).
"""

from collections import defaultdict

from zhifa.core import calendar

from . import guards

AV_MODES = {"text", "required", "as_needed"}
UNITS = {"working": "个工作日", "calendar": "日"}


def _stage_errors(stages) -> tuple[list[str], dict]:
    errors = []
    by_code = {}
    for index, stage in enumerate(stages, start=1):
        if not isinstance(stage, dict) or not isinstance(stage.get("code"), str) or not stage["code"].strip():
            errors.append(f"第{index}个环节缺少环节编码")
            continue
        code = stage["code"]
        if code in by_code:
            errors.append(f"环节编码重复：“{code}”")
            continue
        by_code[code] = stage
        if not str(stage.get("name") or "").strip():
            errors.append(f"环节“{code}”缺少名称")
        if stage.get("av", "text") not in AV_MODES:
            errors.append(f"环节“{code}”的音像记录要求“{stage.get('av')}”无效，应为 text、required 或 as_needed")
        documents = stage.get("documents", [])
        if not isinstance(documents, list) or not all(isinstance(d, str) and d.strip() for d in documents):
            errors.append(f"环节“{code}”的文书清单必须是文书名称的列表")
    for code, stage in by_code.items():
        deadline = stage.get("deadline")
        if deadline is None:
            continue
        if not isinstance(deadline, dict):
            errors.append(f"环节“{code}”的期限格式错误")
            continue
        days = deadline.get("days")
        if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
            errors.append(f"环节“{code}”的期限天数必须是正整数")
        if deadline.get("unit") not in UNITS:
            errors.append(f"环节“{code}”的期限计算方式必须是 working（工作日）或 calendar（自然日）")
        if deadline.get("from") not in by_code:
            errors.append(f"环节“{code}”的期限起算环节“{deadline.get('from')}”不存在")
    return errors, by_code


def definition_errors(definition) -> list[str]:
    """Every problem of a definition, in Chinese; empty when it is valid."""
    if not isinstance(definition, dict):
        return ["流程定义必须是JSON对象"]
    stages = definition.get("stages")
    if not isinstance(stages, list) or not stages:
        return ["流程至少需要一个环节"]
    errors, by_code = _stage_errors(stages)
    start = definition.get("start")
    if start not in by_code:
        errors.append(f"起始环节“{start}”不存在")
    transitions = definition.get("transitions", [])
    if not isinstance(transitions, list):
        return [*errors, "流转必须是列表"]
    outgoing = defaultdict(list)
    for index, t in enumerate(transitions, start=1):
        if not isinstance(t, dict):
            errors.append(f"第{index}条流转格式错误")
            continue
        name = t.get("name") or f"第{index}条流转"
        ok = True
        for end in ("from", "to"):
            if t.get(end) not in by_code:
                errors.append(f"流转“{name}”的{'起点' if end == 'from' else '终点'}环节“{t.get(end)}”不存在")
                ok = False
        names = t.get("guards", [])
        if not isinstance(names, list):
            errors.append(f"流转“{name}”的条件必须是列表")
            names = []
        for guard in names:
            if not guards.is_known(guard):
                errors.append(f"流转“{name}”使用了未登记的条件“{guard}”")
        if ok:
            outgoing[t["from"]].append(t["to"])
    finals = {code for code, s in by_code.items() if s.get("final")}
    if not finals:
        errors.append("流程没有终结环节（final）")
    for code in sorted(finals):
        if outgoing.get(code):
            errors.append(f"终结环节“{by_code[code]['name']}”不能再有流转")
    if errors:
        return errors
    reachable = _reach(start, outgoing)
    for code, stage in by_code.items():
        if code not in reachable:
            errors.append(f"环节“{stage['name']}”从起始环节无法到达")
    reverse = defaultdict(list)
    for source, targets in outgoing.items():
        for target in targets:
            reverse[target].append(source)
    can_finish = set().union(*(_reach(f, reverse) for f in finals))
    dead_ends = [c for c in by_code if c not in finals and not outgoing.get(c)]
    for code in dead_ends:
        errors.append(f"环节“{by_code[code]['name']}”没有后续流转，也不是终结环节")
    trapped = [c for c in by_code if c in reachable and c not in can_finish and c not in dead_ends]
    if trapped:
        names = "、".join(by_code[c]["name"] for c in trapped)
        errors.append(f"环节“{names}”构成循环且没有出口，无法到达终结环节")
    return errors


def _reach(start, edges) -> set:
    seen = {start}
    todo = [start]
    while todo:
        for nxt in edges.get(todo.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def stage(definition, code) -> dict | None:
    return next((s for s in definition.get("stages", []) if s.get("code") == code), None)


def deadline(stage_deadline: dict, event_date):
    """The last day of a stage's period, counted from ``event_date`` (PL Art. 85: short periods are working days)."""
    if stage_deadline["unit"] == "working":
        return calendar.add_working_days(event_date, stage_deadline["days"])
    return calendar.add_calendar_days(event_date, stage_deadline["days"])


def describe_deadline(definition, stage_deadline: dict) -> str:
    source = stage(definition, stage_deadline["from"])
    text = f"自{source['name'] if source else stage_deadline['from']}起{stage_deadline['days']}{UNITS[stage_deadline['unit']]}"
    if stage_deadline.get("label"):
        text = f"{stage_deadline['label']}：{text}"
    return text
