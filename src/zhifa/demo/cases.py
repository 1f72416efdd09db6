"""Demo cases: the market-regulation bureau's cases, one at every stage of the general procedure.

Each case is walked through the real services — lead, approvals, transitions, documents issued
through LibreOffice and signed, evidence stored through the upload service — so the demo shows
exactly what an officer's work leaves behind, journal included. Loading is all or nothing.
"""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.cases import services
from zhifa.cases.models import Case, CaseEvent
from zhifa.organizations.models import Agency, Person
from zhifa.testing import make_id_number

from . import data

# Cases whose investigation also issues an on-site inspection record (the others keep a photo only).
RECORDED = {"investigation", "case_review", "archive"}

# The route of the general penalty procedure up to each stage, as transitions to take in order.
ROUTE = ["filing", "investigation", "case_review", "notice", "statement", "decision", "delivery", "execution",
         "closure", "archive"]
DETOURS = {
    "not_filed": ["not_filed"],
    "legal_review": ["filing", "investigation", "case_review", "legal_review"],
    "hearing": ["filing", "investigation", "case_review", "notice", "statement", "hearing"],
    "collective": ["filing", "investigation", "case_review", "notice", "statement", "collective"],
    "transfer": ["filing", "investigation", "case_review", "transfer"],
}


@dataclass(frozen=True)
class DemoCase:
    title: str
    source: str
    summary: str
    party: dict
    stage: str
    facts: str = ""
    fine: Decimal | None = None
    officers: tuple = ("陈志强", "李娜")
    days_ago: int = 0
    extra: dict = field(default_factory=dict)


def _company(name, serial, representative, address):
    return {"kind": "legal", "name": name, "uscc": data.uscc("340300", serial, registrant="91"),
            "legal_representative": representative, "address": address}


CASES = (
    DemoCase("涉嫌销售过期食品", "complaint", "群众投诉：蚌山区某超市货架上有过期酸奶在售。",
             _company("蚌埠市佳惠超市有限公司", 50101, "钱文斌", "蚌埠市蚌山区宏业路 88 号"), "lead"),
    DemoCase("涉嫌虚假宣传", "monitoring", "网络监测发现某店铺宣称“国家级产品”，经核查为个人推广页面转载，无证据指向本辖区经营者。",
             _company("蚌埠市优品电子商务有限公司", 50102, "孙志远", "蚌埠市龙子湖区东海大道 2100 号"), "not_filed"),
    DemoCase("涉嫌无照经营", "inspection", "日常检查发现某餐馆未取得营业执照即从事经营。",
             {"kind": "natural", "name": "赵立新", "id_number": make_id_number("340304", datetime.date(1982, 3, 15), 41), "address": "蚌埠市禹会区涂山路 12 号"},
             "filing"),
    DemoCase("涉嫌销售不合格电动自行车头盔", "referral", "省局转办：抽检某商行销售的头盔冲击吸收性能不合格。",
             _company("蚌埠市安骑商贸有限公司", 50104, "李国强", "蚌埠市淮上区长征路 301 号"), "investigation",
             facts="当事人销售的“安骑”牌电动自行车头盔经省产品质量监督检验研究院检验，冲击吸收性能不合格。"),
    DemoCase("涉嫌未按规定明码标价", "inspection", "检查发现某药店部分商品未标示价格。",
             _company("蚌埠市康宁大药房有限公司", 50105, "周慧敏", "蚌埠市蚌山区南湖路 55 号"), "case_review",
             facts="当事人经营场所内 23 种商品未按规定明码标价。", fine=Decimal("3000.00")),
    DemoCase("涉嫌生产销售不符合食品安全标准的食品", "inspection", "抽检发现某食品厂糕点菌落总数超标。",
             _company("蚌埠市好味来食品有限公司", 50106, "陈红霞", "蚌埠市经济开发区兴中路 9 号"), "legal_review",
             facts="当事人生产的“好味来”牌蛋黄酥菌落总数不符合食品安全国家标准，货值金额 48,600 元。",
             fine=Decimal("250000.00")),
    DemoCase("涉嫌销售过期食品", "complaint", "群众投诉：某便利店销售过期面包。",
             _company("蚌埠市邻家便利店有限公司", 50107, "王慧", "蚌埠市龙子湖区曹山路 66 号"), "notice",
             facts="当事人销售超过保质期的面包 6 袋，货值金额 48 元。", fine=Decimal("5000.00")),
    DemoCase("涉嫌销售未标明生产日期的预包装食品", "inspection", "检查发现某批发部销售未标注生产日期的饼干。",
             _company("蚌埠市顺发食品批发部", 50108, "刘顺发", "蚌埠市禹会区大庆路 18 号"), "statement",
             facts="当事人销售未标注生产日期的预包装饼干 40 箱。", fine=Decimal("8000.00")),
    DemoCase("涉嫌虚假广告", "complaint", "消费者举报某美容机构发布夸大功效的广告。",
             _company("蚌埠市丽人美容服务有限公司", 50109, "张丽", "蚌埠市蚌山区中荣街 120 号"), "hearing",
             facts="当事人在其经营场所及微信公众号发布含有“七天祛斑、永不反弹”内容的广告。", fine=Decimal("60000.00")),
    DemoCase("涉嫌侵犯注册商标专用权", "transfer", "公安机关移交：某商行销售假冒注册商标的白酒。",
             _company("蚌埠市金樽酒业商行", 50110, "吴金樽", "蚌埠市淮上区淮河路 77 号"), "collective",
             facts="当事人销售假冒“古井贡”注册商标的白酒 120 瓶，货值金额 35,800 元。", fine=Decimal("107400.00")),
    DemoCase("涉嫌销售不合格化肥", "referral", "县局转办：某农资店销售的复合肥总养分不合格。",
             _company("蚌埠市丰收农资有限公司", 50111, "郑丰收", "蚌埠市怀远县城关镇禹王路 5 号"), "decision",
             facts="当事人销售的“丰收”牌复合肥经检验总养分不合格，货值金额 9,200 元。", fine=Decimal("18400.00")),
    DemoCase("涉嫌未经许可从事食品经营", "inspection", "检查发现某奶茶店未取得食品经营许可。",
             _company("蚌埠市甜心餐饮管理有限公司", 50112, "黄甜", "蚌埠市蚌山区淮河路 300 号"), "delivery",
             facts="当事人未取得食品经营许可证从事奶茶经营，违法所得 2,300 元。", fine=Decimal("50000.00")),
    DemoCase("涉嫌计量器具未经检定", "inspection", "检查发现某加油站加油机未经强制检定。",
             _company("蚌埠市通达石化有限公司", 50113, "魏通达", "蚌埠市禹会区长青乡 206 国道旁"), "execution",
             facts="当事人使用未经强制检定的加油机 2 台。", fine=Decimal("10000.00")),
    DemoCase("涉嫌生产假药", "monitoring", "监测发现某作坊生产假冒降压药，涉嫌犯罪。",
             _company("蚌埠市福康保健品有限公司", 50114, "冯福康", "蚌埠市淮上区小蚌埠镇工业园 3 号"), "transfer",
             facts="当事人生产假冒“硝苯地平缓释片”约 3,000 盒，涉嫌生产、销售假药罪。"),
    DemoCase("涉嫌销售过期化妆品", "complaint", "消费者投诉某化妆品店销售过期面霜。",
             _company("蚌埠市美妍化妆品有限公司", 50115, "韩美妍", "蚌埠市蚌山区延安路 150 号"), "closure",
             facts="当事人销售超过使用期限的面霜 3 瓶，货值金额 420 元。", fine=Decimal("2000.00")),
    DemoCase("涉嫌使用超过保质期的食品原料", "inspection", "检查发现某餐饮公司后厨存放过期调料并用于加工。",
             _company("蚌埠市味之源餐饮管理有限公司", 50116, "孔令军", "蚌埠市龙子湖区东海大道 3888 号"), "archive",
             facts="当事人使用超过保质期的调味料加工食品，货值金额 260 元。", fine=Decimal("5000.00")),
)


