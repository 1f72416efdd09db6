"""Every change of a random inspection (P17 "双随机、一公开", P6 items, P16 publication; PL Art. 42, 43).

One function per use case, one transaction: permission, validation, the change, the journal entry.
The agency's handlers (officers, department and agency heads) keep the target directory, declare
conflicts, plan, draw and record results; the disclosure clerk or the agency head publishes.

The draw (:func:`draw`) is reproducible: its inputs — the candidate targets and the eligible officers
(by id, in id order), the declared conflicts, how many to draw — are stored on the plan with the seed,
and :func:`compute` turns seed and inputs into the picks: ``stream(seed, "targets").sample(...)``
draws the targets, then for each drawn target ``stream(seed, "inspectors", target id).sample(...)``
draws its inspectors from the officers without a conflict with it. :func:`verify` recomputes the
draw and compares its digest with the one recorded on the plan and in the journal.
"""

import datetime
import io
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhifa.cases import permissions as case_permissions
from zhifa.cases import services as cases
from zhifa.core import calendar, numbering, randomdraw
from zhifa.core.errors import ConflictError
from zhifa.core.validators import region_code_error, uscc_error
from zhifa.disclosure import desensitise
from zhifa.disclosure import permissions as disclosure_permissions
from zhifa.disclosure.policy import policy_for, rules_for
from zhifa.ledger.models import JournalEntry
from zhifa.ledger.services import append
from zhifa.organizations.models import Person

from .models import Conflict, DrawnTarget, Plan, PublishedPlan, PublishedResult, Result, Target

SERIES = "双随机"
MIN_INSPECTORS = 2  # PL Art. 42: at least two officers with certificates
MAX_INSPECTORS = 10
MAX_TARGETS = 10_000
NOTE_REQUIRED = {Result.RECTIFY, Result.CASE}


def _require(allowed: bool, message: str):
    if not allowed:
        raise PermissionDenied(message)


def can_handle(user, agency) -> bool:
    """Officers and department or agency heads of the agency keep its directory, plan, draw and record."""
    return case_permissions.can_register_lead(user, agency)


def can_publish(user, agency) -> bool:
    """The disclosure clerk or the agency head publishes (as every disclosure of the agency)."""
    return disclosure_permissions.can_manage(user, agency)


def _check_version(version, current: int, message: str):
    if version in (None, ""):
        return
    try:
        stale = int(version) != current
    except (TypeError, ValueError):
        stale = True
    if stale:
        raise ConflictError(message)


# The target directory (检查对象名录) --------------------------------------------------------------


def _clean_target(agency, data: dict, *, row: str = "", editing: Target | None = None) -> dict:
    """The fields of a target, trimmed and checked; errors name the field and the rule."""
    errors = {}
    name = str(data.get("name") or "").strip()
    kind = str(data.get("kind") or Target.Kind.ENTERPRISE).strip()
    kind = {label: value for value, label in Target.Kind.choices}.get(kind, kind)
    uscc = str(data.get("uscc") or "").strip().upper()
    address = str(data.get("address") or "").strip()
    region = str(data.get("region_code") or "").strip() or agency.region_code
    category = str(data.get("category") or "").strip()
    if not name:
        errors["name"] = "请填写检查对象的名称或姓名（name）"
    elif len(name) > 200:
        errors["name"] = "名称或姓名（name）不能超过200字"
    if kind not in Target.Kind.values:
        errors["kind"] = f"类型（kind）应为{'、'.join(Target.Kind.labels)}之一"
    if kind == Target.Kind.NATURAL:
        if uscc:
            errors["uscc"] = "自然人没有统一社会信用代码（uscc），请留空"
    elif not uscc:
        errors["uscc"] = "企业、个体工商户和其他组织须填写统一社会信用代码（uscc）"
    elif uscc_error(uscc):
        errors["uscc"] = uscc_error(uscc)
    elif Target.objects.filter(agency=agency, uscc=uscc).exclude(pk=getattr(editing, "pk", None)).exists():
        errors["uscc"] = f"统一社会信用代码（uscc）{uscc}已在本机关检查对象名录中"
    if len(address) > 300:
        errors["address"] = "地址（address）不能超过300字"
    if region_code_error(region):
        errors["region_code"] = f"行政区划代码（region_code）：{region_code_error(region)}"
    if len(category) > 50:
        errors["category"] = "分类（category）不能超过50字"
    if errors:
        raise ValidationError(errors)
    return {"name": name, "kind": kind, "uscc": uscc, "address": address, "region_code": region,
            "category": category}


