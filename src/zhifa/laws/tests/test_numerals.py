"""Chinese numerals of article numbers (第一千二百六十条) parse both ways."""

import pytest

from zhifa.laws.numerals import parse_numeral, to_numeral


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十一", 21), ("九十九", 99), ("一百", 100),
     ("一百零五", 105), ("一百一十", 110), ("一百二十四", 124), ("二百零八", 208), ("两百", 200),
     ("一千", 1000), ("一千零一", 1001), ("一千零一十", 1010), ("一千二百六十", 1260), ("〇", 0),
     ("34", 34), ("１２４", 124)],
)
def test_parses_numerals_as_laws_write_them(text, value):
    assert parse_numeral(text) == value


@pytest.mark.parametrize("text", ["", "百", "十十", "一二", "三百千", "第五", "五x"])
def test_rejects_malformed_numerals_with_a_chinese_message(text):
    with pytest.raises(ValueError) as info:
        parse_numeral(text)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value))


def test_round_trip_up_to_the_civil_code_last_article():
    for n in range(1, 1261):
        assert parse_numeral(to_numeral(n)) == n
    assert to_numeral(10) == "十" and to_numeral(110) == "一百一十" and to_numeral(1260) == "一千二百六十"


def test_to_numeral_refuses_out_of_range():
    with pytest.raises(ValueError):
        to_numeral(0)
