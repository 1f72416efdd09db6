"""R3, R4: a stage the AV-required list marks "required" is left only with an audio or video record of that stay."""

import datetime
import inspect

import pytest
from django.db import transaction
from django.utils import timezone

from zhifa.cases import engine
from zhifa.cases import services as cases
from zhifa.catalog import guards
from zhifa.catalog.defaults import load_national_defaults
from zhifa.catalog.models import RuleList
from zhifa.evidence import services
from zhifa.evidence.models import Evidence

from .conftest import av_metadata, pdf_bytes, upload_file, video_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def seizure(head, people):
    """A seizure (查封扣押) case on site: the national AV list requires full AV recording there."""
    if not RuleList.objects.filter(agency__isnull=True, kind=RuleList.Kind.PROCEDURES).exists():
        load_national_defaults()
    case = cases.open_case(head, {"title": "查封过期食品"}, procedure_code="compulsion_seizure")
    cases.assign_officers(head, case, people)
    case.refresh_from_db()
    with transaction.atomic():
        cases._enter(head, case, "on_site", transition="批准实施")
        case.save()
    case.refresh_from_db()
    return case


def test_the_guard_is_registered_by_the_evidence_app():
    assert guards.REGISTRY["av_attached"].implementation is not None


def test_required_stage_without_av_is_refused_naming_the_stage(seizure):
    ok, reason = guards.evaluate("av_attached", seizure)
    assert not ok
    assert "现场实施" in reason and "录音或视频" in reason


def test_required_stage_with_av_of_this_stay_passes(client, officer, seizure, people):
    client.force_login(officer)
    assert upload_file(client, av_metadata(seizure, people[0]), video_bytes(20_000)).status_code == 204
    assert guards.evaluate("av_attached", seizure) == (True, "")


def test_a_document_is_not_an_av_record(client, officer, seizure, people):
    client.force_login(officer)
    metadata = {"case": str(seizure.pk), "filename": "现场笔录.pdf", "filetype": "application/pdf", "title": "现场笔录"}
    assert upload_file(client, metadata, pdf_bytes()).status_code == 204
    assert guards.evaluate("av_attached", seizure)[0] is False


def test_a_withdrawn_record_does_not_count(client, officer, seizure, people):
    client.force_login(officer)
    upload_file(client, av_metadata(seizure, people[0]), video_bytes(20_000))
    services.withdraw(officer, Evidence.objects.get(), reason="拍错了现场")
    seizure.refresh_from_db()
    assert guards.evaluate("av_attached", seizure)[0] is False


def test_a_record_of_an_earlier_stay_does_not_count(client, officer, seizure, people, head):
    client.force_login(officer)
    upload_file(client, av_metadata(seizure, people[0], ended_hours_ago=2), video_bytes(20_000))
    Evidence.objects.filter(pk=Evidence.objects.get().pk).update(uploaded_at=timezone.now() - datetime.timedelta(hours=1))
    with transaction.atomic():  # the case comes back to the stage later
        cases._enter(head, seizure, "on_site", transition="重新实施")
        seizure.save()
    seizure.refresh_from_db()
    assert guards.evaluate("av_attached", seizure)[0] is False


def test_text_stage_needs_no_av(seizure, head):
    with transaction.atomic():
        cases._enter(head, seizure, "custody", transition="保管")
        seizure.save()
    seizure.refresh_from_db()
    assert guards.evaluate("av_attached", seizure) == (True, "")


def test_the_engine_asks_the_guard_when_leaving_a_required_stage(client, officer, seizure, people):
    """Through the engine, once cases/engine.py adds ``av_attached`` implicitly (the procedure JSON does not list it)."""
    transition = engine.find_transition(seizure, "statement")
    parameters = inspect.signature(engine.guard_names).parameters
    names = engine.guard_names(seizure, transition) if len(parameters) > 1 else engine.guard_names(transition)
    if "av_attached" not in names:
        pytest.skip("cases/engine.py does not yet add av_attached to transitions leaving an AV-required stage")
    verdict = engine.check(seizure, transition)
    assert any("音像记录已上传" in m and "现场实施" in m for m in verdict.missing)
    client.force_login(officer)
    assert upload_file(client, av_metadata(seizure, people[0]), video_bytes(20_000)).status_code == 204
    assert not any("音像记录已上传" in m for m in engine.check(seizure, transition).missing)
