"""A small inspection world for tests: a random-inspection item, a directory of targets, certified officers."""

import datetime

from django.utils import timezone

from zhifa.testing import make_certificate, make_officers, make_person, make_uscc

from ..models import Target

COMPANIES = ["蚌埠市佳惠超市有限公司", "蚌埠市邻家便利店有限公司", "蚌埠市顺发食品批发部", "蚌埠市甜心餐饮管理有限公司",
             "蚌埠市好味来食品有限公司", "蚌埠市康宁大药房有限公司"]


def random_item(agency):
    """The agency's powers list in force, whose one item is a random-inspection item (P6)."""
    from zhifa.catalog.defaults import load_national_defaults
    from zhifa.catalog.tests.builders import powers_list
    from zhifa.inspections.services import random_items

    load_national_defaults()  # the item's procedure, and the procedure a lead opens
    powers_list(agency)
    return random_items(agency).get()


def directory(agency, count=6, *, category="食品经营"):
    return [Target.objects.create(agency=agency, name=name, uscc=make_uscc("340300"), kind=Target.Kind.ENTERPRISE,
                                  address=f"蚌埠市蚌山区宏业路{n}号", region_code="340302", category=category)
            for n, name in enumerate(COMPANIES[:count], start=1)]


def officers(agency, count=4):
    return make_officers(agency, count)


def expired_officer(agency, name="钱多多"):
    person = make_person(agency, name)
    today = timezone.localdate()
    make_certificate(person, issued_on=today - datetime.timedelta(days=800), expires_on=today - datetime.timedelta(days=1))
    return person


def plan_data(item, **changes):
    today = timezone.localdate()
    return {"title": "2026年度食品经营者双随机抽查", "items": [item], "period_start": today,
            "period_end": today + datetime.timedelta(days=60), "target_count": 3, "inspectors_per_target": 2,
            "category": "食品经营", "seed": "9f1c2a7e", **changes}
