"""The demo's random inspections: a published plan with results (one problem became a lead) and one in progress."""

import io

import pytest
from django.core.management import call_command

from zhifa.cases.models import Lead
from zhifa.inspections import services
from zhifa.inspections.models import Plan, PublishedPlan, PublishedResult


@pytest.mark.django_db
def test_the_demo_draws_records_and_publishes_through_the_services():
    for command in (["load_demo"], ["load_demo_rules"], ["load_demo_inspections"]):
        call_command(*command, stdout=io.StringIO())
    first, second = Plan.objects.order_by("pk")
    assert first.is_drawn and second.is_drawn and all(services.verify(p).ok for p in (first, second))
    published = PublishedPlan.objects.get()
    assert published.plan == first and published.seed == "bengbu-food-2026-1"
    assert PublishedResult.objects.filter(published_plan=published).count() == 4
    assert Lead.objects.filter(source="inspection", reference=first.number).count() == 1
    assert second.drawn.exclude(result="").count() == 1 and not second.drawn.filter(published_at__isnull=False).exists()
    out = io.StringIO()
    call_command("load_demo_inspections", stdout=out)
    assert "已存在" in out.getvalue()
