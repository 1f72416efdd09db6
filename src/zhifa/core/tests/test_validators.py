"""GB 32100 credit codes, GB 11643 ID numbers, GB/T 2260 region codes: real values pass, every broken rule is named."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from zhifa.core.validators import (
    id_number_error,
    is_valid_id_number,
    is_valid_region_code,
    is_valid_uscc,
    region_prefix,
    uscc_error,
    validate_id_number,
    validate_uscc,
)

REAL_USCCS = [
    "91350100M000100Y43",  # example in GB 32100-2015 commentary
    "91440300708461136T",  # Shenzhen Tencent Computer Systems
    "9144030071526726XG",  # Tencent Technology (Shenzhen)
    "91330100799655058B",  # Alibaba (China)
    "91110000802100433B",  # Baidu Online Network Technology
    "91110108551385082Q",  # Beijing Xiaomi Technology
    "11100000000013127D",  # a central state organ (region part 100000)
]


@pytest.mark.parametrize("code", REAL_USCCS)
def test_real_unified_social_credit_codes_are_valid(code):
    assert is_valid_uscc(code)


def test_lowercase_and_surrounding_spaces_are_tolerated():
    assert is_valid_uscc(" 91350100m000100y43 ")


@pytest.mark.parametrize(
    "code, message",
    [
        ("91350100M000100Y44", "校验码错误"),
        ("91350100M000100Y4", "应为18位"),
        ("91350100M000100I43", "不允许的字符"),
        ("91990100M000100Y43", "行政区划码"),
        ("", "应为18位"),
    ],
)
def test_broken_credit_codes_name_the_rule(code, message):
    assert not is_valid_uscc(code)
    assert message in uscc_error(code)
    with pytest.raises(ValidationError, match=message):
        validate_uscc(code)


def test_every_single_character_change_of_a_real_code_is_caught():
    code = REAL_USCCS[0]
    from zhifa.core.validators import USCC_CHARSET

    for position in range(18):
        for char in USCC_CHARSET:
            if char != code[position]:
                mutated = code[:position] + char + code[position + 1 :]
                assert not is_valid_uscc(mutated), mutated


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # GB 11643-1999 example
        "440524188001010014",  # GB 11643-1999 example: born 1880
        "11010119900307803X",
    ],
)
def test_real_id_numbers_are_valid(number):
    assert is_valid_id_number(number)


def test_lowercase_x_check_digit_is_accepted():
    assert is_valid_id_number("11010519491231002x")


@pytest.mark.parametrize(
    "number, message",
    [
        ("110105194912310021", "校验码错误"),
        ("11010519491331002X", "不是有效日期"),
        ("11010519490230002X", "不是有效日期"),
        ("991105194912310021", "省级行政区划码"),
        ("11010519491231002", "应为18位"),
        ("1101051949123100AX", "前17位必须是数字"),
        ("110105170012310021", "合理范围"),
    ],
)
def test_broken_id_numbers_name_the_rule(number, message):
    assert message in id_number_error(number)
    with pytest.raises(ValidationError, match=message):
        validate_id_number(number)


def test_an_id_number_born_in_the_future_is_refused():
    from zhifa.core.validators import id_check_char

    first17 = "110105" + "20991231" + "002"
    number = first17 + id_check_char(first17)
    assert "合理范围" in id_number_error(number, today=datetime.date(2026, 11, 21))


@pytest.mark.parametrize("code, ok", [("340300", True), ("110000", True), ("820000", True), ("990000", False),
                                      ("34030", False), ("34030a", False), ("100000", False)])
def test_region_codes(code, ok):
    assert is_valid_region_code(code) is ok


@pytest.mark.parametrize("code, prefix", [("340000", "34"), ("340300", "3403"), ("340302", "340302")])
def test_region_prefix_drops_trailing_zero_pairs(code, prefix):
    assert region_prefix(code) == prefix
