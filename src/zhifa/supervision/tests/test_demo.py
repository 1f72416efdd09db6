"""The supervision demo is made through the services, shows warnings of both levels, and loads once."""

from zhifa.cases.models import Case
from zhifa.demo.loader import load
from zhifa.supervision.demo import RECUSAL_TITLE, SEIZURE_TITLE, load_demo_supervision
from zhifa.supervision.models import ImplementationTask, Level, Notice, Rectification, Warning


def test_the_demo_shows_a_red_and_a_yellow_case_warning_a_notice_and_the_tasks(db):
    load()
    made = load_demo_supervision()
    recusal = Case.objects.get(title=RECUSAL_TITLE)
    seizure = Case.objects.get(title=SEIZURE_TITLE)
    assert Warning.objects.get(case=recusal, rule="officers", cleared_at__isnull=True).level == Level.RED
    assert Warning.objects.get(case=seizure, rule="av_24h", cleared_at__isnull=True).level == Level.YELLOW
    assert Warning.objects.filter(rule="certificate_expiry", level=Level.RED, cleared_at__isnull=True).exists()
    assert Notice.objects.count() == 1 and Rectification.objects.filter(notice__isnull=False).count() == 2
    assert ImplementationTask.objects.count() == 6 and ImplementationTask.objects.filter(status="done").count() == 2
    assert made["plan"] is None  # no closed case yet: the plan waits for the demo cases (zhifa demo loads them first)
    again = load_demo_supervision()
    assert again["cases"] == [] and again["tasks"] == [] and again["notice"] is None
    assert Case.objects.filter(title=RECUSAL_TITLE).count() == 1
