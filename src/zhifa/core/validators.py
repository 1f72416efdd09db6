"""Validators for the identifiers Chinese enforcement records carry.

The boolean functions (``is_valid_uscc``, ``is_valid_id_number``, ``is_valid_region_code``) are
the public API for other code and tests; the ``validate_*`` wrappers raise Django's
``ValidationError`` with a Chinese message that names the rule that failed.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

# GB 32100-2015: the 31 characters of the code (no I, O, S, V, Z) and the weights of §4.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB 11643-1999 §8.2: ISO 7064 MOD 11-2 over the first 17 digits.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
# The standard's own examples include people born in the 1880s, so the lower bound is generous.
ID_MIN_BIRTH_YEAR = 1850

# GB/T 2260 first two digits: provinces, autonomous regions, municipalities, SARs and Taiwan.
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)

# Organs of the central state (国务院部委 etc.) carry 100000 in positions 3–8 of their codes.
CENTRAL_REGION_CODE = "100000"

_REGION_RE = re.compile(r"^\d{6}$")
_ID_RE = re.compile(r"^\d{17}[\dX]$")


def uscc_check_char(first17: str) -> str:
    """The 18th character of a unified social credit code (GB 32100-2015 §4)."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def uscc_error(value) -> str | None:
    if not isinstance(value, str):
        return "统一社会信用代码必须是文本"
    code = value.strip().upper()
    if len(code) != 18:
        return f"统一社会信用代码应为18位，当前为{len(code)}位"
    bad = sorted({c for c in code if c not in USCC_CHARSET})
    if bad:
        return f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（GB 32100 不使用 I、O、S、V、Z）"
    if code[2:8] != CENTRAL_REGION_CODE and not is_valid_region_code(code[2:8]):
        return f"统一社会信用代码第3至8位“{code[2:8]}”不是有效的行政区划码"
    if uscc_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验码错误（GB 32100 第18位）"
    return None


def is_valid_uscc(value: str) -> bool:
    """True when ``value`` is a well-formed unified social credit code with a correct check character."""
    return uscc_error(value) is None


def id_check_char(first17: str) -> str:
    return ID_CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def id_number_error(value, today: datetime.date | None = None) -> str | None:
    if not isinstance(value, str):
        return "身份证号码必须是文本"
    number = value.strip().upper()
    if len(number) != 18:
        return f"身份证号码应为18位，当前为{len(number)}位"
    if not _ID_RE.match(number):
        return "身份证号码前17位必须是数字，第18位是数字或X"
    if number[:2] not in PROVINCE_CODES:
        return f"身份证号码前两位“{number[:2]}”不是有效的省级行政区划码"
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return f"身份证号码中的出生日期“{number[6:14]}”不是有效日期"
    today = today or timezone.localdate()
    if birth.year < ID_MIN_BIRTH_YEAR or birth > today:
        return f"身份证号码中的出生日期“{number[6:14]}”不在合理范围内"
    if id_check_char(number[:17]) != number[17]:
        return "身份证号码校验码错误（GB 11643 第18位）"
    return None


def is_valid_id_number(value: str) -> bool:
    """True for an 18-digit resident ID number with a real birth date and a correct check digit."""
    return id_number_error(value) is None


def region_code_error(value) -> str | None:
    if not isinstance(value, str) or not _REGION_RE.match(value.strip()):
        return "行政区划代码应为6位数字"
    if value.strip()[:2] not in PROVINCE_CODES:
        return f"行政区划代码前两位“{value.strip()[:2]}”不是有效的省级代码"
    return None


def is_valid_region_code(value: str) -> bool:
    return region_code_error(value) is None


def region_prefix(code: str) -> str:
    """The meaningful prefix of a GB/T 2260 code: 340000 → 34, 340300 → 3403, 340302 → 340302."""
    code = code.strip()
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def region_ancestors(code: str) -> set[str]:
    """The province, city and own codes of a region: 340302 → {340000, 340300, 340302}."""
    code = code.ljust(6, "0")
    return {code[:2] + "0000", code[:4] + "00", code}


def _raise(message):
    if message:
        raise ValidationError(message, code="invalid")


def validate_uscc(value):
    _raise(uscc_error(value))


def validate_id_number(value):
    _raise(id_number_error(value))


def validate_region_code(value):
    _raise(region_code_error(value))
