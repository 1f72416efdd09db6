"""Archive rules (R5): the 30-day deadline from closure, the manifest fixed at archiving, read-only afterwards."""

import datetime
import hashlib
import inspect
import io
import json
import zipfile
from decimal import Decimal

import bagit
import pytest
from django.db import transaction
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.casefiles import rules
from zhifa.casefiles.models import CaseFileManifest
from zhifa.casefiles.services import export_bag
from zhifa.cases import services
from zhifa.cases.models import Approval, Case, CaseEvent, Suspension
from zhifa.core import calendar
from zhifa.documents import services as documents
from zhifa.evidence import services as evidence
from zhifa.ledger.canonical import canonicalize
from zhifa.ledger.models import JournalEntry
from zhifa.testing import make_case

from .records import FIELDS, add_party, av_record, fresh, issue, photo

pytestmark = pytest.mark.django_db


def walk_to_closure(head, users):
    """Execution → closure through the engine: the fine paid, the head's approval, the transition."""
    case = make_case(head, stage="execution")
    case = services.update_case(head, case, {"fine_amount": Decimal("3000.00"), "penalty_kinds": ["fine"]})
    services.record_event(head, case, kind=CaseEvent.Kind.FINE_PAID, occurred_on=timezone.localdate(),
                          amount=Decimal("3000.00"))
    case.refresh_from_db()
    approval = services.request_approval(users[Role.DEPT_HEAD], case, "closure", reason="罚款已缴清")
    services.decide_approval(head, approval, approve=True)
    case.refresh_from_db()
    return services.transition(users[Role.DEPT_HEAD], case, "closure")


def test_r5_closure_starts_the_30_day_archive_deadline(head, users):
    case = walk_to_closure(head, users)
    deadline = rules.archive_deadline(case)
    assert deadline.due_on == calendar.add_calendar_days(timezone.localdate(), 30)
    assert deadline.label == "立卷归档"
    assert not deadline.overdue and deadline.days_left >= 30 and deadline.archived_on is None


def test_r5_no_archive_deadline_before_closure(head):
    assert rules.archive_deadline(make_case(head, stage="investigation")) is None


def test_r5_a_case_closed_more_than_30_days_ago_is_overdue(head):
    case = make_case(head, stage="closure")
    long_ago = timezone.now() - datetime.timedelta(days=40)
    case.visits.filter(stage="closure").update(entered_at=long_ago)
    deadline = rules.archive_deadline(case)
    assert deadline.overdue and deadline.days_left < 0
    assert deadline.status_label.startswith("已超期")


def test_r5_archiving_late_is_recorded_as_late_not_refused(head):
    case = make_case(head, stage="closure")
    case.visits.filter(stage="closure").update(entered_at=timezone.now() - datetime.timedelta(days=40))
    case = services.transition(head, case, "archive")
    deadline = rules.archive_deadline(case)
    assert deadline.archived_on == timezone.localdate() and deadline.overdue
    assert deadline.status_label == "逾期归档"


def test_r5_archiving_issues_the_cover_and_contents_and_fixes_every_item_by_digest(head, signing_key, tmp_path):
    case = add_party(head, make_case(head, stage="closure"))
    issue(head, case, "filing_approval")
    photo(head, case, "现场照片")
    av_record(head, case, "执法记录仪视频", case.case_officers.first().person)
    case = services.transition(head, fresh(case), "archive")
    assert case.status == Case.Status.ARCHIVED
    record = CaseFileManifest.objects.get(case=case)
    assert record.manifest["problems"] == []
    assert record.sha256 == hashlib.sha256(canonicalize(record.manifest)).hexdigest()
    assert [(i["part"], i["title"]) for i in record.manifest["items"]] == [
        ("document", "卷宗封面"), ("document", "卷内目录"), ("document", "立案审批表"),
        ("evidence", "现场照片"), ("evidence", "执法记录仪视频")]
    assert all(len(i["sha256"]) == 64 for i in record.manifest["items"])
    entry = JournalEntry.objects.get(subject_type="cases.case", subject_id=str(case.pk), kind="casefile.archived")
    payload = json.loads(entry.payload)
    assert payload["manifest_sha256"] == record.sha256
    assert (payload["documents"], payload["evidence"], payload["av"]) == (3, 2, 1)
    assert JournalEntry.objects.filter(subject_id=str(case.pk), kind="document.issued").count() == 3
    # The cover lists what the case file holds; the contents list every numbered document and every item.
    cover = case.documents.get(template__code="file_cover", status="issued")
    assert cover.fields["retention"] == "定期30年" and cover.fields["pages"] == str(payload["pages"])
    contents = case.documents.get(template__code="file_index", status="issued")
    assert [row[1] for row in contents.fields["entries"]] == ["立案审批表", "现场照片", "执法记录仪视频"]
    # The archived case file exports as a valid bag whose PDFs are the sealed ones.
    bag, _ = export_bag(head, case, "zip")
    with zipfile.ZipFile(io.BytesIO(b"".join(bag.stream("zip")))) as archive:
        archive.extractall(tmp_path / "bag")
    (root,) = list((tmp_path / "bag").iterdir())
    checked = bagit.Bag(str(root))
    checked.validate()
    assert checked.info["Zhifa-Archive-Manifest-SHA256"] == record.sha256
    assert sorted(p for p in checked.payload_files() if p.startswith("data/documents/")) == [
        "data/documents/01-卷宗封面.pdf", "data/documents/02-卷内目录.pdf", "data/documents/03-立案审批表.pdf"]
    assert (root / "data" / "documents" / "03-立案审批表.pdf").read_bytes().startswith(b"%PDF")
    metadata = json.loads((root / "data" / "casefile.json").read_text(encoding="utf-8"))
    assert [r["title"] for r in metadata["av_index"]] == ["执法记录仪视频"]


