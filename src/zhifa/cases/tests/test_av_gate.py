"""R3, R4: a stage the AV-required list marks "required" is left only with its audio or video record."""

import datetime

import pytest

from zhifa.cases import services
from zhifa.catalog import services as catalog
from zhifa.catalog.models import AvRequirement, RuleList
from zhifa.testing import make_case

pytestmark = pytest.mark.django_db


def require_av_in_investigation(agency):
    """The agency adopts the national AV list and marks on-site investigation "required"."""
    national = RuleList.objects.get(kind=RuleList.Kind.AV, agency__isnull=True)
    own = catalog.adopt(catalog.SYSTEM, national, agency)
    draft = own.versions.get(status="draft")
    AvRequirement.objects.filter(version=draft, procedure_code="penalty_general", stage_code="investigation").update(
        mode="required")
    catalog.publish(catalog.SYSTEM, draft, datetime.date(2021, 7, 15))


def test_leaving_a_required_stage_without_its_av_record_is_refused(head, agency):
    require_av_in_investigation(agency)
    case = make_case(head, stage="investigation")
    with pytest.raises(services.TransitionRefused, match="音像记录已上传：音像记录事项清单要求“调查取证”环节全程音像记录"):
        services.transition(head, case, "case_review")


def test_a_stage_not_marked_required_needs_no_av_record(head):
    case = make_case(head, stage="investigation")
    assert services.transition(head, case, "case_review").stage == "case_review"
