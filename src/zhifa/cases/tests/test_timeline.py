"""The case page's timeline words journal entries for people, not in field codes."""

from types import SimpleNamespace

from zhifa.cases import timeline


def entry(kind, payload):
    return SimpleNamespace(kind=kind, payload=payload)


def test_a_case_update_names_the_changed_fields_by_their_chinese_names():
    text = timeline.summary(entry("case.updated", '{"changes": {"violation_ended_on": "2026-11-16", "fine_amount": "500"}}'))
    assert text == "修改：违法行为终了日期、罚款金额（元）"


def test_an_unknown_field_keeps_its_code_rather_than_failing():
    assert timeline.summary(entry("case.updated", '{"changes": {"retired_field": 1}}')) == "修改：retired_field"


def test_kinds_have_chinese_labels_and_unknown_kinds_show_as_they_are():
    assert timeline.label("case.transitioned") == "环节流转"
    assert timeline.label("something.new") == "something.new"