def route_to(stage: str) -> list[str]:
    if stage in DETOURS:
        return DETOURS[stage]
    return [] if stage == "lead" else ROUTE[: ROUTE.index(stage) + 1]


class _Walker:
    def __init__(self, agency, officer_user, head, dept_head):
        self.agency, self.officer, self.head, self.dept_head = agency, officer_user, head, dept_head
        self.today = timezone.localdate()

    def fresh(self, case):
        return Case.objects.get(pk=case.pk)

    def approve(self, case, to, reason):
        approval = services.request_approval(self.officer, case, to, reason=reason)
        services.decide_approval(self.head, approval, approve=True, comment="同意")
        return self.fresh(case)

    def go(self, case, to):
        return services.transition(self.officer, self.fresh(case), to)

    def issue(self, case, code, fields):
        from zhifa.documents.services import issue_document

        issue_document(self.officer, self.fresh(case), code, fields)
        return self.fresh(case)

    def evidence(self, case, name, content: bytes, **metadata):
        """Store a file exactly as a phone's upload would: through the resumable-upload service."""
        from zhifa.evidence import services as evidence

        upload = evidence.start_upload(self.officer, self.fresh(case), length=len(content),
                                       metadata={"filename": name, **metadata})
        evidence.receive(self.officer, upload, io.BytesIO(content), offset=0, content_length=len(content))
        return self.fresh(case)

    def walk(self, spec: DemoCase) -> Case:
        people = [Person.objects.get(agency=self.agency, name=name) for name in spec.officers]
        case = services.register_lead(self.officer, {
            "source": spec.source, "summary": spec.summary, "title": spec.title, "party_name": spec.party["name"],
            "received_on": self.today - datetime.timedelta(days=spec.days_ago),
        })
        services.assign_officers(self.head, case, people, lead=people[0])
        case = self.fresh(case)
        services.add_party(self.officer, case, dict(spec.party))
        facts = {"violation_ended_on": self.today - datetime.timedelta(days=20), "facts": spec.facts,
                 "provisions_violated": "《中华人民共和国食品安全法》第三十四条第（十）项" if spec.fine else "",
                 "provisions_penalised": "《中华人民共和国食品安全法》第一百二十四条第一款" if spec.fine else ""}
        if spec.fine:
            facts.update({"penalty_kinds": ["fine"], "fine_amount": spec.fine})
        case = services.update_case(self.officer, self.fresh(case), facts)
        self.target = spec.stage
        for to in route_to(spec.stage):
            case = getattr(self, f"_to_{to}", self._plain)(case, to)
        return case

    def _plain(self, case, to):
        return self.go(case, to)

    def _to_not_filed(self, case, to):
        case = self.approve(case, to, "经核查，违法事实不能成立")
        return self.go(case, to)

    def _to_filing(self, case, to):
        case = self.approve(case, to, "有证据初步证明存在违法行为，属于本机关管辖，在追责时效内")
        return self.go(case, to)

    def _to_investigation(self, case, to):
        case = self.go(case, to)
        if self.target not in RECORDED:  # a record on a few cases keeps the demo quick to load
            return self.evidence(case, "现场照片.png", _png(), kind="photo", title="现场检查照片",
                                 object_to_prove="违法行为发生的现场状况")
        case = self.issue(case, "inspection_record", {
            "inspected_at": f"{self.today:%Y年%m月%d日}9时至10时", "place": case.case_parties.first().party.address,
            "present": "当事人负责人", "findings": case.facts or "现场检查情况见照片。"})
        return self.evidence(case, "现场照片.png", _png(), kind="photo", title="现场检查照片",
                             object_to_prove="违法行为发生的现场状况")

    def _to_notice(self, case, to):
        case = self.approve(case, to, "事实清楚、证据确凿，拟给予行政处罚")
        return self.go(case, to)

    def _to_statement(self, case, to):
        case = self.issue(case, "penalty_notice", {"reasons": "当事人积极配合调查，依据裁量基准适用一般情节。",
                                                   "contact": "陈志强 0552-2052150"})
        return self.go(case, to)

    def _to_hearing(self, case, to):
        services.record_event(self.officer, case, kind=CaseEvent.Kind.HEARING_REQUESTED, occurred_on=self.today,
                              note="当事人书面申请听证")
        return self.go(case, to)

    def _to_collective(self, case, to):
        services.record_event(self.officer, case, kind=CaseEvent.Kind.STATEMENT_WAIVED, occurred_on=self.today,
                              note="当事人书面表示放弃陈述申辩和听证")
        return self.go(case, to)

    def _to_decision(self, case, to):
        services.record_event(self.officer, case, kind=CaseEvent.Kind.STATEMENT_WAIVED, occurred_on=self.today,
                              note="当事人书面表示放弃陈述申辩和听证")
        case = self.approve(case, to, "当事人放弃陈述申辩，拟作出处罚决定")
        return self.go(case, to)

    def _to_delivery(self, case, to):
        case = self.issue(case, "penalty_decision", {
            "evidence": "1. 现场检查笔录；2. 现场照片；3. 询问笔录；4. 营业执照复印件。",
            "reasons": "当事人违法事实清楚，积极配合调查，依据裁量基准适用一般情节。",
            "payment": "持本决定书到中国工商银行蚌埠分行各网点缴纳", "reconsideration_body": "蚌埠市人民政府",
            "court": "蚌埠市蚌山区人民法院"})
        return self.go(case, to)

    def _to_execution(self, case, to):
        decision = case.documents.filter(template__code="penalty_decision").order_by("-pk").first()
        case = self.issue(case, "delivery_receipt", {
            "served_document": f"行政处罚决定书 {decision.number if decision else ''}",
            "recipient": case.case_parties.first().party.name, "method": "直接送达",
            "served_at": f"{self.today:%Y年%m月%d日}", "served_place": "当事人经营场所"})
        return self.go(case, to)

    def _to_closure(self, case, to):
        services.record_event(self.officer, case, kind=CaseEvent.Kind.FINE_PAID, occurred_on=self.today,
                              amount=case.fine_amount, note="中国工商银行蚌埠分行缴款凭证")
        case = self.approve(case, to, "罚款已全额缴纳，执行完毕")
        return self.go(self.issue(case, "closure_approval", {
            "execution": "罚款已全额缴纳", "officer_opinion": "建议结案"}), to)

    def _to_transfer(self, case, to):
        case = self.approve(case, to, "涉嫌生产、销售假药罪，依法移送公安机关")
        return self.go(case, to)


def _png(width: int = 320, height: int = 240) -> bytes:
    """A small real PNG (grey with a blue stripe) standing in for a site photo; written by hand (RFC 2083)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(
        b"\x00" + (bytes((30, 90, 160)) if 100 <= y < 140 else bytes((200, 200, 200))) * width for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def load_demo_cases() -> list[Case]:
    """Walk every demo case to its stage; all or nothing. Refuses to run twice."""
    agency = Agency.objects.get(short_name="蚌市监")
    if Case.objects.filter(agency=agency).exists():
        return []
    walker = _Walker(agency, User.objects.get(username="officer"), User.objects.get(username="agency_head"),
                     User.objects.get(username="dept_head"))
    with transaction.atomic():
        return [walker.walk(spec) for spec in CASES]
