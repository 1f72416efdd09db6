"""Keeping the public forms for people: a rate limit per source and a simple human check (no outside service).

The source is the client address, kept only as an HMAC under the secret key. The human check is a
small sum in words a screen reader can read out; its token is signed and timed (it must be answered
after ``min_seconds`` and within ``max_age``) and can be spent once. A question is answered once, right or
wrong. A hidden field that people do not see (and screen readers are told to skip) catches naive scripts.
"""

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils import timezone

from .models import Attempt

SALT = "zhifa.complaints.challenge"
DIGITS = "零一二三四五六七八九十"


def _setting(name, default):
    return settings.ZHIFA.get(name, default)


def source_of(request) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def too_many(kind: str, source: str, *, limit: int, minutes: int) -> bool:
    since = timezone.now() - timezone.timedelta(minutes=minutes)
    return Attempt.objects.filter(kind=kind, source_sha256=source, at__gte=since).count() >= limit


def record(kind: str, source: str):
    Attempt.objects.create(kind=kind, source_sha256=source)
    # Old rows are of no further use: keep the table small.
    Attempt.objects.filter(at__lt=timezone.now() - timezone.timedelta(days=2)).delete()


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def new_challenge() -> Challenge:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    nonce = secrets.token_hex(8)
    payload = {"n": nonce, "h": _digest(nonce, a + b), "t": int(time.time())}
    return Challenge(f"{DIGITS[a]}加{DIGITS[b]}等于几？（请填写阿拉伯数字）", signing.dumps(payload, salt=SALT))


def _digest(nonce: str, answer: int) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{nonce}:{answer}".encode(), hashlib.sha256).hexdigest()


def check(token: str, answer, honeypot: str = "") -> str | None:
    """None when the check passed, else the message for the ``answer`` field. A passed check is spent."""
    if honeypot:
        return "提交未通过校验，请刷新页面后重新填写"
    try:
        data = signing.loads(token or "", salt=SALT, max_age=_setting("COMPLAINT_CHALLENGE_MAX_AGE", 1800))
    except signing.SignatureExpired:
        return "验证问题已过期，请重新作答"
    except signing.BadSignature:
        return "验证问题无效，请刷新页面后重新作答"
    if not isinstance(data, dict) or not {"n", "h", "t"} <= set(data):
        return "验证问题无效，请刷新页面后重新作答"
    if time.time() - data["t"] < _setting("COMPLAINT_MIN_SECONDS", 3):
        return "提交过快，请核对填写的内容后再提交"
    try:
        given = int(str(answer).strip())
    except ValueError:
        return "验证答案应为阿拉伯数字，如：7"
    spent = hashlib.sha256(str(data["n"]).encode()).hexdigest()
    if Attempt.objects.filter(kind="challenge", source_sha256=spent).exists():
        return "该验证问题已使用，请重新作答"
    record("challenge", spent)  # one answer per question, right or wrong: no guessing through the answers
    if not hmac.compare_digest(_digest(str(data["n"]), given), str(data["h"])):
        return "验证答案不正确，请重新计算新的问题"
    return None
