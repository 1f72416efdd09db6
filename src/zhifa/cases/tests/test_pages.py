"""The workbench pages: every action a form, every refusal shown on the page, never a 500."""

import pytest
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.cases.models import Approval, Case
from zhifa.testing import make_case, make_user

pytestmark = pytest.mark.django_db


def test_an_officer_registers_a_lead_and_lands_on_the_case_page(client, crew):
    people, logins = crew
    client.force_login(logins[0])
    response = client.post(reverse("cases:lead_new"), {
        "source": "complaint", "received_on": timezone.localdate().isoformat(), "summary": "群众举报某超市销售过期牛奶",
        "title": "销售过期食品案",
    })
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.pk])
    page = client.get(response["Location"]).content.decode()
    assert "案源登记" in page and "核查并决定是否立案" in page and "登记案源" in page


def test_a_bad_lead_names_the_field_and_saves_nothing(client, crew):
    client.force_login(crew[1][0])
    response = client.post(reverse("cases:lead_new"), {"source": "rumour", "summary": ""})
    assert response.status_code == 200 and Case.objects.count() == 0
    errors = response.context["form"].errors
    assert "source" in errors and "summary" in errors


def test_the_case_page_says_what_a_transition_is_missing(client, users, crew):
    people, logins = crew
    case = make_case(users[Role.AGENCY_HEAD], officers=people)
    client.force_login(logins[0])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "尚未报请负责人审批“立案”" in page
    response = client.post(reverse("cases:transition", args=[case.pk]), {"to": "filing", "version": case.version}, follow=True)
    assert "不能进行“立案”：负责人批准：尚未报请负责人审批“立案”" in response.content.decode()


def test_a_stale_form_is_refused_with_a_message(client, users, crew):
    people, logins = crew
    case = make_case(users[Role.AGENCY_HEAD], officers=people)
    client.force_login(logins[0])
    response = client.post(reverse("cases:approval_request", args=[case.pk]),
                           {"to": "filing", "reason": "符合条件", "version": case.version - 1}, follow=True)
    assert "该案件已被他人修改，请刷新后重试" in response.content.decode()
    assert not Approval.objects.exists()


def test_approval_through_the_pages(client, users, crew):
    people, logins = crew
    head = users[Role.AGENCY_HEAD]
    case = make_case(head, officers=people)
    client.force_login(logins[0])
    client.post(reverse("cases:approval_request", args=[case.pk]), {"to": "filing", "reason": "符合立案条件", "version": case.version})
    approval = Approval.objects.get()
    client.force_login(head)
    assert "符合立案条件" in client.get(reverse("cases:list")).content.decode()
    client.post(reverse("cases:approval_decide", args=[approval.pk]), {"approve": "1", "comment": "同意立案"})
    client.force_login(logins[0])
    case.refresh_from_db()
    client.post(reverse("cases:transition", args=[case.pk]), {"to": "filing", "version": case.version})
    case.refresh_from_db()
    assert case.stage == "filing" and case.number


def test_another_agency_gets_404_and_supervisors_read_through_supervision(client, users, other_agency):
    case = make_case(users[Role.AGENCY_HEAD])
    client.force_login(make_user("other_officer", Role.OFFICER, other_agency))
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert client.post(reverse("cases:transition", args=[case.pk]), {"to": "filing"}).status_code == 404
    client.force_login(users[Role.SUPERVISOR])
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_an_archived_case_page_offers_no_actions_and_refuses_edits(client, users):
    head = users[Role.AGENCY_HEAD]
    case = make_case(head)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.ARCHIVED)
    client.force_login(head)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="stage-actions"' not in page
    assert client.get(reverse("cases:edit", args=[case.pk])).status_code == 403
    assert client.post(reverse("cases:edit", args=[case.pk]), {"title": "改"}).status_code == 403


def test_the_party_page_lists_all_of_its_cases(client, users):
    from zhifa.cases import services
    from zhifa.testing import make_uscc

    head = users[Role.AGENCY_HEAD]
    uscc = make_uscc()
    a, b = make_case(head, title="甲案"), make_case(head, title="乙案")
    party = services.add_party(head, a, {"kind": "legal", "name": "某公司", "uscc": uscc, "legal_representative": "甲"})
    services.add_party(head, b, {"kind": "legal", "name": "某公司", "uscc": uscc, "legal_representative": "甲"})
    client.force_login(head)
    page = client.get(reverse("cases:party", args=[party.pk])).content.decode()
    assert "甲案" in page and "乙案" in page


def test_my_cases_are_the_ones_i_handle_and_none_for_a_login_that_is_no_person(users, agency):
    from zhifa.cases import selectors
    from zhifa.testing import make_officers

    people = make_officers(agency, 2)
    handler = make_user("handler", Role.OFFICER, agency, person=people[0])
    case = make_case(users[Role.AGENCY_HEAD], officers=people)
    assert list(selectors.cases(handler, mine=True)) == [case]
    assert not selectors.cases(users[Role.AGENCY_HEAD], mine=True).exists()  # a head without a registry person
    assert list(selectors.cases(users[Role.AGENCY_HEAD])) == [case]
