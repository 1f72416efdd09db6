"""Versions (P9): drafts are edited, published versions are immutable, publishing is journalled,
lists whose laws changed more than a month ago without a new version are flagged."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.catalog import content, selectors, services
from zhifa.catalog.models import (
    IMMUTABLE,
    AvRequirement,
    DiscretionBenchmark,
    DiscretionTier,
    EnforcementItem,
    MajorDecisionRule,
    Power,
    Procedure,
    RuleList,
    RuleListVersion,
)
from zhifa.catalog.services import SYSTEM
from zhifa.laws.models import Law
from zhifa.ledger.models import JournalEntry

from .builders import powers_list

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


def test_national_defaults_are_published_with_digests_and_journalled(national):
    assert set(national) == {"procedures", "av", "major", "discretion"}
    for version in national.values():
        assert version.status == "published" and len(version.digest) == 64
        assert version.digest == content.digest(version)
    published = JournalEntry.objects.filter(kind="catalog.version_published")
    assert published.count() == 4
    assert Procedure.objects.filter(version=national["procedures"]).count() == 5
    assert AvRequirement.objects.get(version=national["av"], procedure_code="compulsion_seizure",
                                     stage_code="on_site").mode == "required"


def test_p9_a_published_version_cannot_be_changed_through_the_model(national):
    version = national["procedures"]
    procedure = Procedure.objects.filter(version=version).first()
    procedure.name = "改名"
    with pytest.raises(ValidationError, match=IMMUTABLE):
        procedure.save()
    with pytest.raises(ValidationError, match=IMMUTABLE):
        procedure.delete()
    version.note = "改"
    with pytest.raises(ValidationError, match=IMMUTABLE):
        version.save()
    with pytest.raises(ValidationError, match=IMMUTABLE):
        Procedure(version=version, code="x", name="x", kind="penalty", definition={}).save()
    tier = DiscretionTier.objects.filter(benchmark__version=national["discretion"]).first()
    tier.fine_max = 1
    with pytest.raises(ValidationError, match=IMMUTABLE):
        tier.save()
    assert Procedure.objects.get(pk=procedure.pk).name != "改名"


def test_p9_a_published_version_cannot_be_changed_through_the_services(national, agency):
    rule_list = services.adopt(SYSTEM, national["major"].rule_list, agency)
    draft = selectors.draft_of(rule_list)
    services.publish(SYSTEM, draft, datetime.date(2026, 1, 1))
    rule = MajorDecisionRule.objects.filter(version=draft).first()
    with pytest.raises(ValidationError, match=IMMUTABLE):
        services.save_entry(SYSTEM, draft, MajorDecisionRule, {"name": "改"}, instance=rule)
    with pytest.raises(ValidationError, match=IMMUTABLE):
        services.delete_entry(SYSTEM, rule)
    with pytest.raises(ValidationError, match=IMMUTABLE):
        services.publish(SYSTEM, draft, datetime.date(2026, 2, 1))
    with pytest.raises(ValidationError, match=IMMUTABLE):
        services.discard_draft(SYSTEM, draft)


def test_editing_makes_a_draft_copy_and_publishing_makes_it_current(national, agency, users):
    admin = users[Role.ADMIN]
    rule_list = services.adopt(admin, national["discretion"].rule_list, agency)
    first = services.publish(admin, selectors.draft_of(rule_list), datetime.date(2026, 1, 1))
    draft = services.start_draft(admin, rule_list, note="调整罚款幅度")
    assert draft.number == 2 and draft.status == "draft"
    assert content.snapshot(draft) == content.snapshot(first)
    benchmark = DiscretionBenchmark.objects.get(version=draft, code="SR-36-6")
    tier = benchmark.tiers.get(tier="general")
    services.save_tier(admin, benchmark, {"fine_max": "800"}, instance=tier)
    with pytest.raises(ValidationError, match="已有未发布的草稿"):
        services.start_draft(admin, rule_list)
    assert selectors.current_version(rule_list, TODAY) == first
    second = services.publish(admin, draft, datetime.date(2026, 7, 1), note="按新规调整")
    assert selectors.current_version(rule_list, TODAY) == first
    assert selectors.current_version(rule_list, datetime.date(2026, 7, 1)) == second
    assert DiscretionTier.objects.get(benchmark__version=first, benchmark__code="SR-36-6", tier="general").fine_max == 1000
    entry = JournalEntry.objects.filter(kind="catalog.version_published").last()
    assert entry.actor_id == admin.pk and second.digest in entry.payload and entry.agency_id == agency.pk


def test_publication_needs_an_effective_date_not_before_the_last_and_valid_content(national, agency, users):
    admin = users[Role.ADMIN]
    rule_list = services.adopt(admin, national["discretion"].rule_list, agency)
    draft = selectors.draft_of(rule_list)
    with pytest.raises(ValidationError) as info:
        services.publish(admin, draft, None)
    assert info.value.message_dict == {"effective_from": ["发布时必须填写生效日期"]}
    services.publish(admin, draft, datetime.date(2026, 3, 1))
    draft = services.start_draft(admin, rule_list)
    with pytest.raises(ValidationError, match="生效日期不得早于上一版本的生效日期"):
        services.publish(admin, draft, datetime.date(2026, 2, 1))
    benchmark = DiscretionBenchmark.objects.filter(version=draft).first()
    for tier in benchmark.tiers.all():
        services.delete_tier(admin, tier)
    with pytest.raises(ValidationError, match="没有设定任何裁量阶次"):
        services.publish(admin, draft, datetime.date(2026, 4, 1))
    services.discard_draft(admin, draft)
    assert selectors.draft_of(rule_list) is None and rule_list.versions.count() == 1


def test_empty_lists_and_dangling_references_are_not_published(national, agency, users):
    admin = users[Role.ADMIN]
    empty = services.create_list(admin, kind=RuleList.Kind.MAJOR, name="空目录", agency=agency)
    with pytest.raises(ValidationError, match="不能发布空清单"):
        services.publish(admin, services.start_draft(admin, empty), TODAY)
    av_list = services.create_list(admin, kind=RuleList.Kind.AV, name="音像清单", agency=agency)
    draft = services.start_draft(admin, av_list)
    services.save_entry(admin, draft, AvRequirement, {"procedure_code": "penalty_general", "stage_code": "nowhere", "mode": "required"})
    services.save_entry(admin, draft, AvRequirement, {"procedure_code": "nothing", "stage_code": "x", "mode": "text"})
    with pytest.raises(ValidationError) as info:
        services.publish(admin, draft, TODAY)
    assert info.value.messages == ["执法流程“行政处罚普通程序”没有环节“nowhere”", "音像记录事项引用的执法流程“nothing”不存在或未发布"]
    powers = powers_list(agency, publish=False)
    powers_draft = selectors.draft_of(powers)
    from zhifa.catalog.models import EnforcementItem

    item = EnforcementItem.objects.get(version=powers_draft)
    services.save_entry(admin, powers_draft, EnforcementItem, {"procedure_code": "unknown"}, instance=item)
    with pytest.raises(ValidationError, match="引用的执法流程“unknown”不存在或未发布"):
        services.publish(admin, powers_draft, TODAY)


def test_entries_of_the_wrong_kind_or_another_version_are_refused(national, agency, users):
    admin = users[Role.ADMIN]
    rule_list = services.create_list(admin, kind=RuleList.Kind.MAJOR, name="目录", agency=agency)
    draft = services.start_draft(admin, rule_list)
    with pytest.raises(ValidationError, match="中不能添加执法流程"):
        services.save_entry(admin, draft, Procedure, {"code": "x"})
    with pytest.raises(ValidationError) as info:
        services.save_entry(admin, draft, MajorDecisionRule, {"kind": "amount", "name": "金额", "params": {}})
    assert "thresholds" in info.value.message_dict["params"][0]
    national_rule = MajorDecisionRule.objects.filter(version=national["major"]).first()
    with pytest.raises(ValidationError, match="该条目不属于此版本"):
        services.save_entry(admin, draft, MajorDecisionRule, {"name": "x"}, instance=national_rule)
    proc_list = services.create_list(admin, kind=RuleList.Kind.PROCEDURES, name="流程", agency=agency)
    proc_draft = services.start_draft(admin, proc_list)
    with pytest.raises(ValidationError) as info:
        services.save_entry(admin, proc_draft, Procedure, {"code": "p", "name": "流程", "kind": "penalty",
                                                           "definition": {"start": "a", "stages": [{"code": "a", "name": "甲"}]}})
    assert info.value.message_dict["definition"] == ["流程没有终结环节（final）"]


def test_permissions_national_lists_are_adopted_not_edited(national, agency, other_agency, far_agency, users):
    admin = users[Role.ADMIN]
    with pytest.raises(PermissionDenied, match="国家默认清单不能直接修改"):
        services.start_draft(admin, national["major"].rule_list)
    with pytest.raises(PermissionDenied, match="国家默认清单随系统发布"):
        services.create_list(admin, kind=RuleList.Kind.MAJOR, name="x")
    with pytest.raises(PermissionDenied):
        services.create_list(admin, kind=RuleList.Kind.MAJOR, name="外地", agency=far_agency)
    for role in (Role.AGENCY_HEAD, Role.OFFICER, Role.SUPERVISOR, Role.REVIEWER, Role.PUBLISHER):
        with pytest.raises(PermissionDenied):
            services.create_list(users[role], kind=RuleList.Kind.MAJOR, name="x", agency=agency)
    services.adopt(admin, national["major"].rule_list, other_agency)
    with pytest.raises(ValidationError, match="已有重大执法决定法制审核目录清单"):
        services.adopt(admin, national["major"].rule_list, other_agency)


def test_scoped_reads(national, agency, other_agency, far_agency, users):
    powers_list(agency)
    powers_list(far_agency)
    draft_only = services.create_list(SYSTEM, kind=RuleList.Kind.MAJOR, name="起草中", agency=agency)
    services.start_draft(SYSTEM, draft_only)
    officer_lists = set(selectors.rule_lists(users[Role.OFFICER]).values_list("name", flat=True))
    assert f"{agency.name}权责清单" in officer_lists and f"{far_agency.name}权责清单" not in officer_lists
    assert "国家默认执法流程" in officer_lists
    assert not selectors.versions(users[Role.OFFICER], draft_only).exists()
    assert selectors.versions(users[Role.ADMIN], draft_only).count() == 1
    assert not selectors.visible_versions(users[Role.OFFICER]).filter(status="draft").exists()
    from django.contrib.auth.models import AnonymousUser

    assert not selectors.rule_lists(AnonymousUser()).exists()


def test_r4_policy_profile_falls_back_to_the_national_default(national, agency, users):
    assert selectors.procedure_for(agency, "penalty_simple").name == "行政处罚简易程序"
    assert selectors.av_mode(agency, "compulsion_seizure", "on_site") == "required"
    av = services.adopt(users[Role.ADMIN], national["av"].rule_list, agency)
    draft = selectors.draft_of(av)
    entry = AvRequirement.objects.get(version=draft, procedure_code="penalty_general", stage_code="investigation")
    services.save_entry(users[Role.ADMIN], draft, AvRequirement, {"mode": "required"}, instance=entry)
    services.publish(users[Role.ADMIN], draft, timezone.localdate())
    assert selectors.av_mode(agency, "penalty_general", "investigation") == "required"
    assert selectors.av_mode(None, "penalty_general", "investigation") == "as_needed"
    assert selectors.av_mode(agency, "penalty_general", "nowhere") is None


def test_p9_a_list_is_flagged_when_its_law_changed_over_a_month_ago_without_a_new_version(national, agency, users):
    rule_list = national["discretion"].rule_list
    law = Law.objects.get(title="中华人民共和国食品安全法")
    assert selectors.revision_due(rule_list, TODAY) == []
    published_on = timezone.localdate(national["discretion"].published_at)
    law.changed_on = datetime.date(published_on.year + 1, 1, 31)
    law.save()
    assert selectors.revision_due(rule_list, law.changed_on.replace(month=2, day=28)) == []  # a month is not over
    due_day = law.changed_on.replace(month=3, day=1)
    assert selectors.revision_due(rule_list, due_day) == [law]
    assert [rl for rl, _ in selectors.overdue_lists(users[Role.OFFICER], due_day)] == [rule_list]
    assert Power.objects.count() == 0


def test_the_load_command_is_idempotent(national, capsys):
    from django.core.management import call_command

    call_command("load_national_rules")
    assert "均已存在" in capsys.readouterr().out
    assert RuleListVersion.objects.count() == 4


def test_demo_powers_lists_load_per_domain_and_only_once(national, agency, other_agency):
    from zhifa.catalog.demo import load_demo_rules

    versions = load_demo_rules([agency, other_agency])
    assert [v.rule_list.agency for v in versions] == [agency, other_agency]
    items = EnforcementItem.objects.filter(version=versions[0])
    assert items.filter(is_random_inspection=True).exists()
    assert {i.procedure_code for i in items} == {"penalty_general", "penalty_simple", "compulsion_seizure", "inspection",
                                                  "licence"}
    assert all(p["law_id"] for power in Power.objects.filter(version=versions[0]) for p in power.basis_citations)
    assert load_demo_rules([agency, other_agency]) == []


def test_demo_rules_command(agency, capsys):
    from django.core.management import call_command

    call_command("load_demo_rules")
    assert "已导入法律法规8部，发布清单5份" in capsys.readouterr().out
    call_command("load_demo_rules")
    assert "已导入法律法规0部，发布清单0份" in capsys.readouterr().out