@transaction.atomic
def add_target(actor, agency, data: dict) -> Target:
    """Add one market subject to the agency's directory of inspection targets (P17)."""
    _require(can_handle(actor, agency), "只有本机关执法人员和负责人可以维护检查对象名录")
    target = Target.objects.create(agency=agency, **_clean_target(agency, data))
    append("inspection.target_added", target, actor, agency, {
        "name": target.name, "uscc": target.uscc, "kind": target.kind, "category": target.category})
    return target


def _locked_target(target: Target, version=None) -> Target:
    target = Target.objects.select_for_update().get(pk=target.pk)
    _check_version(version, target.version, "检查对象已被他人修改，请刷新后重试")
    return target


@transaction.atomic
def update_target(actor, target: Target, data: dict, *, version=None) -> Target:
    """Correct an entry of the directory; a drawn plan keeps what it drew (its inputs are recorded)."""
    target = _locked_target(target, version)
    _require(can_handle(actor, target.agency), "只有本机关执法人员和负责人可以维护检查对象名录")
    cleaned = _clean_target(target.agency, data, editing=target)
    changes = {field: [getattr(target, field), value] for field, value in cleaned.items() if getattr(target, field) != value}
    if not changes:
        raise ValidationError({"name": "没有需要保存的修改"})
    for field, (_, value) in changes.items():
        setattr(target, field, value)
    target.version += 1
    target.save()
    append("inspection.target_updated", target, actor, target.agency, {"changes": changes})
    return target


@transaction.atomic
def set_registered(actor, target: Target, *, registered: bool, reason: str, version=None) -> Target:
    """Take a target out of the directory (deregistered, moved away, closed) or put it back, with a reason.

    Only targets on the register enter a new plan's pool; plans already drawn are not changed.
    """
    target = _locked_target(target, version)
    _require(can_handle(actor, target.agency), "只有本机关执法人员和负责人可以维护检查对象名录")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写原因（reason），如已注销、已迁出本辖区"})
    if len(reason) > 200:
        raise ValidationError({"reason": "原因（reason）不能超过200字"})
    if target.is_active == registered:
        raise ValidationError({"reason": "该检查对象已在册" if registered else "该检查对象已移出名录"})
    target.is_active = registered
    target.version += 1
    target.save(update_fields=["is_active", "version"])
    append("inspection.target_registered" if registered else "inspection.target_removed", target, actor,
           target.agency, {"name": target.name, "uscc": target.uscc, "reason": reason})
    return target


TARGET_COLUMNS = [("name", "名称"), ("uscc", "统一社会信用代码"), ("kind", "类型"), ("address", "地址"),
                  ("region_code", "行政区划代码"), ("category", "分类")]


@transaction.atomic
def import_targets(actor, agency, upload) -> list[Target]:
    """Import the directory from an Excel workbook (header row 名称、统一社会信用代码、类型、地址、行政区划代码、分类).

    All or nothing: one bad row imports nothing, and the refusal lists every bad row by number.
    """
    import openpyxl

    from zhifa.catalog.excel import cell_text, find_header

    _require(can_handle(actor, agency), "只有本机关执法人员和负责人可以维护检查对象名录")
    if upload is None:
        raise ValidationError({"file": "请选择要导入的Excel文件（.xlsx）"})
    try:
        book = openpyxl.load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is no workbook
        raise ValidationError({"file": "文件不是有效的Excel工作簿（.xlsx）"}) from None
    sheet = book.worksheets[0]
    header = find_header(sheet, TARGET_COLUMNS)
    labels = dict(TARGET_COLUMNS)
    if header is None or "name" not in header[1]:
        raise ValidationError({"file": "未找到表头：第一张工作表应含“名称”“统一社会信用代码”“类型”等列"})
    header_row, positions = header
    problems, made, seen = [], [], set()
    for number, row in enumerate(sheet.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1):
        values = {name: cell_text(row[i]) if i < len(row) else "" for name, i in positions.items()}
        if not any(values.values()):
            continue
        try:
            cleaned = _clean_target(agency, values)
            if cleaned["uscc"] and cleaned["uscc"] in seen:
                raise ValidationError({"uscc": f"统一社会信用代码（uscc）{cleaned['uscc']}在文件中重复"})
        except ValidationError as exc:
            problems += [f"第{number}行 {labels.get(f, f)}：{m}" for f, ms in exc.message_dict.items() for m in ms]
            continue
        seen.add(cleaned["uscc"])
        made.append(Target(agency=agency, **cleaned))
    if problems:
        raise ValidationError({"file": problems})
    if not made:
        raise ValidationError({"file": "文件中没有检查对象数据行"})
    Target.objects.bulk_create(made)
    append("inspection.targets_imported", ("inspections.target", agency.pk), actor, agency, {
        "count": len(made), "names": [t.name for t in made][:200]})
    return made


