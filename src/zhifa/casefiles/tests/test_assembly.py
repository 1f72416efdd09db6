"""The case file as assembled (R5) from the real documents and evidence: order, page numbers, the AV index."""

import datetime

import pytest
from django.utils import timezone

from zhifa.casefiles.assembly import EvidenceEntry
from zhifa.casefiles.services import assemble, contents_rows, cover_fields
from zhifa.cases import services as cases
from zhifa.documents import services as documents
from zhifa.evidence import services as evidence
from zhifa.evidence.selectors import EvidenceItem
from zhifa.organizations.models import Device
from zhifa.testing import make_case, make_uscc

from .records import FIELDS, add_party, av_record, enter, fresh, issue, photo, png, prepare_decision, upload

pytestmark = pytest.mark.django_db


def collector(case):
    return case.case_officers.select_related("person").first().person


def test_r5_documents_follow_the_procedure_then_the_issue_time_with_the_front_matter_first(head, signing_key):
    case = make_case(head, stage="filing")
    add_party(head, case)
    issue(head, case, "filing_approval")
    case = enter(head, case, "investigation")
    inspection = issue(head, case, "inspection_record")
    # drawn up during the investigation, issued only after the decision: it still files under the investigation
    inquiry_draft = documents.create_draft(head, fresh(case), "inquiry_record", FIELDS["inquiry_record"])
    case = enter(head, prepare_decision(head, case), "decision")
    decision = issue(head, case, "penalty_decision")
    inquiry = documents.issue(head, inquiry_draft)
    case = enter(head, case, "closure")
    issue(head, case, "file_index", entries=[["1", "立案审批表", "", "", "1"]])
    issue(head, case, "file_cover")
    assert inquiry.issued_at >= decision.issued_at >= inspection.issued_at  # signing time is to the second

    case_file = assemble(case)
    assert [d.title for d in case_file.documents] == [
        "卷宗封面", "卷内目录", "立案审批表", "现场检查笔录", "询问笔录", "行政处罚决定书"]
    assert [d.stage for d in case_file.documents][2:] == ["filing", "investigation", "investigation", "decision"]
    assert [d.seq for d in case_file.documents] == [1, 2, 3, 4, 5, 6]
    # The front matter is not numbered; the rest runs on from page 1, each document over its own pages.
    numbered = case_file.documents[2:]
    assert [d.pages for d in case_file.documents[:2]] == ["", ""]
    assert numbered[0].first_page == 1
    for before, after in zip(numbered, numbered[1:], strict=False):
        assert after.first_page == before.last_page + 1
    assert all(d.last_page - d.first_page + 1 == d.page_count >= 1 for d in numbered)
    by_title = {d.title: d for d in numbered}
    assert by_title["询问笔录"].page_count >= 2 and "-" in by_title["询问笔录"].pages
    assert case_file.cover.pages == sum(d.page_count for d in numbered) == numbered[-1].last_page
    assert case_file.cover.volumes == 1
    assert all(len(d.sha256) == 64 and d.number == doc.number for d, doc in zip(
        case_file.documents[3:5], (inspection, inquiry), strict=True))


def test_r5_the_contents_list_numbered_documents_then_evidence(head, signing_key):
    case = make_case(head, stage="closure")
    add_party(head, case)
    issue(head, case, "file_cover")
    filing = issue(head, case, "filing_approval")
    video_by = collector(case)
    photo(head, case, "现场照片")
    av_record(head, case, "执法记录仪视频", video_by)
    end = timezone.now() - datetime.timedelta(days=2)
    photo(head, case, "补充照片", captured_from=(end - datetime.timedelta(minutes=5)).isoformat(),
          captured_to=end.isoformat(), late_reason="现场无网络")
    case_file = assemble(case)
    contents = case_file.contents
    pages = "1" if filing.page_count == 1 else f"1-{filing.page_count}"
    assert [(c.seq, c.title, c.number, c.pages) for c in contents] == [
        (1, "立案审批表", filing.number, pages), (2, "现场照片", "", ""), (3, "执法记录仪视频", "", ""),
        (4, "补充照片", "", "")]
    assert contents[0].remarks == "结案"  # the stage it was drawn up in
    assert contents[1].remarks == "电子证据"
    assert contents[2].remarks == "音像记录，见音像记录索引"
    assert contents[3].remarks == "电子证据；逾期上传：现场无网络"
    assert contents[3].date == timezone.localdate(end)
    assert contents_rows(case_file)[0] == ["1", "立案审批表", filing.number, contents[0].date.isoformat(), pages]


