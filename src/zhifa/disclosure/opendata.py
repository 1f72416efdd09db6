"""Open data (P16, I3): the portal's content as records, streamed as CSV or JSON, the same for the public API.

Each dataset is a list of columns (key, Chinese heading) and a function from a record of the portal to
a dict. The pages, the downloads and the public API therefore say the same thing, field for field.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from . import public
from .qr import public_url

DECISION_COLUMNS = [
    ("id", "公示编号"), ("agency", "执法机关"), ("category", "执法类别"), ("title", "文书名称"), ("number", "文书编号"),
    ("case_title", "案由或事项"), ("target", "执法对象"), ("target_kind", "执法对象类型"),
    ("target_code", "统一社会信用代码"), ("conclusion", "执法结论"), ("basis", "执法依据"), ("decided_on", "决定日期"),
    ("fine_amount", "罚款金额（元）"), ("confiscation_amount", "没收金额（元）"), ("published_at", "公示时间"),
    ("status", "状态"), ("withdrawn_at", "撤下时间"), ("withdrawal_notice", "撤下公告"), ("content", "决定书正文（已脱敏）"),
    ("url", "网址"),
]


def money(value) -> str | None:
    """Yuan as a string with two places ("5000.00"): the same in the API, JSON and CSV, never a float."""
    return None if value is None else f"{value:.2f}"


def decision_record(d, *, content: bool = True) -> dict:
    """A published decision as the public sees it; a withdrawn one keeps its notice, not its text (P13)."""
    return {
        "id": d.pk, "agency": d.agency_name, "category": d.get_category_display(), "title": d.title,
        "number": d.number, "case_title": d.case_title, "target": d.target, "target_kind": d.target_kind,
        "target_code": d.target_code, "conclusion": d.conclusion, "basis": d.basis, "decided_on": d.decided_on,
        "fine_amount": money(d.fine_amount), "confiscation_amount": money(d.confiscation_amount),
        "published_at": d.published_at,
        "status": d.get_status_display(), "withdrawn_at": d.withdrawn_at, "withdrawal_notice": d.withdrawal_notice,
        **({"content": d.content if d.is_current else ""} if content else {}),
        "url": public_url(reverse("disclosure:decision", args=[d.pk])),
    }


OFFICER_COLUMNS = [("number", "执法证号"), ("name", "姓名"), ("agency", "执法主体"), ("category", "执法类别"),
                   ("region_code", "执法区域"), ("issued_on", "发证日期"), ("expires_on", "有效期至"), ("status", "状态")]


def officer_record(c) -> dict:
    return {"number": c.number, "name": c.person.name, "agency": c.person.agency.name, "category": c.category,
            "region_code": c.region_code, "issued_on": c.issued_on, "expires_on": c.expires_on,
            "status": c.public_status}


AGENCY_COLUMNS = [("id", "编号"), ("name", "名称"), ("kind", "主体类型"), ("level", "层级"), ("region_code", "行政区划代码"),
                  ("domain", "执法领域"), ("superior", "上级机关"), ("entrusting_agency", "委托机关"), ("functions", "职能职责"),
                  ("address", "办公地址"), ("phone", "联系电话"), ("website", "网址")]


def agency_record(a) -> dict:
    return {"id": a.pk, "name": a.name, "kind": a.get_kind_display(), "level": a.get_level_display(),
            "region_code": a.region_code, "domain": a.domain, "superior": a.superior.name if a.superior_id else "",
            "entrusting_agency": a.entrusting_agency.name if a.entrusting_agency_id else "", "functions": a.functions,
            "address": a.address, "phone": a.phone, "website": a.website}


ITEM_COLUMNS = [("code", "事项编码"), ("name", "事项名称"), ("power", "所属权力"), ("power_kind", "权力类型"),
                ("basis", "实施依据"), ("subject", "执法主体"), ("handling_body", "承办机构"), ("conditions", "办理条件"),
                ("materials", "申请材料"), ("time_limit", "办理时限"), ("fees", "收费标准"), ("remedies", "救济途径"),
                ("place", "办理地点"), ("contact", "咨询电话"), ("random_inspection", "随机抽查事项"),
                ("inspection_method", "抽查方式"), ("inspection_ratio", "抽查比例与频次")]


def item_record(i) -> dict:
    return {"code": i.code, "name": i.name, "power": i.power.name, "power_kind": i.power.get_kind_display(),
            "basis": i.power.basis, "subject": i.subject, "handling_body": i.handling_body, "conditions": i.conditions,
            "materials": i.materials, "time_limit": i.time_limit, "fees": i.fees, "remedies": i.remedies,
            "place": i.place, "contact": i.contact, "random_inspection": "是" if i.is_random_inspection else "否",
            "inspection_method": i.inspection_method, "inspection_ratio": i.inspection_ratio}


INSPECTION_COLUMNS = [("plan", "抽查计划编号"), ("plan_title", "抽查计划"), ("agency", "执法机关"), ("items", "抽查事项"),
                      ("period", "检查期间"), ("draw_order", "抽取顺序"), ("target", "检查对象"),
                      ("target_code", "统一社会信用代码"), ("target_kind", "对象类型"), ("inspected_on", "检查日期"),
                      ("result", "检查结果"), ("note", "情况说明"), ("published_at", "公示时间"), ("seed", "随机种子"),
                      ("url", "网址")]


def inspection_record(r) -> dict:
    """A published random-inspection result (P17), from the published copy only."""
    plan = r.published_plan
    return {"plan": plan.number, "plan_title": plan.title, "agency": plan.agency_name,
            "items": "、".join(i["name"] for i in plan.items),
            "period": f"{plan.period_start:%Y-%m-%d}至{plan.period_end:%Y-%m-%d}", "draw_order": r.draw_order,
            "target": r.target_name, "target_code": r.target_code, "target_kind": r.target_kind,
            "inspected_on": r.inspected_on, "result": r.result, "note": r.note, "published_at": r.published_at,
            "seed": plan.seed, "url": public_url(reverse("inspections_public:detail", args=[plan.pk]))}


@dataclass(frozen=True)
class Dataset:
    title: str
    columns: list
    description: str


DATASETS = {
    "decisions": Dataset("行政执法决定", DECISION_COLUMNS, "已公示的行政执法决定（脱敏），可按机关、类别、日期、对象和关键词筛选"),
    "withdrawals": Dataset("撤下的执法决定", DECISION_COLUMNS, "已撤下或已更新的执法决定及撤下公告"),
    "officers": Dataset("行政执法人员", OFFICER_COLUMNS, "在岗执法人员及其执法证"),
    "agencies": Dataset("行政执法主体", AGENCY_COLUMNS, "本辖区行政执法主体"),
    "items": Dataset("行政执法事项", ITEM_COLUMNS, "各机关现行执法事项清单及服务指南"),
    "inspections": Dataset("双随机抽查结果", INSPECTION_COLUMNS, "已公示的“双随机、一公开”抽查结果（脱敏）"),
}


def rows(name: str, *, agency=None, decision_filter=None) -> Iterator[dict]:
    """The records of a dataset, streamed from the database in chunks."""
    if name == "decisions":
        for d in public.decisions(decision_filter or public.DecisionFilter()).iterator(chunk_size=2000):
            yield decision_record(d)
    elif name == "withdrawals":
        queryset = public.withdrawals()
        if agency is not None:
            queryset = queryset.filter(agency=agency)
        for d in queryset.iterator(chunk_size=2000):
            yield decision_record(d)
    elif name == "officers":
        for c in public.roster(agency=agency).iterator(chunk_size=2000):
            yield officer_record(c)
    elif name == "agencies":
        for a in public.agencies():
            yield agency_record(a)
    elif name == "inspections":
        from zhifa.inspections.models import PublishedResult

        queryset = PublishedResult.objects.select_related("published_plan").order_by("-published_plan_id", "draw_order")
        if agency is not None:
            queryset = queryset.filter(published_plan__agency=agency)
        for r in queryset.iterator(chunk_size=2000):
            yield inspection_record(r)
    elif name == "items":
        from zhifa.organizations.models import Agency

        for each in ([agency] if agency is not None else Agency.objects.order_by("region_code", "name")):
            found, queryset = public.items(each)
            if found.own:
                for i in queryset:
                    yield item_record(i)


class _Echo:
    def write(self, value):
        return value


def _cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text  # no formulas in a spreadsheet (CSV injection)


def csv_stream(columns, records: Iterable[dict]) -> Iterator[str]:
    """UTF-8 with a BOM so that Excel opens the Chinese; one header row of Chinese column names."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([label for _, label in columns])
    for record in records:
        yield writer.writerow([_cell(record.get(key)) for key, _ in columns])


def json_stream(records: Iterable[dict]) -> Iterator[str]:
    yield "["
    first = True
    for record in records:
        yield ("\n" if first else ",\n") + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
        first = False
    yield "\n]\n"
