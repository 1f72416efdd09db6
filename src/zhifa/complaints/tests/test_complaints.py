"""P11: anyone files a complaint (rate-limited, a human check), it gets a tracking number, becomes a lead, and
its progress can be looked up with the number and the query code."""

import hashlib
import json
import re

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.cases.models import Lead
from zhifa.complaints import guard, services
from zhifa.complaints.models import Complaint
from zhifa.core.calendar import add_working_days
from zhifa.ledger.models import JournalEntry

pytestmark = pytest.mark.django_db

DATA = {"kind": "complaint", "subject": "蚌埠市佳惠超市有限公司", "content": "在该超市购买的酸奶已过保质期三天，要求退款并依法查处。",
        "name": "王建华", "phone": "13605521188"}


@pytest.fixture(autouse=True)
def _no_wait(settings):
    settings.ZHIFA = {**settings.ZHIFA, "COMPLAINT_MIN_SECONDS": 0}


def answer_of(question: str) -> str:
    digits = "零一二三四五六七八九十"
    a, b = re.match(r"(.)加(.)等于几", question).groups()
    return str(digits.index(a) + digits.index(b))


def form_data(client, for_agency, **changes):
    page = client.get("/gs/complaints/new/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page)[1]
    question = re.search(r'data-testid="challenge">([^<]+)<', page)[1]
    return {"agency": for_agency.pk, **DATA, "answer": answer_of(question), "token": token, **changes}


def test_filing_gives_a_gap_free_tracking_number_and_a_query_code_shown_once(client, agency):
    response = client.post("/gs/complaints/new/", form_data(client, agency))
    page = response.content.decode()
    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert complaint.number in page and re.search(r'data-testid="query-code">([A-Z0-9]{8})<', page)
    received_on = timezone.localdate(complaint.received_at)
    assert complaint.number.endswith(f"〔{received_on.year}〕1号") and complaint.status == "received"
    assert complaint.acceptance_due_on == add_working_days(received_on, 7)
    entry = JournalEntry.objects.get(kind="complaint.filed")
    assert "王建华" not in entry.payload and "13605521188" not in entry.payload  # by digest, not by person
    second = client.post("/gs/complaints/new/", form_data(client, agency, kind="report", name="", phone=""))
    assert second.status_code == 201 and Complaint.objects.order_by("pk").last().number.endswith("2号")


@pytest.mark.parametrize("changes, field, message", [
    ({"name": ""}, "name", "投诉须留下姓名"),
    ({"phone": "12345"}, "phone", "联系电话格式不正确"),
    ({"content": "太差了"}, "content", "不少于10个字"),
    ({"subject": ""}, "subject", "请填写被投诉举报的单位或个人"),
    ({"kind": "praise"}, "kind", "请选择投诉或举报"),
    ({"agency": 99999}, "agency", "所选执法机关不存在"),
])
def test_bad_input_names_the_field_and_files_nothing(client, agency, changes, field, message):
    response = client.post("/gs/complaints/new/", form_data(client, agency, **changes))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_human_check_wrong_replayed_forged_too_fast_or_a_filled_trap(client, agency, settings):
    data = form_data(client, agency)
    wrong = {**data, "answer": str(int(data["answer"]) + 1)}
    assert "验证答案不正确" in client.post("/gs/complaints/new/", wrong).content.decode()
    again = client.post("/gs/complaints/new/", data)  # the same question, now with the right answer: already spent
    assert again.status_code == 400 and "已使用" in again.content.decode()
    forged = signing.dumps({"n": "x", "h": "0" * 64, "t": 0}, salt="wrong-salt")
    assert "验证问题无效" in client.post("/gs/complaints/new/", {**form_data(client, agency), "token": forged}).content.decode()
    assert "提交未通过校验" in client.post("/gs/complaints/new/", form_data(client, agency, website="http://spam")).content.decode()
    settings.ZHIFA = {**settings.ZHIFA, "COMPLAINT_MIN_SECONDS": 60}
    assert "提交过快" in client.post("/gs/complaints/new/", form_data(client, agency)).content.decode()
    assert not Complaint.objects.exists()


def test_filing_is_rate_limited_per_source(client, agency, settings):
    settings.ZHIFA = {**settings.ZHIFA, "COMPLAINTS_PER_HOUR": 2}
    assert client.post("/gs/complaints/new/", form_data(client, agency)).status_code == 201
    assert client.post("/gs/complaints/new/", form_data(client, agency)).status_code == 201
    limited = client.post("/gs/complaints/new/", form_data(client, agency))
    assert limited.status_code == 429 and "操作过于频繁" in limited.content.decode()
    elsewhere = client.post("/gs/complaints/new/", form_data(client, agency), REMOTE_ADDR="10.0.0.9")
    assert elsewhere.status_code == 201 and Complaint.objects.count() == 3


def file(agency, **changes):
    return services.file_complaint(agency, {**DATA, **changes}, source=hashlib.sha256(b"test").hexdigest())


def test_registered_as_a_lead_of_the_agency_and_the_progress_follows_the_case(client, agency, users, officer_person):
    from zhifa.catalog.defaults import load_national_defaults

    load_national_defaults()
    complaint, code = file(agency)
    progress = client.post("/gs/progress/", {"kind": "complaint", "number": complaint.number, "secret": code})
    assert "已收到，待受理" in progress.content.decode()
    officer = users[Role.OFFICER]
    officer.person = officer_person
    officer.save()
    complaint = services.register_lead(officer, complaint, title="涉嫌销售过期酸奶")
    lead = Lead.objects.get(reference=complaint.number)
    assert lead.source == "complaint" and lead.agency == agency and lead.reporter == "王建华，13605521188"
    assert complaint.lead == lead and lead.case.title == "涉嫌销售过期酸奶"
    with pytest.raises(ValidationError, match="不能重复受理"):
        services.register_lead(officer, Complaint.objects.get(pk=complaint.pk))
    number = complaint.number.replace("〔", "[").replace("〕", "]")  # typed with the brackets a keyboard has
    page = client.post("/gs/progress/", {"kind": "complaint", "number": number, "secret": code.lower()}).content.decode()
    assert "已受理，正在核查" in page and "王建华" not in page and "酸奶" not in page
    services.answer(officer, complaint, text="经查属实，已依法立案查处。")
    page = client.post("/gs/progress/", {"kind": "complaint", "number": complaint.number, "secret": code}).content.decode()
    assert "已办结" in page and "经查属实，已依法立案查处。" in page


def test_a_wrong_code_reveals_nothing_and_lookups_are_rate_limited(client, agency, settings):
    complaint, code = file(agency)
    for secret in ("WRONGCOD", ""):
        response = client.post("/gs/progress/", {"kind": "complaint", "number": complaint.number, "secret": secret})
        assert response.status_code in (400, 404) and "已收到" not in response.content.decode()
    settings.ZHIFA = {**settings.ZHIFA, "PROGRESS_LOOKUPS_PER_10_MINUTES": 3}
    client.post("/gs/progress/", {"kind": "complaint", "number": complaint.number, "secret": code})
    assert client.post("/gs/progress/", {"kind": "complaint", "number": complaint.number,
                                         "secret": code}).status_code == 429


def test_only_the_agencys_handlers_accept_refuse_or_answer(agency, other_agency, users):
    from zhifa.testing import make_user

    complaint, _ = file(agency)
    for role in (Role.PUBLISHER, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN):
        with pytest.raises(PermissionDenied):
            services.reject(users[role], complaint, reason="不属于本机关管辖")
    with pytest.raises(PermissionDenied):
        services.reject(make_user("elsewhere", Role.AGENCY_HEAD, other_agency), complaint, reason="x")
    with pytest.raises(ValidationError) as refused:
        services.reject(users[Role.AGENCY_HEAD], complaint, reason="  ")
    assert refused.value.message_dict == {"reason": ["请填写不予受理的理由，投诉举报人可查询"]}
    services.reject(users[Role.AGENCY_HEAD], complaint, reason="所反映事项不属于本机关管辖，请向蚌山区市场监管局反映")
    with pytest.raises(ValidationError):
        services.answer(users[Role.AGENCY_HEAD], Complaint.objects.get(pk=complaint.pk), text="答复")


def test_the_application_progress_needs_the_applicant(client, agency, users):
    from zhifa.cases import services as cases
    from zhifa.catalog.defaults import load_national_defaults
    from zhifa.testing import make_uscc

    load_national_defaults()
    head = users[Role.AGENCY_HEAD]
    case = cases.open_case(head, {"title": "食品经营许可"}, procedure_code="licence")
    code = make_uscc("340300")
    cases.add_party(head, case, {"kind": "legal", "name": "蚌埠市甜心餐饮管理有限公司", "uscc": code,
                                 "legal_representative": "黄甜"})
    for applicant in ("蚌埠市甜心餐饮管理有限公司", code.lower()):
        found = client.post("/gs/progress/", {"kind": "application", "number": case.number, "secret": applicant})
        assert found.status_code == 200 and "办理中" in found.content.decode()
    wrong = client.post("/gs/progress/", {"kind": "application", "number": case.number, "secret": "别人"})
    assert wrong.status_code == 404 and "甜心" not in wrong.content.decode()


def test_the_public_api_files_and_looks_up_the_same_way(client, agency):
    challenge = client.get("/api/v1/public/complaints/challenge/").json()
    payload = {"agency": agency.pk, **DATA, "answer": answer_of(challenge["question"]), "token": challenge["token"]}
    created = client.post("/api/v1/public/complaints/", payload, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    progress = client.post("/api/v1/public/progress/", {"kind": "complaint", "number": body["number"],
                                                         "secret": body["query_code"]}, content_type="application/json")
    assert progress.json()["status"] == "已收到，待受理"
    again = client.post("/api/v1/public/complaints/", payload, content_type="application/json")
    assert again.status_code == 400 and again["Content-Type"] == "application/problem+json"
    assert "已使用" in json.dumps(again.json(), ensure_ascii=False)
    missing = client.post("/api/v1/public/progress/", {"kind": "complaint", "number": "x", "secret": "y"},
                          content_type="application/json")
    assert missing.status_code == 404 and missing.json()["detail"].startswith("未查询到")


def test_the_challenge_is_a_sum_in_words(db):
    challenge = guard.new_challenge()
    assert re.fullmatch(r"[一二三四五六七八九]加[一二三四五六七八九]等于几？（请填写阿拉伯数字）", challenge.question)
