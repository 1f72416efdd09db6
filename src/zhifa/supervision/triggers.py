"""Recheck warnings on every relevant change (I5), without touching the services that make the change.

Django's own ``post_save`` / ``m2m_changed`` signals of the records the rules read name the subject
that changed (a case, a person, an agency, a rule list, a rectification). The subjects collect per
transaction and are rechecked once, after it commits — so an officer who enters the missing AV
record sees the warning gone on the next page, a rolled-back change rechecks nothing, and a failure
of the recheck can never undo the change (the periodic scan catches up).
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from zhifa.annualreports.models import AnnualReport
from zhifa.cases.models import Case, CaseEvent, CaseOfficer, StageVisit, Suspension
from zhifa.catalog.models import RuleListVersion
from zhifa.disclosure.models import Disclosure, DisclosurePolicy
from zhifa.documents.models import Document
from zhifa.evidence.models import Evidence
from zhifa.inspections.models import DrawnTarget, PublishedPlan
from zhifa.laws.models import Law
from zhifa.organizations.models import Certificate, Person, Training
from zhifa.review.models import Assignment, Opinion, Submission

from .models import Rectification


class _Batch:
    """The subjects changed since the last recheck of this connection; the first commit callback rechecks them all."""

    def __init__(self):
        self.subjects: dict[str, set] = {}

    def add(self, kind, pk):
        self.subjects.setdefault(kind, set()).add(pk)

    def run(self):
        from .scan import recheck

        subjects, self.subjects = self.subjects, {}
        if subjects:
            recheck(subjects)


def touch(kind: str, pk):
    """Note that ``kind`` ``pk`` changed; recheck it when the transaction commits (at once in autocommit).

    Every change registers a commit callback; the first to run rechecks everything noted, the rest find
    nothing left. A subject noted in a transaction that rolled back is rechecked with the next commit —
    harmless, a recheck only reads the records as they are.
    """
    if pk is None:
        return
    connection = transaction.get_connection()
    batch = getattr(connection, "_zhifa_supervision_batch", None)
    if batch is None:
        batch = connection._zhifa_supervision_batch = _Batch()
    batch.add(kind, pk)
    transaction.on_commit(batch.run)


def _case_of(instance):
    return getattr(instance, "case_id", None)


CASE_PARTS = (StageVisit, CaseOfficer, CaseEvent, Suspension, Evidence, Document, Submission)


@receiver(post_save, sender=Case)
def _case_saved(sender, instance, **kwargs):
    touch("case", instance.pk)


def _case_part_saved(sender, instance, **kwargs):
    touch("case", _case_of(instance))


for _model in CASE_PARTS:
    post_save.connect(_case_part_saved, sender=_model, dispatch_uid=f"supervision-{_model.__name__}")


@receiver(post_save, sender=Opinion)
@receiver(post_save, sender=Assignment)
def _review_saved(sender, instance, **kwargs):
    touch("case", Submission.objects.filter(pk=instance.submission_id).values_list("case_id", flat=True).first())


@receiver(post_save, sender=Person)
def _person_saved(sender, instance, **kwargs):
    touch("person", instance.pk)
    touch("agency", instance.agency_id)  # the reviewer ratio counts people


@receiver(post_save, sender=Certificate)
def _certificate_saved(sender, instance, **kwargs):
    touch("person", instance.person_id)
    for case_id in CaseOfficer.objects.filter(person_id=instance.person_id, released_at__isnull=True).values_list(
            "case_id", flat=True):
        touch("case", case_id)  # a certificate renewed or lapsed changes who may handle the case (PL Art. 42)


@receiver(m2m_changed, sender=Training.attendees.through)
def _attendance_changed(sender, instance, action, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Training):
        for pk in pk_set or Training.attendees.through.objects.filter(training=instance).values_list("person_id", flat=True):
            touch("person", pk)
    else:
        touch("person", instance.pk)


@receiver(post_save, sender=Training)
def _training_saved(sender, instance, **kwargs):
    for pk in instance.attendees.values_list("pk", flat=True):
        touch("person", pk)  # the date of a training decides the year it counts for


@receiver(post_save, sender=RuleListVersion)
def _list_version_saved(sender, instance, **kwargs):
    touch("rule_list", instance.rule_list_id)


@receiver(post_save, sender=Law)
def _law_saved(sender, instance, **kwargs):
    for pk in instance.rule_lists.values_list("pk", flat=True):
        touch("rule_list", pk)


@receiver(post_save, sender=Rectification)
def _rectification_saved(sender, instance, **kwargs):
    touch("rectification", instance.pk)


@receiver(post_save, sender=Disclosure)
def _disclosure_saved(sender, instance, **kwargs):
    touch("disclosure", instance.pk)  # published, withheld, a withdrawal opened or done


@receiver(post_save, sender=DrawnTarget)
@receiver(post_save, sender=PublishedPlan)
def _inspection_result_saved(sender, instance, **kwargs):
    touch("inspection", instance.plan_id)  # a result entered (its due date set), or the plan's results published


@receiver(post_save, sender=AnnualReport)
@receiver(post_save, sender=DisclosurePolicy)
def _reporting_saved(sender, instance, **kwargs):
    touch("agency", instance.agency_id)  # a report published, or the report's deadline changed
