"""RFC 8785 JSON Canonicalization Scheme for journal payloads.

Payloads are built by services from plain values; dates, datetimes and decimals are turned into
strings first (``to_jsonable``) so that the same fact always serialises to the same bytes.
"""

import datetime
import decimal
import math
import uuid
from json.encoder import encode_basestring


def to_jsonable(value):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            key = str(k)
            if key in out:
                raise ValueError(f"键“{key}”重复：规范化 JSON 不允许同名键")
            out[key] = to_jsonable(v)
        return out
    if isinstance(value, list | tuple | set | frozenset):
        items = [to_jsonable(v) for v in value]
        return sorted(items, key=canonicalize) if isinstance(value, set | frozenset) else items
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _number(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if abs(value) > 2**53:
            raise ValueError("整数超出 I-JSON 安全范围，请以字符串记录")
        return str(value)
    if not math.isfinite(value):
        raise ValueError("JSON 不允许 NaN 或无穷大")
    if value == 0:
        return "0"
    # ECMAScript Number.prototype.toString, which RFC 8785 §3.2.2.3 prescribes.
    text = repr(value)
    if "e" in text or "E" in text:
        mantissa, exponent = text.lower().split("e")
        exp = int(exponent)
        digits = mantissa.replace(".", "").lstrip("-").rstrip("0") or "0"
        point = mantissa.lstrip("-").find(".")
        point = len(mantissa.lstrip("-")) if point < 0 else point
        n = point + exp  # position of the decimal point relative to the digits
        sign = "-" if value < 0 else ""
        k = len(digits)
        if k <= n <= 21:
            return sign + digits + "0" * (n - k)
        if 0 < n <= 21:
            return sign + digits[:n] + "." + digits[n:]
        if -6 < n <= 0:
            return sign + "0." + "0" * (-n) + digits
        e = n - 1
        body = digits[0] + ("." + digits[1:] if k > 1 else "")
        return f"{sign}{body}e{'+' if e >= 0 else '-'}{abs(e)}"
    if text.endswith(".0"):
        text = text[:-2]
    return text


def _string(value: str) -> str:
    """RFC 8785 §3.2.2.2: the ECMAScript JSON.stringify escaping, which Python's encoder matches."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("字符串含孤立的代理码位，不是合法的 Unicode（I-JSON）") from None
    return encode_basestring(value)


def _utf16_key(key: str) -> bytes:
    # RFC 8785 §3.2.3: properties sorted by their UTF-16 code units (big-endian bytes sort alike).
    return key.encode("utf-16-be", "surrogatepass")


def _encode(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool | int | float):
        return _number(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ",".join(_encode(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=_utf16_key)
        return "{" + ",".join(_string(k) + ":" + _encode(value[k]) for k in keys) + "}"
    raise TypeError(f"无法规范化的类型：{type(value).__name__}")


def canonicalize(value) -> bytes:
    """The RFC 8785 bytes of ``value`` (after :func:`to_jsonable`)."""
    return _encode(to_jsonable(value)).encode("utf-8")