@transaction.atomic
def declare_conflict(actor, target: Target, *, person, kind: str, note: str = "") -> Conflict:
    """回避: an officer of the agency has a relation with the target; no draw will send them there (PL Art. 43)."""
    _require(can_handle(actor, target.agency), "只有本机关执法人员和负责人可以登记回避")
    errors = {}
    if person is None or person.agency_id != target.agency_id:
        errors["person"] = "请选择本机关的执法人员（person）"
    elif Conflict.objects.filter(target=target, person=person).exists():
        errors["person"] = f"{person.name}与该对象的回避关系已登记"
    if kind not in Conflict.Kind.values:
        errors["kind"] = f"回避事由（kind）应为{'、'.join(Conflict.Kind.labels)}之一"
    note = (note or "").strip()
    if len(note) > 300:
        errors["note"] = "说明（note）不能超过300字"
    if errors:
        raise ValidationError(errors)
    conflict = Conflict.objects.create(target=target, person=person, kind=kind, note=note, declared_by=actor)
    append("inspection.conflict_declared", target, actor, target.agency, {
        "target": target.name, "person": person.name, "kind": kind})
    return conflict


# Plans ------------------------------------------------------------------------------------------------


def random_items(agency):
    """The random-inspection items (P6) of the agency's powers list in force (or the national default)."""
    from zhifa.catalog.models import EnforcementItem, RuleList
    from zhifa.catalog.selectors import effective_version

    version = effective_version(agency, RuleList.Kind.POWERS)
    if version is None:
        return EnforcementItem.objects.none()
    return EnforcementItem.objects.filter(version=version, is_random_inspection=True).order_by("code")


