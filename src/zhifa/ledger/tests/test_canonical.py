"""R6: journal payloads are RFC 8785 (JCS) canonical JSON, checked against the RFC's own vectors
(Appendix B number serialisation, §3.2.3 sorting) and the cyberphone reference test data."""

import datetime
import decimal
import json
import struct

import pytest

from zhifa.ledger.canonical import canonicalize


def from_bits(hexbits):
    return struct.unpack(">d", bytes.fromhex(hexbits))[0]


# RFC 8785 Appendix B: IEEE 754 binary64 → ECMAScript Number serialisation.
APPENDIX_B = [
    ("0000000000000000", "0"), ("8000000000000000", "0"), ("0000000000000001", "5e-324"),
    ("8000000000000001", "-5e-324"), ("7fefffffffffffff", "1.7976931348623157e+308"),
    ("ffefffffffffffff", "-1.7976931348623157e+308"), ("4340000000000000", "9007199254740992"),
    ("c340000000000000", "-9007199254740992"), ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"), ("44b52d02c7e14af6", "1e+23"),
    ("44b52d02c7e14af7", "1.0000000000000001e+23"), ("444b1ae4d6e2ef4e", "999999999999999700000"),
    ("444b1ae4d6e2ef4f", "999999999999999900000"), ("444b1ae4d6e2ef50", "1e+21"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"), ("3eb0c6f7a0b5ed8d", "0.000001"),
    ("41b3de4355555553", "333333333.3333332"), ("41b3de4355555554", "333333333.33333325"),
    ("41b3de4355555555", "333333333.3333333"), ("41b3de4355555556", "333333333.3333334"),
    ("41b3de4355555557", "333333333.33333343"), ("becbf647612f3696", "-0.0000033333333333333333"),
    ("43143ff3c1cb0959", "1424953923781206.2"),
]


@pytest.mark.parametrize(("bits", "expected"), APPENDIX_B)
def test_r6_numbers_serialise_as_rfc_8785_appendix_b(bits, expected):
    assert canonicalize(from_bits(bits)) == expected.encode()


@pytest.mark.parametrize("bits", ["7fffffffffffffff", "7ff0000000000000", "fff0000000000000"])
def test_r6_nan_and_infinity_are_refused(bits):
    with pytest.raises(ValueError):
        canonicalize(from_bits(bits))


@pytest.mark.parametrize(("value", "expected"), [
    (1.0, "1"), (1e16, "10000000000000000"), (1e-5, "0.00001"), (1e-7, "1e-7"), (123.456, "123.456"),
    (-1.5e-7, "-1.5e-7"), (1.5e300, "1.5e+300"), (0.1, "0.1"), (100, "100"), (-0.0, "0"), (2**53, "9007199254740992"),
])
def test_r6_numbers_follow_ecmascript_number_to_string(value, expected):
    assert canonicalize(value) == expected.encode()


def test_r6_integers_beyond_the_i_json_range_are_refused_rather_than_rounded():
    with pytest.raises(ValueError, match="I-JSON"):
        canonicalize(2**53 + 1)


def test_r6_rfc_8785_section_3_2_3_sorting_example_uses_utf16_code_units():
    # The RFC's example: keys sorted as UTF-16, so U+1F600 (surrogates D83D DE00) sorts before U+FB33.
    data = {"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
            "1": "One", "\U0001f600": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"}
    got = canonicalize(data).decode()
    keys = list(json.loads(got))
    assert keys == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]
    # Code-point order would have put U+FB33 before U+1F600: that is the mistake this guards against.
    assert sorted(data) != keys


# cyberphone/json-canonicalization testdata (input → output).
REFERENCE = [
    ('{"numbers": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001],'
     ' "escaping": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
     '{"escaping":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/","literals":[null,true,false],'
     '"numbers":[1e+30,4.5,333333333.3333333,0.002,1e-27]}'),
    ('{"1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0}, "10": { }, "": "empty", "a": { }, "111": [ { } ], "A": { }}',
     '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}'),
    ('{"\\u20ac": "Euro Sign", "1": "One", "\\u0080": "Control\\u007f", "\\ud83d\\ude02": "Smiley",'
     ' "\\u00f6": "Latin Small Letter O With Diaeresis", "\\ufb33": "Hebrew Letter Dalet With Dagesh",'
     ' "</script>": "Browser Challenge"}',
     '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f","\u00f6":"Latin Small Letter O With Diaeresis",'
     '"\u20ac":"Euro Sign","\U0001f602":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}'),
    ('{"peach": "This sorting order", "p\u00e9ch\u00e9": "is wrong according to French",'
     ' "p\u00eache": "but canonicalization MUST", "sin": "ingnore locale"}',
     '{"peach":"This sorting order","p\u00e9ch\u00e9":"is wrong according to French",'
     '"p\u00eache":"but canonicalization MUST","sin":"ingnore locale"}'),
    ('{"Unnormalized Unicode":"\\u1e0d\\u0307"}', '{"Unnormalized Unicode":"\u1e0d\u0307"}'),
]


@pytest.mark.parametrize(("source", "expected"), REFERENCE)
def test_r6_reference_test_data_canonicalises_byte_for_byte(source, expected):
    assert canonicalize(json.loads(source)) == expected.encode("utf-8")


def test_r6_control_characters_are_escaped_in_lower_case_and_del_is_not():
    assert canonicalize("\x00\x1f\b\t\n\f\r\x7f") == b'"\\u0000\\u001f\\b\\t\\n\\f\\r\x7f"'


def test_r6_a_lone_surrogate_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="代理码位"):
        canonicalize({"name": "\ud800"})


def test_r6_keys_that_collide_after_conversion_to_text_are_refused():
    with pytest.raises(ValueError, match="重复"):
        canonicalize({1: "a", "1": "b"})


def test_r6_service_values_become_stable_text():
    value = {"on": datetime.date(2026, 1, 2), "fine": decimal.Decimal("200.00"), "tags": {"b", "a"}, "pair": (1, 2)}
    assert canonicalize(value) == b'{"fine":"200.00","on":"2026-01-02","pair":[1,2],"tags":["a","b"]}'
    with pytest.raises(TypeError):
        canonicalize({"x": object()})