def test_r5_the_av_index_lists_exactly_the_audio_and_video_items(head, agency):
    case = make_case(head, stage="closure")
    person = collector(case)
    camera = Device.objects.create(agency=agency, serial_number="DSJ-001", model_name="执法记录仪 DSJ-V9", holder=person)
    photo(head, case, "现场照片")
    video = av_record(head, case, "执法记录仪视频", person, device=camera)
    av_record(head, case, "询问录音", person, kind="audio")
    upload(head, case, png(7), "营业执照.png", title="营业执照复印件", kind="scan")
    case_file = assemble(case)
    assert [e.title for e in case_file.av_index] == ["执法记录仪视频", "询问录音"]
    assert [e.kind_label for e in case_file.evidence] == ["照片", "视频", "录音", "书证扫描件"]
    first = case_file.av_index[0]
    assert (first.captured_from, first.captured_to, first.place, first.collector, first.object_to_prove, first.device,
            first.sha256, first.size) == (video.captured_from, video.captured_to, video.place, person.name,
                                          video.object_to_prove, str(camera), video.sha256, video.size)
    assert first.device == "执法记录仪 DSJ-001" and first.seq == 2
    csv_lines = case_file.av_index_csv().decode("utf-8-sig").splitlines()
    assert csv_lines[0].startswith("序号,名称,拍摄开始时间,拍摄结束时间,地点,采集人,证明对象,采集设备,SHA-256")
    assert len(csv_lines) == 3 and "执法记录仪视频" in csv_lines[1] and video.sha256 in csv_lines[1]
    assert csv_lines[2].startswith("3,询问录音,")


def test_the_evidence_entries_are_the_evidence_apps_items_with_a_number(head):
    """No second copy of the evidence facts: an entry is an ``EvidenceItem`` plus its 序号."""
    case = make_case(head, stage="closure")
    item = photo(head, case, "现场照片")
    (entry,) = assemble(case).evidence
    assert isinstance(entry, EvidenceEntry) and isinstance(entry, EvidenceItem)
    assert (entry.seq, entry.pk, entry.kind, entry.kind_label, entry.sha256) == (1, item.pk, "photo", "照片", item.sha256)


def test_withdrawn_evidence_is_not_in_the_case_file(head):
    case = make_case(head, stage="closure")
    wrong = photo(head, case, "误传照片")
    photo(head, case, "现场照片")
    evidence.withdraw(head, wrong, reason="上传错了案件")
    assert [(e.seq, e.title) for e in assemble(case).evidence] == [(1, "现场照片")]


def test_r5_the_cover_names_agency_number_parties_dates_officers_and_retention(head):
    case = make_case(head, stage="closure")
    cases.add_party(head, case, {"kind": "legal", "name": "蚌埠市好运来食品有限公司", "uscc": make_uscc("340300", 77),
                                 "legal_representative": "刘洋"})
    case.refresh_from_db()
    cover = assemble(case).cover
    assert cover.agency == case.agency.name and cover.case_number == case.display_number
    assert cover.parties[0].startswith("蚌埠市好运来食品有限公司（")
    assert sorted(cover.officers) == ["张伟", "李娜"] and cover.retention == "定期30年"
    assert cover_fields(assemble(case))["retention"] == "定期30年"


def test_an_empty_case_file_is_empty_and_invents_nothing(head):
    case_file = assemble(make_case(head, stage="closure"))
    assert case_file.documents == [] and case_file.evidence == [] and case_file.av_index == []
    assert case_file.contents == [] and case_file.cover.pages == 0 and case_file.cover.volumes == 1
    data = case_file.as_dict()
    assert data["documents"] == [] and data["evidence"] == [] and data["av_index"] == []


def test_the_manifest_digest_depends_on_every_item(head):
    case = make_case(head, stage="closure")
    photo(head, case, "现场照片")
    before = assemble(case).manifest_sha256()
    assert assemble(case).manifest_sha256() == before  # same contents, same digest
    photo(head, case, "补充照片")
    assert assemble(case).manifest_sha256() != before
