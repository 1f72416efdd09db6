"""E-mail for workbench notifications, when the installation configures it.

``ZHIFA["WARNING_EMAIL"]`` (environment ``ZHIFA_WARNING_EMAIL=1``) turns it on; the mail server is
Django's ``EMAIL_*`` settings. Mail goes out after the warning's transaction commits; a failure is
logged and leaves the notification unmarked (``emailed_at`` empty), never undoing the warning.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


def email_enabled() -> bool:
    return bool(getattr(settings, "ZHIFA", {}).get("WARNING_EMAIL"))


def _body(notification) -> str:
    warning = notification.warning
    base = settings.ZHIFA.get("PUBLIC_BASE_URL", "").rstrip("/")
    lines = [notification.text, "", warning.message if warning else "", ""]
    if warning is not None and warning.due_on:
        lines.append(f"期限：{warning.due_on:%Y年%m月%d日}")
    lines += [f"查看：{base}{notification.link}", "", "本邮件由行政执法监督平台自动发送，请勿直接回复。"]
    return "\n".join(lines)


def send_warning_emails(keys: list[tuple[int, str]]) -> int:
    """Mail the notifications ``(user_id, key)`` to users who have an address; returns how many went out."""
    if not email_enabled() or not keys:
        return 0
    q = Q(pk__in=[])
    for user_id, key in keys:
        q |= Q(user_id=user_id, key=key)
    pending = list(Notification.objects.filter(q, emailed_at__isnull=True).exclude(user__email="")
                   .select_related("user", "warning"))
    if not pending:
        return 0
    messages = [EmailMessage(subject=f"【执法监督】{n.text}"[:150], body=_body(n), to=[n.user.email]) for n in pending]
    try:
        sent = get_connection(fail_silently=False).send_messages(messages)
    except Exception:  # noqa: BLE001 - an unreachable mail server must not undo or block warnings
        logger.exception("预警邮件发送失败（%d封）", len(messages))
        return 0
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return sent or 0
