"""Demo random inspections for 蚌埠市市场监督管理局 (``zhifa demo``), through the real services.

A directory of food businesses (one run by a natural person, shown masked on the portal), an officer's
declared conflict with one of them, and two plans of the catalog's random-inspection item: the first
drawn, inspected (one problem registered as a lead) and published; the second drawn with one result
entered and waiting for the disclosure clerk.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.organizations.models import Agency, Person

from . import services
from .models import Plan, Result, Target

TARGETS = [
    ("蚌埠市佳惠超市有限公司", 60101, "enterprise", "蚌埠市蚌山区宏业路 88 号", "340303"),
    ("蚌埠市邻家便利店有限公司", 60102, "enterprise", "蚌埠市龙子湖区曹山路 66 号", "340302"),
    ("蚌埠市顺发食品批发部", 60103, "individual", "蚌埠市禹会区大庆路 18 号", "340304"),
    ("蚌埠市甜心餐饮管理有限公司", 60104, "enterprise", "蚌埠市蚌山区淮河路 300 号", "340303"),
    ("蚌埠市好味来食品有限公司", 60105, "enterprise", "蚌埠市经济开发区兴中路 9 号", "340302"),
    ("蚌埠市味之源餐饮管理有限公司", 60106, "enterprise", "蚌埠市龙子湖区东海大道 3888 号", "340302"),
    ("蚌埠市淮上区老街烧饼店", 60107, "individual", "蚌埠市淮上区长征路 12 号", "340311"),
    ("蚌埠市康宁大药房有限公司", 60108, "enterprise", "蚌埠市蚌山区南湖路 55 号", "340303"),
]
RESULTS = [
    (Result.NO_PROBLEM, ""),
    (Result.RECTIFY, "后厨生熟食品未分开存放，已当场责令整改。"),
    (Result.CASE, "货架上有超过保质期的预包装食品 12 盒在售，涉嫌违反《中华人民共和国食品安全法》第三十四条。"),
    (Result.NOT_OPERATING, ""),
]


def load_demo_inspections() -> dict:
    """All or nothing; refuses to run twice. Returns what it made."""
    from zhifa.demo import data

    agency = Agency.objects.get(short_name="蚌市监")
    if Plan.objects.filter(agency=agency).exists():
        return {}
    officer, head, publisher = (User.objects.get(username=n) for n in ("officer", "agency_head", "publisher"))
    items = list(services.random_items(agency)[:1])
    if not items:
        return {}
    today = timezone.localdate()
    with transaction.atomic():
        made = [services.add_target(officer, agency, {
            "name": name, "uscc": data.uscc("340300", serial, registrant="92" if kind == "individual" else "91"),
            "kind": kind, "address": address, "region_code": region, "category": "食品经营"})
            for name, serial, kind, address, region in TARGETS]
        made.append(services.add_target(officer, agency, {
            "name": "孙桂兰", "kind": Target.Kind.NATURAL, "address": "蚌埠市禹会区涂山路 46 号", "region_code": "340304",
            "category": "食品经营"}))
        relative = Person.objects.filter(agency=agency, name="李娜").first()
        if relative is not None:
            services.declare_conflict(head, made[0], person=relative, kind="relative", note="其配偶为该公司股东")
        first = services.create_plan(head, agency, {
            "title": f"{today.year}年食品经营者“双随机”抽查（第一批）", "items": items, "target_count": 4,
            "period_start": today - datetime.timedelta(days=20), "period_end": today + datetime.timedelta(days=40),
            "category": "食品经营", "seed": "bengbu-food-2026-1"})
        drawn = services.draw(head, first)
        for d, (result, note) in zip(drawn, RESULTS, strict=False):
            services.record_result(officer, d, {"inspected_on": today, "result": result, "note": note})
        published = services.publish(publisher, Plan.objects.get(pk=first.pk))
        second = services.create_plan(head, agency, {
            "title": f"{today.year}年食品经营者“双随机”抽查（第二批）", "items": items, "target_ratio": "30",
            "period_start": today, "period_end": today + datetime.timedelta(days=60), "category": "食品经营"})
        later = services.draw(head, second)
        services.record_result(officer, later[0], {"inspected_on": today, "result": Result.NO_PROBLEM})
    return {"targets": len(made), "published": published.number, "waiting": second.number,
            "results": len(drawn) + 1}
