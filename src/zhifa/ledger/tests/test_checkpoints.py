"""R6: signed checkpoints (C2SP tlog-checkpoint, signed note) with a key kept outside the database."""

import base64
import datetime
import io
import stat

import pytest
from django.core.management import CommandError, call_command
from huey.contrib.djhuey import HUEY

from zhifa.ledger import keys, merkle, notes, services, tasks
from zhifa.ledger.models import Checkpoint, JournalEntry

pytestmark = pytest.mark.django_db


def test_r6_a_checkpoint_signs_the_current_tree_head(journal, ledger_dirs):
    journal(5)
    checkpoint = services.issue_checkpoint()
    bodies = [e.body.encode() for e in JournalEntry.objects.order_by("sequence")]
    root = merkle.root_hash(bodies)
    assert checkpoint.tree_size == 5 and bytes(checkpoint.root_hash) == root
    text, signature = checkpoint.note.split("\n\n")
    assert text == f"zhifa.test/ledger\n5\n{base64.b64encode(root).decode()}"
    assert signature.startswith("\u2014 zhifa.test/ledger ")
    vkey = (ledger_dirs / "keys" / "ledger" / f"{checkpoint.key_id}.vkey").read_text()
    assert notes.open_checkpoint(checkpoint.note, [notes.parse_vkey(vkey)]) == notes.Checkpoint(
        "zhifa.test/ledger", 5, root)


def test_r6_the_private_key_lives_in_key_dir_readable_by_the_owner_only(journal, ledger_dirs):
    journal(1)
    services.issue_checkpoint()
    path = ledger_dirs / "keys" / "ledger" / keys.SIGNING_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = keys.load_signing_key()
    assert key.private.hex() in path.read_text()
    assert not any(key.private.hex() in c.note for c in Checkpoint.objects.all())


def test_r6_no_checkpoint_when_the_tree_has_not_grown(journal):
    assert services.issue_checkpoint() is None  # empty journal
    journal(2)
    assert services.issue_checkpoint().tree_size == 2
    assert services.issue_checkpoint() is None
    journal(1)
    assert services.issue_checkpoint().tree_size == 3
    assert list(Checkpoint.objects.values_list("tree_size", flat=True)) == [2, 3]


def test_r6_sm2_can_sign_checkpoints_instead_of_ed25519(journal, settings):
    settings.LEDGER_SIGNATURE_ALGORITHM = "sm2"
    journal(3)
    checkpoint = services.issue_checkpoint()
    assert checkpoint.algorithm == "sm2"
    assert notes.open_checkpoint(checkpoint.note, keys.trusted_keys()).size == 3


def test_r6_an_unknown_signature_algorithm_is_refused(journal, settings):
    settings.LEDGER_SIGNATURE_ALGORITHM = "rsa"
    journal(1)
    with pytest.raises(notes.NoteError, match="不受支持"):
        services.issue_checkpoint()
    assert not Checkpoint.objects.exists()


def test_r6_a_rotated_key_signs_new_checkpoints_and_old_ones_still_verify(journal):
    journal(1)
    first = services.issue_checkpoint()
    keys.generate_signing_key("sm2", replace=True)
    journal(1)
    second = services.issue_checkpoint()
    trusted = keys.trusted_keys()
    assert first.key_id != second.key_id and len(trusted) == 2
    assert notes.open_checkpoint(first.note, trusted).size == 1
    assert notes.open_checkpoint(second.note, trusted).size == 2


def test_r6_the_periodic_task_issues_a_checkpoint_only_when_the_tree_grew(journal):
    def due(minute):
        return [t.name for t in HUEY.read_periodic(datetime.datetime(2026, 1, 1, 9, minute))]

    assert "checkpoint_when_grown" in due(5) and "checkpoint_when_grown" not in due(7)  # every five minutes
    journal(2)
    assert tasks.checkpoint_when_grown.call_local() == 2
    assert tasks.checkpoint_when_grown.call_local() is None


def test_r6_checkpoint_on_demand_from_the_command_line(journal):
    out = io.StringIO()
    call_command("ledger", "checkpoint", stdout=out)
    assert "没有增长" in out.getvalue()
    journal(2)
    out = io.StringIO()
    call_command("ledger", "checkpoint", stdout=out)
    assert out.getvalue().startswith("zhifa.test/ledger\n2\n")


def test_r6_keygen_creates_a_key_once_and_shows_it(ledger_dirs):
    out = io.StringIO()
    call_command("ledger", "keygen", "--algorithm", "sm2", stdout=out)
    vkey = out.getvalue().strip().splitlines()[-1]
    assert notes.parse_vkey(vkey).algorithm == "sm2"
    with pytest.raises(CommandError, match="已存在"):
        call_command("ledger", "keygen")
    out = io.StringIO()
    call_command("ledger", "key", stdout=out)
    assert out.getvalue().strip() == vkey


def test_r6_key_command_without_a_key_says_how_to_create_one():
    with pytest.raises(CommandError, match="keygen"):
        call_command("ledger", "key")


def test_r6_the_portal_shows_the_public_key_and_latest_checkpoint(client, journal):
    page = client.get("/gs/ledger/")
    assert page.status_code == 200 and "尚未生成签名密钥" in page.content.decode()
    assert client.get("/gs/ledger/checkpoint").status_code == 404
    journal(3)
    checkpoint = services.issue_checkpoint()
    page = client.get("/gs/ledger/").content.decode()
    assert keys.load_signing_key().public_key.vkey() in page
    assert "覆盖 3 条日志" in page and "Ed25519" in page
    text = client.get("/gs/ledger/checkpoint")
    assert text["Content-Type"].startswith("text/plain") and text.content.decode() == checkpoint.note
