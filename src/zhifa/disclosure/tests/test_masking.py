"""P15: personal data is found by pattern and checksum, by the case's own records, and by role words."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhifa import disclosure
from zhifa.disclosure import masking
from zhifa.testing import make_id_number


def spans(text, known=(), **options):
    return [(s.category, s.original) for s in masking.find_spans(text, known, **options)]


def test_the_public_function_masks_identity_phone_and_known_names():
    number = make_id_number("340302", datetime.date(1985, 6, 15), 37)
    text = f"证人王小明（身份证号码{number}，电话139 0552 1234）称其见到当事人员工李红梅销售过期食品。"
    masked = disclosure.desensitise(text, known_names=["王小明"])
    assert masked == ("证人王某某（身份证号码340302********0377，电话139****1234）称其见到当事人员工李某某销售过期食品。")


def test_identity_numbers_need_pattern_and_checksum_but_a_labelled_one_is_masked_anyway():
    good = make_id_number("110105", datetime.date(1949, 12, 31), 2)  # 11010519491231002X (GB 11643's example)
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    order_number = "202603011234567890"  # 18 digits, no real birth date: an order number, left alone
    assert spans(f"订单号{order_number}，当事人{good}") == [("id_number", good)]
    assert spans(f"货号{bad_check}") == []
    assert spans(f"身份证号码：{bad_check}") == [("id_number", bad_check)]
    assert spans("公民身份号码 34030219850615003") == [("id_number", "34030219850615003")]  # 17 digits after a label
    assert disclosure.desensitise(good.lower()) == good[:6] + "********" + good[14:].lower()


def test_phones_except_the_agencys_own_published_numbers():
    rules = masking.Rules(public_phones=frozenset({"05522052100"}))
    text = "举报电话0552-2052100；当事人电话13905521234、+86 139-0552-4321、(0552)3015123转12。"
    assert [o for c, o in spans(text, rules=rules)] == ["13905521234", "+86 139-0552-4321", "(0552)3015123转12"]


def test_bank_accounts_by_label_and_card_numbers_by_luhn():
    card = "6222021234567890128"
    assert masking.luhn_ok(card)
    text = f"开户银行：中国工商银行，账号：1203 0001 0900 1234 567；转入卡{card}；流水号6222021234567890129。"
    found = spans(text)
    assert ("bank_account", "1203 0001 0900 1234 567") in found and ("bank_account", card) in found
    assert all("6222021234567890129" not in o for _, o in found)


def test_plates_birth_dates_addresses_health_and_property():
    text = ("驾驶皖C·12345和皖CD12345号车辆；当事人男，1985年6月15日出生，家住蚌埠市蚌山区涂山路8号，"
            "出生日期：1990-01-02；患有糖尿病；名下房产两处。2026年3月1日生产的面包。")
    found = dict((o, c) for c, o in spans(text))
    assert found == {"皖C·12345": "plate", "皖CD12345": "plate", "1985年6月15日": "birth_date",
                     "蚌埠市蚌山区涂山路8号": "address", "1990-01-02": "birth_date", "糖尿病": "health",
                     "房产两处": "property"}
    assert "2026年3月1日生产" in disclosure.desensitise(text)  # a production date is not a birth date


def test_names_after_role_words_and_in_lists_but_not_the_people_to_keep():
    text = "当事人法定代表人钱文斌称，店员李秀英、顾客刘建国和证人王芳在场，执法人员陈志强、李娜出示了执法证。"
    assert disclosure.desensitise(text, keep=["钱文斌", "陈志强", "李娜"]) == (
        "当事人法定代表人钱文斌称，店员李某某、顾客刘某某和证人王某在场，执法人员陈志强、李娜出示了执法证。")


def test_role_words_do_not_take_common_nouns_for_names():
    text = "依据《中华人民共和国消费者权益保护法》，消费者投诉后，员工宿舍和员工培训记录均已检查。"
    assert disclosure.desensitise(text) == text


def test_known_names_are_masked_everywhere_even_where_the_keep_list_names_them():
    text = "王小二称其父王大山不知情。王小二表示已改正。"
    assert disclosure.desensitise(text, ["王小二", "王大山"], keep=["王小二"]) == "王某某称其父王某某不知情。王某某表示已改正。"


def test_compound_surnames_and_masked_names_are_left_as_they_are():
    assert masking.mask_name("欧阳娜娜") == "欧阳某某" and masking.mask_name("张三") == "张某"
    assert disclosure.desensitise("证人张某某称") == "证人张某某称"


def test_clerk_terms_and_jurisdiction_patterns():
    import re

    rules = masking.Rules(patterns=(("微信号", re.compile(r"微信号[：:]\s*\w+")),))
    text = "当事人微信号：wx_zhang88，其子张小宝就读于蚌埠二中。"
    assert disclosure.desensitise(text, rules=rules, extra_terms=["张小宝", "蚌埠二中"]) == "当事人***，其子张某某就读于***。"


def test_switching_a_category_off_leaves_it_but_never_identity_numbers():
    number = make_id_number()
    rules = masking.Rules(categories=frozenset())
    masked = disclosure.desensitise(f"电话13905521234，身份证{number}", rules=rules)
    assert "13905521234" in masked and number not in masked


def test_suggestions_show_the_clerk_names_no_rule_caught():
    text = "经查，刘建国与张立新合伙经营，依据《中华人民共和国食品安全法》处理。"
    assert masking.name_suggestions(text, exclude=["张立新"]) == ["刘建国"]


# Property: whatever personal data is written into a text, none of it survives ----------------------

SURNAMES = sorted(masking.COMMON_SURNAMES)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂"
CONTEXT = st.text(alphabet="的一是在了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后",
                  max_size=12)


@st.composite
def person(draw):
    birth = draw(st.dates(datetime.date(1930, 1, 1), datetime.date(2007, 12, 31)))
    region = draw(st.sampled_from(["110105", "340302", "440305", "510104", "650102"]))
    return {
        "name": draw(st.sampled_from(SURNAMES)) + "".join(draw(st.lists(st.sampled_from(GIVEN), min_size=1, max_size=2))),
        "id": make_id_number(region, birth, draw(st.integers(0, 999))),
        "phone": "1" + draw(st.sampled_from("3456789")) + "".join(str(d) for d in draw(st.lists(st.integers(0, 9), min_size=9, max_size=9))),
        "birth": f"{birth.year}年{birth.month}月{birth.day}日",
        "plate": draw(st.sampled_from("皖京沪苏浙粤")) + draw(st.sampled_from("ABCDEFGH"))
        + "".join(draw(st.lists(st.sampled_from("0123456789ABCDEFGHJK"), min_size=4, max_size=4))) + str(draw(st.integers(0, 9))),
    }


@settings(max_examples=200, deadline=None)
@given(person(), CONTEXT, CONTEXT, st.sampled_from(["证人", "员工", "投诉人", "顾客", ""]))
def test_property_no_personal_datum_survives(p, before, after, role):
    text = (f"{before}{role}{p['name']}，男，{p['birth']}出生，公民身份号码{p['id']}，手机{p['phone']}，"
            f"驾驶{p['plate']}号车辆{after}。另查，{p['name']}的号码{p['id']}。")
    masked = disclosure.desensitise(text, [p["name"]])
    for value in (p["name"], p["id"], p["phone"], p["birth"], p["plate"]):
        assert value not in masked, (value, masked)


@pytest.mark.parametrize("text", ["", "   ", "无个人信息的文本。", "《》", "证人", "证人、", "员工王"])
def test_odd_input_is_handled(text):
    assert isinstance(disclosure.desensitise(text), str)
