"""R6: proofs over the API — the latest checkpoint for anyone, inclusion and consistency proofs for
users within their scope — each checkable with RFC 9162 and the public key alone."""

import base64

import pytest

from zhifa.accounts.roles import Role
from zhifa.conftest import client_for
from zhifa.ledger import keys, merkle, notes, services

pytestmark = pytest.mark.django_db


def unb64(text):
    return base64.b64decode(text)


def signed_root(note):
    return notes.open_checkpoint(note, keys.trusted_keys())


def test_r6_the_latest_checkpoint_is_public(client, journal):
    missing = client.get("/api/v1/ledger/checkpoint/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    assert missing.json()["detail"] == "尚未签发任何检查点"
    journal(3)
    services.issue_checkpoint()
    journal(2)
    services.issue_checkpoint()
    body = client.get("/api/v1/ledger/checkpoint/").json()
    assert body["tree_size"] == 5 and body["algorithm"] == "ed25519" and body["key_name"] == "zhifa.test/ledger"
    assert signed_root(body["note"]).root == unb64(body["root_hash"])


def test_r6_an_officer_gets_an_inclusion_proof_for_an_entry_of_the_own_agency(client, journal, users):
    entries = journal(7)
    services.issue_checkpoint()
    body = client_for(client, users[Role.OFFICER]).get("/api/v1/ledger/entries/4/proof/").json()
    assert body["sequence"] == 4 and body["leaf"] == entries[4].body and body["tree_size"] == 7
    checkpoint = signed_root(body["checkpoint"])
    leaf = merkle.leaf_hash(body["leaf"].encode())
    assert leaf == unb64(body["leaf_hash"])
    assert merkle.verify_inclusion(4, 7, leaf, [unb64(p) for p in body["proof"]], checkpoint.root)


def test_r6_a_proof_against_an_earlier_checkpoint_by_tree_size(client, journal, users):
    journal(3)
    services.issue_checkpoint()
    journal(3)
    services.issue_checkpoint()
    body = client_for(client, users[Role.OFFICER]).get("/api/v1/ledger/entries/1/proof/?tree_size=3").json()
    checkpoint = signed_root(body["checkpoint"])
    assert checkpoint.size == 3 and len(body["proof"]) == 2
    assert merkle.verify_inclusion(1, 3, unb64(body["leaf_hash"]), [unb64(p) for p in body["proof"]], checkpoint.root)


def test_r6_entries_outside_the_scope_are_not_found(client, journal, users, other_agency, far_agency):
    journal(1)
    journal(1, agency_=other_agency)
    journal(1, agency_=far_agency)
    services.issue_checkpoint()
    officer = client_for(client, users[Role.OFFICER])
    assert officer.get("/api/v1/ledger/entries/0/proof/").status_code == 200
    for sequence in (1, 2):
        response = officer.get(f"/api/v1/ledger/entries/{sequence}/proof/")
        assert response.status_code == 404 and "查看范围" in response.json()["detail"]


def test_r6_a_supervisor_gets_proofs_for_every_agency_of_the_region_only(client, journal, users, other_agency,
                                                                          far_agency):
    journal(1)
    journal(1, agency_=other_agency)
    journal(1, agency_=far_agency)
    services.issue_checkpoint()
    supervisor = client_for(client, users[Role.SUPERVISOR])
    assert supervisor.get("/api/v1/ledger/entries/0/proof/").status_code == 200
    assert supervisor.get("/api/v1/ledger/entries/1/proof/").status_code == 200
    assert supervisor.get("/api/v1/ledger/entries/2/proof/").status_code == 404  # Hefei is outside Bengbu


def test_r6_proofs_need_a_login(client, journal):
    journal(1)
    services.issue_checkpoint()
    response = client.get("/api/v1/ledger/entries/0/proof/")
    assert response.status_code in (401, 403) and response["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/ledger/consistency/?first=1").status_code in (401, 403)


def test_r6_an_entry_not_yet_covered_by_a_checkpoint_says_so(client, journal, users):
    journal(2)
    officer = client_for(client, users[Role.OFFICER])
    assert officer.get("/api/v1/ledger/entries/0/proof/").json()["detail"] == "尚未签发任何检查点"
    services.issue_checkpoint()
    journal(1)
    response = officer.get("/api/v1/ledger/entries/2/proof/")
    assert response.status_code == 404 and "尚未覆盖第 2 条" in response.json()["detail"]
    assert officer.get("/api/v1/ledger/entries/0/proof/?tree_size=5").json()["detail"] == "没有该树大小的签名检查点"


@pytest.mark.parametrize("query", ["tree_size=0", "tree_size=abc", "tree_size=-3"])
def test_r6_a_malformed_tree_size_is_a_clear_400(client, journal, users, query):
    journal(1)
    services.issue_checkpoint()
    response = client_for(client, users[Role.OFFICER]).get(f"/api/v1/ledger/entries/0/proof/?{query}")
    assert response.status_code == 400 and "tree_size" in response.json()["errors"]


def test_r6_a_consistency_proof_links_two_checkpoints(client, journal, users):
    journal(3)
    services.issue_checkpoint()
    journal(4)
    services.issue_checkpoint()
    journal(2)
    services.issue_checkpoint()
    api = client_for(client, users[Role.SUPERVISOR])
    for query, (old, new) in [("first=3&second=7", (3, 7)), ("first=3", (3, 9)), ("first=7&second=9", (7, 9)),
                              ("first=9&second=9", (9, 9))]:
        body = api.get(f"/api/v1/ledger/consistency/?{query}").json()
        first, second = signed_root(body["first"]["note"]), signed_root(body["second"]["note"])
        assert (first.size, second.size) == (old, new)
        assert merkle.verify_consistency(old, new, first.root, second.root, [unb64(p) for p in body["proof"]])


def test_r6_consistency_between_unknown_or_inverted_checkpoints_is_refused(client, journal, users):
    journal(3)
    services.issue_checkpoint()
    journal(1)
    services.issue_checkpoint()
    api = client_for(client, users[Role.OFFICER])
    assert api.get("/api/v1/ledger/consistency/?first=2").status_code == 404
    inverted = api.get("/api/v1/ledger/consistency/?first=4&second=3")
    assert inverted.status_code == 400 and "不能大于" in inverted.json()["detail"]
    missing = api.get("/api/v1/ledger/consistency/")
    assert missing.status_code == 400 and "first" in missing.json()["errors"]
