"""Gap-free document and case numbers, allocated inside the caller's transaction.

The series row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions
serialise writers) and incremented in the same transaction that uses the number: when that
transaction rolls back, so does the number, so a series never has a hole.
"""

import datetime
import string

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import NumberSeries, NumberTemplate

DEFAULT_TEMPLATE = "{agency}{domain}{kind}〔{year}〕{seq}号"
TEMPLATE_FIELDS = {"agency", "domain", "kind", "year", "seq"}


def validate_template(template: str):
    fields = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    unknown = fields - TEMPLATE_FIELDS
    if unknown:
        raise ValidationError(f"编号模板含有未知字段：{'、'.join(sorted(unknown))}；可用字段为 agency、domain、kind、year、seq")
    if "seq" not in fields:
        raise ValidationError("编号模板必须包含序号字段 {seq}")


def format_number(agency, kind: str, year: int, seq: int) -> str:
    rule = NumberTemplate.objects.filter(agency=agency, kind=kind).first()
    template = rule.template if rule else DEFAULT_TEMPLATE
    domain = rule.domain if rule else ""
    padding = rule.padding if rule else 0
    return template.format(
        agency=agency.short_name, domain=domain, kind=kind, year=year, seq=str(seq).zfill(padding)
    )


def _locked_series(agency, kind, year):
    series = NumberSeries.objects.select_for_update().filter(agency=agency, kind=kind, year=year).first()
    if series is not None:
        return series
    try:
        with transaction.atomic():  # a savepoint: a concurrent creator wins, we retry the read
            NumberSeries.objects.create(agency=agency, kind=kind, year=year)
    except IntegrityError:
        pass
    return NumberSeries.objects.select_for_update().get(agency=agency, kind=kind, year=year)


def allocate(agency, kind: str, *, year: int | None = None, on: datetime.date | None = None) -> str:
    """Take the next number of ``agency``'s ``kind`` series for ``year`` (default: this year)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("编号必须在使用它的事务中分配")
    if year is None:
        year = (on or timezone.localdate()).year
    series = _locked_series(agency, kind, year)
    series.last_value += 1
    series.save(update_fields=["last_value"])
    return format_number(agency, kind, year, series.last_value)