def unavailable(agency) -> str:
    return f"“{agency.name}”尚未配置签章证书"


def test_r5_front_matter_that_cannot_be_issued_is_recorded_not_hidden(head, agency):
    """No signing certificate: the archiving goes on, the gap is in the manifest and the journal."""
    case = make_case(head, stage="closure")
    photo(head, case, "现场照片")
    case = services.transition(head, fresh(case), "archive")
    assert case.status == Case.Status.ARCHIVED
    record = CaseFileManifest.objects.get(case=case)
    cover_problem, contents_problem = record.manifest["problems"]
    assert cover_problem.startswith(f"未生成卷宗封面：{unavailable(agency)}")
    assert contents_problem.startswith(f"未生成卷内目录：{unavailable(agency)}")
    assert [i["title"] for i in record.manifest["items"]] == ["现场照片"]
    entry = JournalEntry.objects.get(subject_id=str(case.pk), kind="casefile.archived")
    assert json.loads(entry.payload)["problems"] == record.manifest["problems"]
    # A failed attempt leaves nothing behind: no draft, no journal entry of a document.
    assert not case.documents.exists()
    assert not JournalEntry.objects.filter(subject_id=str(case.pk), kind__startswith="document.").exists()


def test_r5_an_empty_case_file_archives_with_an_empty_manifest_and_says_why_it_has_no_front_matter(head, agency):
    case = services.transition(head, make_case(head, stage="closure"), "archive")
    record = CaseFileManifest.objects.get(case=case)
    assert record.manifest["items"] == []
    assert record.manifest["problems"][0].startswith(f"未生成卷宗封面：{unavailable(agency)}")
    assert record.manifest["problems"][1] == "未生成卷内目录：卷内没有文书和证据可列"
    entry = JournalEntry.objects.get(subject_id=str(case.pk), kind="casefile.archived")
    assert json.loads(entry.payload)["problems"] == record.manifest["problems"]


def test_r5_front_matter_already_issued_is_not_issued_again_and_an_empty_file_has_no_contents(head, signing_key):
    case = make_case(head, stage="closure")
    issue(head, case, "file_cover")
    services.transition(head, fresh(case), "archive")
    assert case.documents.filter(template__code="file_cover").count() == 1
    assert not case.documents.filter(template__code="file_index").exists()
    assert JournalEntry.objects.filter(subject_id=str(case.pk), kind="document.issued").count() == 1
    record = CaseFileManifest.objects.get(case=case)
    assert record.manifest["problems"] == ["未生成卷内目录：卷内没有文书和证据可列"]
    assert [i["title"] for i in record.manifest["items"]] == ["卷宗封面"]


def test_retention_is_permanent_for_major_decisions_and_30_years_otherwise(head):
    assert rules.retention_period(make_case(head, stage="closure")) == rules.LONG
    major = make_case(head, stage="closure")
    major.circumstances = ["complex_case"]
    assert rules.retention_period(major) == rules.PERMANENT


def test_volume_count_is_200_pages_a_volume(settings):
    assert [rules.volume_count(n) for n in (0, 200, 201, 401)] == [1, 1, 2, 3]
    settings.ZHIFA = {**settings.ZHIFA, "CASEFILE_VOLUME_PAGES": 100}
    assert rules.volume_count(201) == 3


