"""I5: a supervisor issues a notice (通报) to agencies of the region; they sign for it; its rectification is tracked."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.ledger.models import JournalEntry
from zhifa.supervision import notices
from zhifa.supervision.models import Notice, Notification, Rectification
from zhifa.testing import make_user


def due(days=15):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_a_notice_reaches_its_agencies_and_demands_rectification_of_each(supervisor, agency, other_agency, users):
    make_user("eco_head", Role.AGENCY_HEAD, other_agency)
    notice = notices.issue_notice(supervisor, kind="criticism", title="关于执法证过期仍执法问题的通报",
                                  body="经查，……", agencies=[agency, other_agency], rectification_required=True,
                                  rectification_due_on=due(), requirement="立即停止并报送整改情况")
    assert notice.recipients.count() == 2
    assert Rectification.objects.filter(notice=notice).count() == 2
    assert set(Notification.objects.filter(key=f"notice:{notice.pk}").values_list("user__username", flat=True)) >= {
        "agency_head", "officer", "eco_head"}
    entry = JournalEntry.objects.get(kind="notice.issued")
    assert entry.subject_id == str(notice.pk) and "关于执法证过期仍执法问题的通报" in entry.payload


def test_bad_notices_are_refused_naming_the_fields(supervisor, far_agency, users):
    with pytest.raises(ValidationError) as error:
        notices.issue_notice(supervisor, kind="praise", title="", body="", agencies=[far_agency],
                             rectification_required=True, rectification_due_on=timezone.localdate())
    assert set(error.value.message_dict) == {"kind", "title", "body", "agencies", "rectification_due_on"}
    with pytest.raises(PermissionDenied):
        notices.issue_notice(users[Role.ADMIN], kind="situation", title="通报", body="正文", agencies=[])
    assert not Notice.objects.exists()


def test_heads_sign_for_a_notice_once_officers_read_it_others_do_not_see_it(client, supervisor, agency, far_agency,
                                                                              users):
    notice = notices.issue_notice(supervisor, kind="situation", title="预警情况通报", body="本季度预警情况如下。",
                                  agencies=[agency])
    client.force_login(users[Role.OFFICER])
    assert client.get(reverse("supervision:notice", args=[notice.pk])).status_code == 200
    assert client.post(reverse("supervision:notice_acknowledge", args=[notice.pk])).status_code == 403
    client.force_login(users[Role.AGENCY_HEAD])
    client.post(reverse("supervision:notice_acknowledge", args=[notice.pk]))
    recipient = notice.recipients.get()
    assert recipient.acknowledged_by == users[Role.AGENCY_HEAD]
    with pytest.raises(ValidationError, match="已签收"):
        notices.acknowledge(users[Role.AGENCY_HEAD], recipient)
    client.force_login(make_user("far_head", Role.AGENCY_HEAD, far_agency))
    assert client.get(reverse("supervision:notice", args=[notice.pk])).status_code == 404


def test_the_notice_pages_issue_and_answer(client, supervisor, agency, users):
    client.force_login(supervisor)
    response = client.post(reverse("supervision:notice_new"), {
        "kind": "supervision", "title": "督办：超期未归档案件", "body": "请于期限内完成归档。", "agencies": [agency.pk],
        "rectification_required": "on", "rectification_due_on": due().isoformat(), "requirement": "完成归档并报送"})
    notice = Notice.objects.get(title="督办：超期未归档案件")
    assert response.status_code == 302 and notice.number == ""  # the supervisor has no agency, so no series
    item = notice.rectifications.get()
    client.force_login(users[Role.DEPT_HEAD])
    client.post(reverse("supervision:rectification_report", args=[item.pk]), {"report": "", "version": item.version})
    assert Rectification.objects.get(pk=item.pk).status == Rectification.Status.OPEN
    client.post(reverse("supervision:rectification_report", args=[item.pk]),
                {"report": "已完成全部超期案件的归档", "version": item.version})
    assert Rectification.objects.get(pk=item.pk).status == Rectification.Status.REPORTED
    client.force_login(supervisor)
    client.post(reverse("supervision:rectification_verify", args=[item.pk]), {"accept": "1", "verdict": "",
                                                                              "version": item.version + 1})
    assert Rectification.objects.get(pk=item.pk).status == Rectification.Status.ACCEPTED
    page = client.get(reverse("supervision:rectification", args=[item.pk])).content.decode()
    assert "整改完成" in page and "已完成全部超期案件的归档" in page


def test_a_stale_rectification_report_is_refused(supervisor, agency, head):
    from zhifa.core.errors import ConflictError

    notice = notices.issue_notice(supervisor, kind="situation", title="通报", body="正文", agencies=[agency],
                                  rectification_required=True, rectification_due_on=due())
    item = notice.rectifications.get()
    notices.report(head, item, text="第一次报送", version=item.version)
    with pytest.raises(ConflictError):
        notices.report(head, item, text="第二次报送", version=item.version)


def test_a_bureau_supervisor_numbers_notices_from_the_bureau_s_series(agency, users):
    from zhifa.testing import make_agency

    bureau = make_agency(name="蚌埠市司法局", short_name="蚌司", domain="司法行政", is_supervisory=True)
    supervisor = make_user("bureau_supervisor", Role.SUPERVISOR, bureau, region_code="340300")
    first = notices.issue_notice(supervisor, kind="situation", title="第一期", body="正文", agencies=[agency])
    second = notices.issue_notice(supervisor, kind="situation", title="第二期", body="正文", agencies=[agency])
    assert first.number and second.number and first.number != second.number
    assert "蚌司" in first.number
