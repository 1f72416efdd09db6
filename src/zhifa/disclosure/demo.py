"""Demo disclosure for 蚌埠市市场监督管理局, through the real services (``zhifa demo``).

The market-regulation bureau follows the market-regulation disclosure rules: natural-person parties
appear as 张某某 and warning-only penalties are not published. One more case — a noodle shop run by a
natural person, an employee and a customer named in the facts — is walked to its decision so that the
masked copy has something to mask. Then: the decisions are published (one left waiting for the clerk),
one is withdrawn after a reconsideration decision revoked it, a post board goes up, two complaints
come in (one registered as a lead), and this year's annual report is drafted from the records so far.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.complaints import services as complaints
from zhifa.complaints.models import Complaint
from zhifa.demo.cases import DemoCase, _Walker
from zhifa.organizations.models import Agency, Person
from zhifa.testing import make_id_number

from . import services
from .models import Disclosure, DisclosurePolicy, PostBoard, WithdrawalKind

NOODLE_SHOP = DemoCase(
    "使用超过保质期的食品原料", "complaint", "群众投诉：某面馆使用过期食用油。",
    {"kind": "natural", "name": "孙桂兰", "id_number": make_id_number("340304", datetime.date(1979, 11, 2), 62),
     "address": "蚌埠市禹会区涂山路 46 号 3 栋 502 室", "phone": "13905527316"},
    "delivery", fine=Decimal("3000.00"),
    facts="当事人孙桂兰（身份证号码：{id}，联系电话13905527316）在其经营的“桂兰面馆”使用超过保质期的食用油加工面食，"
          "店员李秀英、顾客刘建国在场证实；当事人家住蚌埠市禹会区涂山路 46 号 3 栋 502 室，涉案食用油 2 桶，货值金额 156 元。",
)
COMPLAINTS = [
    ("complaint", "蚌埠市佳惠超市有限公司（蚌山区宏业路 88 号）",
     "本人于本周在该超市购买的酸奶已过保质期三天，要求商家退款赔偿，并请依法查处。", "王建华", "13605521188"),
    ("report", "蚌山区南湖路一家无招牌的小作坊",
     "该作坊每天凌晨生产豆制品，未见任何证照，卫生条件很差，可能存在食品安全隐患。", "", ""),
]


def load_demo_disclosure() -> dict:
    """All or nothing; refuses to run twice. Returns what it made."""
    agency = Agency.objects.get(short_name="蚌市监")
    if DisclosurePolicy.objects.filter(agency=agency).exists():
        return {}
    publisher, officer, head = (User.objects.get(username=n) for n in ("publisher", "officer", "agency_head"))
    with transaction.atomic():
        services.save_policy(head, agency, {"mask_party_names": True, "withhold_warning_only": True})
        spec = NOODLE_SHOP
        spec = DemoCase(**{**spec.__dict__, "facts": spec.facts.format(id=spec.party["id_number"])})
        _Walker(agency, officer, head, User.objects.get(username="dept_head")).walk(spec)
        opened = list(Disclosure.objects.filter(agency=agency, status=Disclosure.Status.PENDING).order_by("pk"))
        published = [services.publish(publisher, d) for d in opened[:-1]]  # the last one waits for the clerk
        if published:
            revoked = published[0].disclosure
            services.open_withdrawal(
                publisher, revoked, kind=WithdrawalKind.REVOKED, occurred_on=timezone.localdate(), withdraw_now=True,
                reason="经蚌埠市人民政府行政复议决定撤销（蚌府复决〔2026〕3号），本机关将依法重新处理")
        board = services.save_board(publisher, agency, {
            "name": "食品经营许可窗口", "location": "蚌埠市政务服务中心二楼 B 区 12 号窗口",
            "duties": "受理食品经营许可申请，告知申请材料，答复办理进度，接受咨询和投诉举报。",
            "item_codes": ["SC-XK-001-01"], "sample_materials": "申请书、营业执照复印件、场所平面图等示范文本在窗口领取。",
            "consultation": "0552-2052101（工作日 9:00–17:00）", "complaint_channel": "12315、0552-2052100",
            "is_published": True,
        }, people=list(Person.objects.filter(agency=agency, name__in=["陈志强", "李娜"])))
        filed = [complaints.file_complaint(agency, {"kind": k, "subject": s, "content": c, "name": n, "phone": p},
                                           source="demo")[0] for k, s, c, n, p in COMPLAINTS]
        complaints.register_lead(officer, filed[0], title="涉嫌销售过期酸奶")
        from zhifa.annualreports.services import generate, update_draft

        report = generate(publisher, agency, timezone.localdate().year)
        update_draft(publisher, report, manual={"reconsideration_received": 2, "reconsideration_upheld": 1,
                                                "reconsideration_revoked": 1, "litigation_filed": 1,
                                                "litigation_won": 1},
                     narrative="本年度，本局全面落实行政执法三项制度，执法决定全部在系统中办理、全部按期公示。")
    return {"published": len(published), "pending": len(opened) - len(published), "boards": [board.name],
            "complaints": len(filed), "report": report.title,
            "waiting": Complaint.objects.filter(agency=agency, status="received").count(),
            "post_boards": PostBoard.objects.filter(agency=agency).count()}
