"""Issue 9 "Must show": decisions generated with random personal information and published — the public page,
the feed, the downloads and the API contain none of it (P15).

Each example is a real case: a natural-person party with identity number, home address and phone; a
complainant recorded on the lead; a witness questioned in an issued inquiry record; and facts, written as
an officer writes them, that mention all of them together with the witness's phone, a vehicle plate, a
bank account and a date of birth. The decision is issued, its disclosure opened by the signal and
published by the clerk; then everything the public can fetch is searched for every datum.
"""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhifa.accounts.roles import Role
from zhifa.disclosure import masking, services
from zhifa.disclosure.models import Disclosure, DisclosurePolicy
from zhifa.testing import make_case, make_id_number

from .factories import issue_fast, prepare

pytestmark = pytest.mark.django_db

SURNAMES = sorted(masking.SURNAMES)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国立新志红梅玉珍德福"
ROADS = "涂山胜利淮河延安工农纬四宏业东海大庆南湖曹山兴中"
DISTRICTS = ["蚌山区", "禹会区", "龙子湖区", "淮上区", "怀远县"]


@st.composite
def name(draw):
    return draw(st.sampled_from(SURNAMES)) + "".join(draw(st.lists(st.sampled_from(GIVEN), min_size=1, max_size=2)))


@st.composite
def phone(draw):
    return "1" + draw(st.sampled_from("3456789")) + "".join(draw(st.lists(st.sampled_from("0123456789"),
                                                                           min_size=9, max_size=9)))


@st.composite
def luhn_card(draw):
    digits = "62" + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=15, max_size=15)))
    check = next(d for d in "0123456789" if masking.luhn_ok(digits + d))
    return digits + check


@st.composite
def personal(draw):
    people = draw(st.lists(name(), min_size=3, max_size=3, unique=True))
    birth = draw(st.dates(datetime.date(1940, 1, 1), datetime.date(2000, 12, 31)))
    return {
        "party": people[0], "complainant": people[1], "witness": people[2],
        "id_number": make_id_number(draw(st.sampled_from(["340302", "340304", "110105", "440305"])), birth,
                                    draw(st.integers(0, 999))),
        "birth": f"{birth.year}年{birth.month}月{birth.day}日",
        "address": "蚌埠市" + draw(st.sampled_from(DISTRICTS)) + "".join(draw(st.lists(st.sampled_from(ROADS), min_size=2,
                                                                                     max_size=2)))
        + f"路{draw(st.integers(1, 999))}号{draw(st.integers(1, 30))}栋{draw(st.integers(101, 2801))}室",
        "party_phone": draw(phone()), "witness_phone": draw(phone()), "complainant_phone": draw(phone()),
        "plate": "皖" + draw(st.sampled_from("ABCDEFGHJ")) + "".join(draw(st.lists(st.sampled_from("0123456789ABCDEFGHJK"),
                                                                                   min_size=4, max_size=4)))
        + draw(st.sampled_from("0123456789")),
        "card": draw(luhn_card()),
        "mask_party": draw(st.booleans()),
    }


def public_output(client, decision) -> str:
    """Everything the public can fetch about published decisions."""
    def text(response):
        return (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8")

    urls = [f"/gs/decisions/{decision.pk}/", "/gs/decisions/", f"/gs/decisions/?q={decision.number}", "/gs/",
            "/gs/feeds/decisions.atom", "/gs/data/decisions.csv", "/gs/data/decisions.json",
            "/api/v1/public/decisions/", f"/api/v1/public/decisions/{decision.pk}/"]
    return "\n".join(text(client.get(url)) for url in urls)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=personal())
def test_property_published_decisions_carry_no_personal_information(client, users, agency, data):
    head, publisher = users[Role.AGENCY_HEAD], users[Role.PUBLISHER]
    DisclosurePolicy.objects.update_or_create(agency=agency, defaults={"mask_party_names": data["mask_party"]})
    case = make_case(head, stage="decision", reporter=f"{data['complainant']} {data['complainant_phone']}")
    facts = (f"经查，{data['party']}（{data['birth']}出生，家住{data['address']}）驾驶{data['plate']}号车辆运输过期食品，"
             f"货款转入其账号{data['card']}。{data['witness']}（电话{data['witness_phone']}）证实上述情况，"
             f"{data['complainant']}的投诉属实。")
    prepare(head, case, natural=True, name=data["party"], id_number=data["id_number"], address=data["address"],
            phone=data["party_phone"], facts=facts)
    issue_fast(head, case, "inquiry_record", {"asked_at": "2026年3月2日9时", "place": "本局询问室",
                                              "respondent": data["witness"], "respondent_identity": "证人",
                                              "qa": "问：你看到了什么？\n答：看到当事人运输过期食品。"})
    decision = services.publish(publisher, Disclosure.objects.get(document=issue_fast(head, case)))
    secrets = [data[k] for k in ("complainant", "witness", "id_number", "birth", "address", "party_phone",
                                 "witness_phone", "complainant_phone", "plate", "card")]
    if data["mask_party"]:
        secrets.append(data["party"])
    output = public_output(client, decision)
    assert decision.number in output
    leaked = [s for s in secrets if s in output]
    assert leaked == [], leaked
