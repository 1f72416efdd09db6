"""R6: anyone holding an export can verify offline — no database, no platform — that nothing in it was
altered, removed or reordered, against the public key shown on the portal."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from zhifa.ledger import keys, merkle, notes, offline, services
from zhifa.ledger.models import JournalEntry

pytestmark = pytest.mark.django_db
PYTHON = sys.executable
ZHIFA = str(Path(sys.executable).parent / "zhifa")


@pytest.fixture
def exported(journal, tmp_path):
    journal(5)
    services.issue_checkpoint()
    journal(4)
    services.issue_checkpoint()
    journal(1)  # one entry not yet under a checkpoint
    path = tmp_path / "journal.jsonl"
    out = io.StringIO()
    call_command("ledger", "export", str(path), stdout=out)
    assert "已导出 10 条日志、2 个检查点" in out.getvalue()
    return path


def vkey():
    return keys.load_signing_key().public_key.vkey()


def test_r6_an_export_is_a_header_the_checkpoints_and_each_entry_exactly_as_hashed(exported):
    lines = exported.read_bytes().split(b"\n")
    header = json.loads(lines[0])
    assert header["format"] == "zhifa-ledger-export/1" and header["entries"] == 10 and header["checkpoints"] == 2
    assert header["keys"] == [vkey()] and header["origin"] == "zhifa.test/ledger"
    assert [json.loads(x)["tree_size"] for x in lines[1:3]] == [5, 9]
    entries = list(JournalEntry.objects.order_by("sequence"))
    assert lines[3:13] == [e.body.encode() for e in entries]
    assert all(merkle.leaf_hash(line) == bytes(e.leaf_hash) for line, e in zip(lines[3:13], entries, strict=True))


def test_r6_the_offline_verifier_accepts_an_intact_export(exported):
    report = offline.verify_export(exported, [notes.parse_vkey(vkey())])
    assert report.ok, report.problems
    assert report.facts["日志条数"] == 10 and "第 9 至 9 条尚未被签名检查点覆盖" in report.notices


def test_r6_without_a_trusted_key_the_verifier_says_it_only_proves_self_consistency(exported):
    report = offline.verify_export(exported)
    assert report.ok and any("只能证明文件自洽" in n for n in report.notices)


def rewrite(path, index, new_line=None, delete=False):
    lines = path.read_bytes().split(b"\n")
    position = 3 + index
    if delete:
        del lines[position]
    else:
        lines[position] = new_line(lines[position])
    path.write_bytes(b"\n".join(lines))


def test_r6_an_edited_entry_in_the_export_is_located_between_checkpoints(exported):
    rewrite(exported, 6, lambda line: line.replace("张伟1".encode(), "李四1".encode()))
    report = offline.verify_export(exported, [notes.parse_vkey(vkey())])
    assert not report.ok
    assert report.first("root_mismatch").message.count("第 5 至 8 条之间") == 1


def test_r6_a_removed_entry_in_the_export_is_named(exported):
    rewrite(exported, 2, delete=True)
    report = offline.verify_export(exported, [notes.parse_vkey(vkey())])
    assert not report.ok and "第 2 行日志的序号是 3" in report.first("sequence").message


def test_r6_swapped_entries_in_the_export_are_named(exported):
    lines = exported.read_bytes().split(b"\n")
    lines[3 + 1], lines[3 + 3] = lines[3 + 3], lines[3 + 1]
    exported.write_bytes(b"\n".join(lines))
    report = offline.verify_export(exported, [notes.parse_vkey(vkey())])
    assert not report.ok and "第 1 行日志的序号是 3" in report.first("sequence").message


def test_r6_a_non_canonical_rewrite_is_named(exported):
    rewrite(exported, 4, lambda line: line.replace(b'"kind":', b'"kind" :'))
    report = offline.verify_export(exported, [notes.parse_vkey(vkey())])
    assert not report.ok and "第 4 条日志不是规范化 JSON" in report.first("entry_format").message


def test_r6_a_key_the_auditor_does_not_trust_proves_nothing(exported):
    stranger = notes.PrivateKey.generate("zhifa.test/ledger").public_key
    report = offline.verify_export(exported, [stranger])
    assert not report.ok and report.first("no_checkpoint")


def test_r6_a_file_that_is_not_an_export_is_refused(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"format": "something else"}\n')
    with pytest.raises(offline.ExportError, match="格式"):
        offline.verify_export(path)
    with pytest.raises(CommandError, match="无法读取导出文件"):
        call_command("verify", "--export", str(path))
    path.write_text('{"checkpoints":0,"entries":0,"format":"zhifa-ledger-export/1","keys":["bad"],"origin":"x"}\n')
    with pytest.raises(CommandError, match="公钥格式"):
        call_command("verify", "--export", str(path))
    with pytest.raises(CommandError, match="无法读取导出文件"):
        call_command("verify", "--export", str(tmp_path / "missing.jsonl"))


def test_r6_the_verify_command_checks_an_export(exported):
    out = io.StringIO()
    call_command("verify", "--export", str(exported), "--key", vkey(), stdout=out)
    assert "校验通过" in out.getvalue()
    with pytest.raises(CommandError, match="公钥"):
        call_command("verify", "--export", str(exported), "--key", "not-a-key")


def test_r6_the_offline_verifier_imports_no_django():
    code = ("import sys, zhifa.ledger.offline as o; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))")
    result = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True,
                            env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"})
    assert result.stdout.strip() == "[]"


def test_r6_zhifa_verify_export_runs_with_no_database_and_exits_non_zero_on_tampering(exported, tmp_path):
    env = dict(os.environ, DATABASE_URL="postgres://nobody@127.0.0.1:9/no_such_database",
               ZHIFA_VAR_DIR=str(tmp_path / "var"), ZHIFA_KEY_DIR=str(tmp_path / "nokeys"))
    good = subprocess.run([ZHIFA, "verify", "--export", str(exported), "--key", vkey()],
                          capture_output=True, text=True, env=env)
    assert good.returncode == 0 and "校验通过" in good.stdout, good.stderr
    rewrite(exported, 1, delete=True)
    bad = subprocess.run([ZHIFA, "verify", "--export", str(exported), "--key", vkey()],
                         capture_output=True, text=True, env=env)
    assert bad.returncode == 1 and "第 1 行日志的序号是 2" in bad.stderr
    plain = subprocess.run([PYTHON, "-m", "zhifa.ledger.offline", str(exported), vkey()],
                           capture_output=True, text=True, env=env)
    assert plain.returncode == 1 and "校验失败" in plain.stdout