def _positive_int(value, field: str, label: str, low: int, high: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({field: f"{label}（{field}）须为整数"}) from None
    if not low <= number <= high:
        raise ValidationError({field: f"{label}（{field}）须在{low}至{high}之间"})
    return number


def _ratio(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        ratio = Decimal(str(value).strip().rstrip("%"))
    except (InvalidOperation, ValueError):
        raise ValidationError({"target_ratio": "抽取比例（target_ratio）须为数字，如 5 表示5%"}) from None
    if not ratio.is_finite() or not Decimal("0.01") <= ratio <= 100:
        raise ValidationError({"target_ratio": "抽取比例（target_ratio）须在0.01至100之间（单位：%）"})
    return ratio.quantize(Decimal("0.01"))


def _date(value, field: str, label: str) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError({field: f"{label}（{field}）应为日期，如 2026-03-01"}) from None


@transaction.atomic
def create_plan(actor, agency, data: dict) -> Plan:
    """抽查计划 (P17): random-inspection items of the catalog (P6), period, pool, scale, inspectors per target."""
    _require(can_handle(actor, agency), "只有本机关执法人员和负责人可以制定抽查计划")
    errors = {}

    def collect(call):
        try:
            return call()
        except ValidationError as exc:
            errors.update(exc.message_dict)
            return None

    title = str(data.get("title") or "").strip()
    if not title:
        errors["title"] = "请填写计划名称（title）"
    elif len(title) > 200:
        errors["title"] = "计划名称（title）不能超过200字"
    allowed = {i.pk: i for i in random_items(agency)}
    items = list(dict.fromkeys(data.get("items") or []))
    item_ids = [getattr(i, "pk", i) for i in items]
    if not item_ids:
        errors["items"] = "请选择至少一个随机抽查事项（items）"
    elif any(i not in allowed for i in item_ids):
        errors["items"] = "所选事项不是本机关现行清单中的随机抽查事项（items）"
    start = collect(lambda: _date(data.get("period_start"), "period_start", "检查期间起"))
    end = collect(lambda: _date(data.get("period_end"), "period_end", "检查期间止"))
    if start is None and "period_start" not in errors:
        errors["period_start"] = "请填写检查期间起（period_start）"
    if end is None and "period_end" not in errors:
        errors["period_end"] = "请填写检查期间止（period_end）"
    if start and end and end < start:
        errors["period_end"] = "检查期间止（period_end）不能早于检查期间起"
    if start and end and (end - start).days > 366:
        errors["period_end"] = "检查期间（period_end）不能超过一年"
    count = collect(lambda: _positive_int(data.get("target_count"), "target_count", "抽取对象数", 1, MAX_TARGETS))
    ratio = collect(lambda: _ratio(data.get("target_ratio")))
    if count is None and ratio is None and not {"target_count", "target_ratio"} & set(errors):
        errors["target_count"] = "请填写抽取对象数（target_count）或抽取比例（target_ratio）之一"
    elif count is not None and ratio is not None:
        errors["target_ratio"] = "抽取对象数（target_count）和抽取比例（target_ratio）只填一项"
    per_target = collect(lambda: _positive_int(data.get("inspectors_per_target") or MIN_INSPECTORS,
                                               "inspectors_per_target", "每个对象检查人员数", MIN_INSPECTORS,
                                               MAX_INSPECTORS))
    if "inspectors_per_target" in errors:
        errors["inspectors_per_target"] = [
            f"每个对象检查人员数（inspectors_per_target）须在{MIN_INSPECTORS}至{MAX_INSPECTORS}之间："
            "执法人员不得少于两人（行政处罚法第四十二条）"]
    category = str(data.get("category") or "").strip()
    if len(category) > 50:
        errors["category"] = "对象分类（category）不能超过50字"
    prefix = str(data.get("region_prefix") or "").strip()
    if prefix and (not prefix.isdigit() or len(prefix) > 6):
        errors["region_prefix"] = "区域（region_prefix）应为行政区划代码或其前缀，如 340302"
    seed = randomdraw.seed_or_new(data.get("seed"))
    if randomdraw.seed_error(seed):
        errors["seed"] = randomdraw.seed_error(seed)
    if errors:
        raise ValidationError(errors)
    chosen = [allowed[i] for i in item_ids]
    snapshot = [{"code": i.code, "name": i.name, "method": i.inspection_method, "ratio": i.inspection_ratio}
                for i in chosen]
    plan = Plan.objects.create(
        agency=agency, number=numbering.allocate(agency, SERIES), title=title, item_snapshot=snapshot,
        period_start=start, period_end=end, category=category, region_prefix=prefix, target_count=count,
        target_ratio=ratio, inspectors_per_target=per_target, seed=seed, created_by=actor)
    plan.items.set(chosen)
    append("inspection.plan_created", plan, actor, agency, {
        "number": plan.number, "title": title, "items": snapshot, "period": [start.isoformat(), end.isoformat()],
        "category": category, "region_prefix": prefix, "target_count": count,
        "target_ratio": str(ratio) if ratio is not None else None, "inspectors_per_target": per_target, "seed": seed,
    })
    return plan


# The draw (双随机) ---------------------------------------------------------------------------------------


def inspection_date(plan: Plan, today: datetime.date | None = None) -> datetime.date:
    """The day certificates must be valid on: the first day of the period, or the draw day if later."""
    return max(plan.period_start, today or timezone.localdate())


def candidate_targets(plan: Plan) -> list[int]:
    """The pool: the agency's targets in the directory matching the plan's filter, by id."""
    queryset = Target.objects.filter(agency=plan.agency_id, is_active=True)
    if plan.category:
        queryset = queryset.filter(category=plan.category)
    if plan.region_prefix:
        queryset = queryset.filter(region_code__startswith=plan.region_prefix)
    return list(queryset.order_by("pk").values_list("pk", flat=True))


def eligible_inspectors(agency, on: datetime.date) -> list[Person]:
    """执法检查人员名录: the agency's officers who may enforce on ``on`` (in post, a valid certificate), by id."""
    people = Person.objects.filter(agency=agency, is_active=True, post=Person.Post.OFFICER).prefetch_related(
        "certificates").order_by("pk")
    return [p for p in people if cases.certificate_problem(p, on) is None]


def draw_inputs(plan: Plan, today: datetime.date | None = None) -> dict:
    """Everything the draw depends on, by id: recorded on the plan so that it can be recomputed."""
    on = inspection_date(plan, today)
    targets = candidate_targets(plan)
    count = plan.target_count or math.ceil(len(targets) * plan.target_ratio / 100)
    conflicts = Conflict.objects.filter(target_id__in=targets).order_by("target_id", "person_id")
    return {
        "candidates": targets, "count": min(max(count, 1), len(targets)),
        "inspectors": [p.pk for p in eligible_inspectors(plan.agency, on)],
        "conflicts": [[c.target_id, c.person_id] for c in conflicts],
        "per_target": plan.inspectors_per_target, "inspection_date": on.isoformat(),
    }


def compute(seed: str, inputs: dict) -> dict:
    """The picks from a seed and the inputs: ``{"targets": [...], "inspectors": {target id: [...]}}``.

    Refuses (``ValidationError``) when there is nobody to draw, or too few officers for a target.
    """
    candidates, pool, per_target = inputs["candidates"], inputs["inspectors"], inputs["per_target"]
    if not candidates:
        raise ValidationError({"category": "检查对象名录中没有符合本计划条件的在册对象，无法抽取"})
    if len(pool) < MIN_INSPECTORS:
        raise ValidationError({"inspectors_per_target": (
            f"本机关在{inputs['inspection_date']}持有有效执法证的执法人员只有{len(pool)}名，"
            "不足两名，无法抽取检查人员（行政处罚法第四十二条）")})
    targets = randomdraw.stream(seed, "targets").sample(candidates, inputs["count"])
    excluded = {}
    for target_id, person_id in inputs["conflicts"]:
        excluded.setdefault(target_id, set()).add(person_id)
    inspectors = {}
    for target_id in targets:
        eligible = [p for p in pool if p not in excluded.get(target_id, ())]
        if len(eligible) < per_target:
            name = Target.objects.filter(pk=target_id).values_list("name", flat=True).first() or target_id
            raise ValidationError({"inspectors_per_target": (
                f"抽中的“{name}”可派检查人员（除回避人员外）只有{len(eligible)}名，"
                f"少于每个对象{per_target}名，无法抽取")})
        inspectors[str(target_id)] = randomdraw.stream(seed, "inspectors", target_id).sample(eligible, per_target)
    return {"targets": targets, "inspectors": inspectors}


def draw_digest(inputs: dict, picks: dict) -> str:
    return randomdraw.digest({"inputs": inputs, "picks": picks})


def _locked(plan: Plan, version=None) -> Plan:
    fresh = Plan.objects.select_for_update().select_related("agency").filter(pk=plan.pk).first()
    if fresh is None:
        raise ConflictError("该抽查计划已不存在")
    _check_version(version, fresh.version, "该抽查计划已被他人修改，请刷新后重试")
    return fresh


@transaction.atomic
def draw(actor, plan: Plan, *, version=None) -> list[DrawnTarget]:
    """双随机 (P17): draw the targets and, for each, its inspectors; once only; journalled with seed and digests."""
    plan = _locked(plan, version)
    _require(can_handle(actor, plan.agency), "只有本机关执法人员和负责人可以抽取")
    if plan.is_drawn:
        raise ValidationError({"status": "该计划已抽取，不能重新抽取（抽取结果以首次为准）"})
    inputs = draw_inputs(plan)
    picks = compute(plan.seed, inputs)
    drawn = DrawnTarget.objects.bulk_create([DrawnTarget(plan=plan, target_id=t, draw_order=n)
                                             for n, t in enumerate(picks["targets"], start=1)])
    drawn = list(DrawnTarget.objects.filter(plan=plan).select_related("target").order_by("draw_order"))
    through = DrawnTarget.inspectors.through
    through.objects.bulk_create([through(drawntarget_id=d.pk, person_id=p)
                                 for d in drawn for p in picks["inspectors"][str(d.target_id)]])
    plan.status, plan.drawn_at, plan.drawn_by = Plan.Status.DRAWN, timezone.now(), actor
    plan.draw_inputs, plan.inputs_digest = inputs, randomdraw.digest(inputs)
    plan.draw_digest = draw_digest(inputs, picks)
    plan.version += 1
    plan.save()
    names = dict(Person.objects.filter(agency=plan.agency).values_list("pk", "name"))
    append("inspection.drawn", plan, actor, plan.agency, {
        "number": plan.number, "seed": plan.seed, "inputs_digest": plan.inputs_digest, "digest": plan.draw_digest,
        "candidates": len(inputs["candidates"]), "inspectors_pool": len(inputs["inspectors"]),
        "excluded_by_conflict": len(inputs["conflicts"]),
        "picked": [{"target": d.target.name, "uscc": d.target.uscc,
                    "inspectors": [names.get(p, p) for p in picks["inspectors"][str(d.target_id)]]} for d in drawn],
    })
    return drawn


@dataclass(frozen=True)
class Verification:
    """A draw recomputed: does it give the recorded digest, the stored picks, and the journalled digest?"""

    digest: str
    digest_matches: bool
    picks_match: bool
    journal_matches: bool

    @property
    def ok(self) -> bool:
        return self.digest_matches and self.picks_match and self.journal_matches


def verify(plan: Plan) -> Verification | None:
    """复核抽取: recompute from the seed and the recorded inputs; None before the draw."""
    if not plan.is_drawn:
        return None
    try:
        picks = compute(plan.seed, plan.draw_inputs)
    except (ValidationError, KeyError, TypeError, ValueError):  # recorded inputs no longer make a draw: altered
        return Verification("", False, False, False)
    digest = draw_digest(plan.draw_inputs, picks)
    stored = {d.target_id: sorted(d.inspectors.values_list("pk", flat=True))
              for d in DrawnTarget.objects.filter(plan=plan).order_by("draw_order")}
    expected = {t: sorted(picks["inspectors"][str(t)]) for t in picks["targets"]}
    order = list(DrawnTarget.objects.filter(plan=plan).order_by("draw_order").values_list("target_id", flat=True))
    entry = JournalEntry.objects.filter(kind="inspection.drawn", subject_type="inspections.plan",
                                        subject_id=str(plan.pk)).first()
    import json

    journalled = json.loads(entry.payload).get("digest") if entry else None
    return Verification(digest, digest == plan.draw_digest, stored == expected and order == picks["targets"],
                        journalled == digest)


# Results ------------------------------------------------------------------------------------------------


def _locked_drawn(drawn: DrawnTarget, version=None) -> DrawnTarget:
    fresh = DrawnTarget.objects.select_for_update().select_related("plan__agency", "target").filter(
        pk=drawn.pk).first()
    if fresh is None:
        raise ConflictError("该抽中对象已不存在")
    _check_version(version, fresh.version, "该检查结果已被他人录入，请刷新后重试")
    return fresh


def disclosure_due(agency, entered_on: datetime.date) -> calendar.CalendarDate:
    """When a result entered on ``entered_on`` must be public: the agency's period for other decisions
    (20 working days by default, P12), on the working-day calendar (holidays skipped, 调休 days worked)."""
    return calendar.add_working_days(entered_on, policy_for(agency).other_days)


@transaction.atomic
def record_result(actor, drawn: DrawnTarget, data: dict, *, version=None) -> DrawnTarget:
    """抽查结果 (P17): date, one of the standard results, a note; "转立案查处" registers a lead (R2).

    The result is to be disclosed within the agency's period for other decisions (20 working days by
    default, P12) from the day it is entered; that due date is what supervision checks.
    """
    drawn = _locked_drawn(drawn, version)
    plan = drawn.plan
    _require(can_handle(actor, plan.agency), "只有本机关执法人员和负责人可以录入抽查结果")
    if drawn.has_result:
        raise ValidationError({"result": "该对象的检查结果已录入，不能重复录入"})
    errors = {}
    try:
        day = _date(data.get("inspected_on"), "inspected_on", "检查日期")
    except ValidationError as exc:
        errors.update(exc.message_dict)
        day = None
    today = timezone.localdate()
    if day is None and "inspected_on" not in errors:
        errors["inspected_on"] = "请填写检查日期（inspected_on）"
    elif day is not None and day > today:
        errors["inspected_on"] = "检查日期（inspected_on）不能晚于今天"
    elif day is not None and plan.drawn_at and day < timezone.localdate(plan.drawn_at):
        errors["inspected_on"] = "检查日期（inspected_on）不能早于抽取日期"
    result = str(data.get("result") or "")
    if result not in Result.values:
        errors["result"] = f"检查结果（result）应为{'、'.join(Result.labels)}之一"
    note = str(data.get("note") or "").strip()
    if result in NOTE_REQUIRED and not note:
        errors["note"] = "发现问题的，请在情况说明（note）中写明发现的问题"
    elif len(note) > 2000:
        errors["note"] = "情况说明（note）不能超过2000字"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    due = disclosure_due(plan.agency, timezone.localdate(now))
    drawn.inspected_on, drawn.result, drawn.note = day, result, note
    drawn.entered_at, drawn.entered_by = now, actor
    drawn.disclosure_due_on, drawn.due_confirmed = due.as_date(), due.confirmed
    if result == Result.CASE:
        target = drawn.target
        case = cases.register_lead(actor, {
            "source": "inspection", "summary": f"双随机抽查（{plan.number}）发现问题：{note}",
            "party_name": target.name, "reporter": f"{plan.agency.name}双随机抽查", "reference": plan.number,
            "received_on": day, "title": f"双随机抽查发现问题：{target.name}"[:200],
        })
        drawn.lead = case.lead
    drawn.version += 1
    drawn.save()
    append("inspection.result_recorded", plan, actor, plan.agency, {
        "number": plan.number, "target": drawn.target.name, "uscc": drawn.target.uscc,
        "inspected_on": day.isoformat(), "result": result, "note": note,
        "disclosure_due_on": drawn.disclosure_due_on.isoformat(), "lead": drawn.lead.number if drawn.lead else None,
    })
    return drawn


# Publication (一公开) --------------------------------------------------------------------------------


def _scope_text(plan: Plan) -> str:
    parts = [f"分类：{plan.category}" if plan.category else "检查对象名录中全部在册对象"]
    if plan.region_prefix:
        parts.append(f"区划：{plan.region_prefix}")
    return "；".join(parts)


def _mask(target: Target, text: str, rules) -> str:
    names = [target.name] if target.is_natural_person else []
    return desensitise(text, names, rules=rules)


@transaction.atomic
def publish(actor, plan: Plan, *, version=None) -> PublishedPlan:
    """一公开 (P17, P16): the plan's public copy, then every entered result not yet public, desensitised (P15).

    A plan may be announced before its draw; the draw's seed and digest are added to its public copy
    once, at the first publication after the draw, so that anyone can verify it. Results are copied
    when published and never read from the records by the portal.
    """
    plan = _locked(plan, version)
    _require(can_publish(actor, plan.agency), "只有本机关公示管理员或机关负责人可以公示抽查计划和结果")
    now = timezone.now()
    published = PublishedPlan.objects.select_for_update().filter(plan=plan).first()
    pending = list(DrawnTarget.objects.select_for_update().select_related("target").filter(
        plan=plan, published_at__isnull=True).exclude(result="").order_by("draw_order"))
    if published is not None and not pending and (published.draw_digest or not plan.is_drawn):
        raise ValidationError({"status": "该计划和已录入的检查结果均已公示，没有需要公示的新内容"})
    if published is None:
        published = PublishedPlan(
            plan=plan, agency=plan.agency, agency_name=plan.agency.name, number=plan.number, title=plan.title,
            items=plan.item_snapshot, period_start=plan.period_start, period_end=plan.period_end,
            scope=_scope_text(plan), scale=plan.scale, inspectors_per_target=plan.inspectors_per_target,
            published_at=now)
    if plan.is_drawn and not published.draw_digest:
        published.seed, published.draw_digest = plan.seed, plan.draw_digest
        published.candidates, published.drawn = len(plan.draw_inputs["candidates"]), plan.drawn.count()
    published.save()
    rules = rules_for(policy_for(plan.agency))
    rows = [PublishedResult(
        published_plan=published, drawn=d, draw_order=d.draw_order,
        target_name=_mask(d.target, d.target.name, rules), target_code=d.target.uscc,
        target_kind=d.target.get_kind_display(), inspected_on=d.inspected_on, result=d.get_result_display(),
        note=_mask(d.target, d.note, rules), published_at=now) for d in pending]
    PublishedResult.objects.bulk_create(rows)
    DrawnTarget.objects.filter(pk__in=[d.pk for d in pending]).update(published_at=now)
    plan.version += 1
    plan.save(update_fields=["version"])
    append("inspection.published", plan, actor, plan.agency, {
        "number": plan.number, "published_plan": published.pk, "results": len(rows),
        "late": [d.target.name for d in pending if d.disclosure_due_on and timezone.localdate(now) > d.disclosure_due_on],
    })
    return published
