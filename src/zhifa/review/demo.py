"""Demo reviews: the market bureau's case in 法制审核 gets a submission waiting for 刘芳 (the demo reviewer)."""

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.cases.models import Case
from zhifa.organizations.models import Agency

from . import services
from .models import Submission

DEMO_MATERIALS = {
    "investigation_report": {"text": "案件调查终结报告：经调查，当事人生产的“好味来”牌蛋黄酥菌落总数不符合食品安全国家标准，"
                                     "货值金额48,600元，事实清楚，证据确凿。"},
    "draft_decision": {"text": "拟作出的行政处罚决定书草案：没收违法生产的食品，并处罚款250,000元。"},
    "evidence_list": {"text": "1. 省食品检验研究院检验报告；2. 现场检查笔录；3. 询问笔录；4. 进销货台账；5. 营业执照复印件。"},
    "discretion_statement": {"text": "适用《安徽省市场监督管理行政处罚裁量权基准》食品类一般处罚阶次：货值金额五倍以上十倍以下。"},
}


def load_demo_reviews() -> list[Submission]:
    """Submit the demo case sitting in 法制审核 for review; all or nothing, and only once."""
    agency = Agency.objects.get(short_name="蚌市监")
    officer = User.objects.get(username="officer")
    made = []
    with transaction.atomic():
        for case in Case.objects.filter(agency=agency, stage="legal_review", status=Case.Status.OPEN):
            if case.review_submissions.exists():
                continue
            made.append(services.submit(
                officer, case, proposal=f"拟对{case.title.removeprefix('涉嫌')}的当事人没收违法生产的食品，并处罚款"
                f"{case.fine_amount or 0:,.2f}元", discretion_statement="当事人初次违法、积极配合调查，适用一般阶次",
                materials=DEMO_MATERIALS))
    return made