# Read-only after archiving: every write path of the cases services refuses -----------------------


def archived_case(head, users):
    case = make_case(head, stage="closure")
    with transaction.atomic():
        approval = Approval.objects.create(case=case, from_stage="closure", to_stage="archive", transition="归档",
                                           reason="待审批", requested_by=users[Role.DEPT_HEAD])
        suspension = Suspension.objects.create(case=case, kind=Suspension.Kind.EXTEND, reason="待审批", days=5,
                                               requested_by=users[Role.DEPT_HEAD])
    case.refresh_from_db()
    case = services.transition(head, case, "archive")
    return case, approval, suspension


def write_paths(head, users, case, approval, suspension, crew):
    officer = crew[1][0]
    today = timezone.localdate()
    return {
        "update_case": lambda: services.update_case(head, case, {"title": "改了"}),
        "add_party": lambda: services.add_party(head, case, {"kind": "legal", "name": "某公司"}),
        "assign_officers": lambda: services.assign_officers(head, case, crew[0]),
        "declare_recusal": lambda: services.declare_recusal(officer, case, has_interest=False, statement="无"),
        "request_approval": lambda: services.request_approval(head, case, "archive", reason="再来"),
        "decide_approval": lambda: services.decide_approval(head, approval, approve=True),
        "record_event": lambda: services.record_event(head, case, kind=CaseEvent.Kind.FINE_PAID, occurred_on=today,
                                                      amount=Decimal("1")),
        "record_discussion": lambda: services.record_discussion(head, case, {
            "held_on": today, "chair": "张明", "participants": "张明", "minutes": "讨论", "conclusion": "同意"}),
        "request_suspension": lambda: services.request_suspension(head, case, kind="suspend", reason="中止"),
        "decide_suspension": lambda: services.decide_suspension(head, suspension, approve=True),
        "transition": lambda: services.transition(head, case, "closure"),
    }


def test_r5_every_write_path_of_the_cases_services_refuses_an_archived_case(head, users, crew):
    case, approval, suspension = archived_case(head, users)
    paths = write_paths(head, users, case, approval, suspension, crew)
    before = JournalEntry.objects.count()
    version = Case.objects.get(pk=case.pk).version
    for name, call in paths.items():
        with pytest.raises(services.CaseReadOnly, match="案件已已归档|案件已归档"):
            call()
        assert JournalEntry.objects.count() == before, name
    assert Case.objects.get(pk=case.pk).version == version


def test_the_list_of_write_paths_covers_every_service_that_takes_a_case(head, users, crew):
    """A new write path of the cases services must join the test above."""
    case, approval, suspension = archived_case(head, users)
    covered = set(write_paths(head, users, case, approval, suspension, crew))
    creating = {"register_lead", "open_case"}  # they make new cases; nothing existing to protect
    public = {name for name, fn in inspect.getmembers(services, inspect.isfunction)
              if fn.__module__ == services.__name__ and not name.startswith("_") and hasattr(fn, "__wrapped__")}
    assert public - creating == covered


def test_r5_the_documents_and_evidence_services_refuse_an_archived_case(head, signing_key):
    case = add_party(head, make_case(head, stage="closure"))
    issued = issue(head, case, "closure_approval")
    draft = documents.create_draft(head, fresh(case), "closure_approval", FIELDS["closure_approval"])
    item = photo(head, case, "现场照片")
    case = services.transition(head, fresh(case), "archive")
    before = JournalEntry.objects.count()
    fields = {"execution": "x", "officer_opinion": "y"}
    attempts = {
        "create_draft": lambda: documents.create_draft(head, case, "closure_approval", fields),
        "issue_document": lambda: documents.issue_document(head, case, "closure_approval", fields),
        "update_draft": lambda: documents.update_draft(head, draft, fields),
        "upload_draft": lambda: documents.upload_draft(head, draft, b"PK\x03\x04"),
        "discard_draft": lambda: documents.discard_draft(head, draft),
        "issue": lambda: documents.issue(head, draft),
        "start_correction": lambda: documents.start_correction(head, issued, reason="笔误"),
        "start_upload": lambda: evidence.start_upload(head, case, length=10, metadata={"filename": "a.png", "kind": "photo"}),
        "withdraw": lambda: evidence.withdraw(head, item, reason="误传"),
    }
    for name, attempt in attempts.items():
        with pytest.raises(services.CaseReadOnly):
            attempt()
        assert JournalEntry.objects.count() == before, name
