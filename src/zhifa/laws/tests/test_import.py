"""Importing laws as the national law database publishes them (I6)."""

import io

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from zhifa.accounts.roles import Role
from zhifa.laws.importer import ImportError_, parse_text
from zhifa.laws.library import PENALTY_LAW_FILE, load_shipped_library
from zhifa.laws.models import Article, Law
from zhifa.laws.services import SYSTEM, import_law, update_law
from zhifa.ledger.models import JournalEntry

PENALTY_LAW = PENALTY_LAW_FILE.read_text(encoding="utf-8")
META = {"level": Law.Level.LAW, "issuing_body": "全国人民代表大会常务委员会", "short_titles": ["行政处罚法"]}


def test_i6_the_whole_administrative_penalty_law_has_86_articles_in_8_chapters():
    parsed = parse_text(PENALTY_LAW)
    assert parsed.title == "中华人民共和国行政处罚法"
    assert len(parsed.articles) == 86
    assert [c.split("　")[0] for c in parsed.chapters] == [f"第{n}章" for n in "一二三四五六七八"]
    assert parsed.chapters[-1] == "第八章　附则"
    art58 = next(a for a in parsed.articles if a.number == 58)
    assert art58.section == "第三节　普通程序"
    assert len(art58.paragraphs) == 2 and len(art58.paragraphs[0]["items"]) == 4
    assert parsed.articles[-1].text == "本法自2021年7月15日起施行。"
    assert "1996年3月17日" in parsed.preamble


def test_inserted_articles_and_high_numbers_are_read():
    text = "中华人民共和国测试法\n第一千二百五十九条　甲。\n第一千二百五十九条之一　乙。\n第一千二百六十条　丙。"
    parsed = parse_text(text, partial=True)
    assert [(a.number, a.suffix) for a in parsed.articles] == [(1259, 0), (1259, 1), (1260, 0)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "文件内容为空"),
        ("第一条　没有标题。", "第1行应为法律法规标题"),
        ("某法\n这里没有条文", "未识别到任何条文"),
        ("某法\n第一条　甲。\n第三条　丙。", "条号不连续，应为第2条"),
        ("某法\n第二条　乙。", "条号不连续，应为第1条"),
        ("某法\n第一条　甲。\n第二条之一　乙。", "“之1”条文应紧随第2条"),
        ("某法\n第一条", "第1条没有内容"),
        ("某法\n第一条　甲。\n第一一条　乙。", "第3行“第一一条　乙。”：条号有误"),
    ],
)
def test_malformed_texts_are_refused_with_the_line(text, message):
    with pytest.raises(ImportError_) as info:
        parse_text(text)
    assert message in str(info.value)


@pytest.mark.django_db
def test_import_stores_the_law_with_its_structure_search_terms_and_a_journal_entry(users):
    version = import_law(users[Role.ADMIN], text=PENALTY_LAW, metadata=META)
    assert version.articles.count() == 86 and version.is_current
    assert version.law.names() == ["中华人民共和国行政处罚法", "行政处罚法"]
    art9 = version.articles.get(number=9)
    assert art9.label == "第九条" and art9.chapter.startswith("第二章")
    assert art9.paragraph(1)["items"][4] == "（五）行政拘留；"
    entry = JournalEntry.objects.get(kind="law.imported")
    assert "86" in entry.payload and entry.actor_id == users[Role.ADMIN].pk


@pytest.mark.django_db
def test_reimport_makes_a_new_current_version_and_records_the_change(users):
    import_law(SYSTEM, text=PENALTY_LAW, metadata=META)
    import datetime

    revised = PENALTY_LAW.replace("本法自2021年7月15日起施行。", "本法自2027年1月1日起施行。")
    version = import_law(SYSTEM, text=revised, metadata={**META, "effective_on": datetime.date(2027, 1, 1)})
    law = version.law
    assert law.versions.count() == 2 and law.current_version == version
    assert law.changed_on == datetime.date(2027, 1, 1)
    assert Article.objects.filter(version__law=law).count() == 172
    assert JournalEntry.objects.filter(kind="law.revised").exists()


@pytest.mark.django_db
def test_a_docx_upload_is_read_paragraph_by_paragraph(users):
    document = docx.Document()
    for line in PENALTY_LAW.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("行政处罚法.docx", buffer.getvalue())
    version = import_law(users[Role.ADMIN], upload=upload, metadata=META)
    assert version.articles.count() == 86 and version.source_name == "行政处罚法.docx"


@pytest.mark.django_db
def test_bad_uploads_change_nothing(users):
    for upload, message in [
        (SimpleUploadedFile("x.pdf", b"%PDF"), "只支持TXT或DOCX文件"),
        (SimpleUploadedFile("x.docx", b"not a zip"), "无法读取DOCX文件"),
        (SimpleUploadedFile("x.txt", "某法\n第二条　乙。".encode()), "条号不连续"),
    ]:
        with pytest.raises(ValidationError) as info:
            import_law(users[Role.ADMIN], upload=upload, metadata=META)
        assert message in info.value.message_dict["file"][0]
    assert not Law.objects.exists() and not JournalEntry.objects.exists()


@pytest.mark.django_db
def test_only_the_administrator_manages_the_library(users):
    for role in (Role.OFFICER, Role.AGENCY_HEAD, Role.SUPERVISOR, Role.REVIEWER):
        with pytest.raises(PermissionDenied):
            import_law(users[role], text=PENALTY_LAW, metadata=META)
    assert not Law.objects.exists()


@pytest.mark.django_db
def test_repeal_is_recorded(users):
    import datetime

    law = import_law(SYSTEM, text=PENALTY_LAW, metadata=META).law
    update_law(users[Role.ADMIN], law, {"status": Law.Status.REPEALED, "changed_on": datetime.date(2026, 1, 1)})
    assert Law.objects.get().status == Law.Status.REPEALED
    with pytest.raises(ValidationError) as info:
        update_law(users[Role.ADMIN], law, {"title": "改名"})
    assert "该字段不能修改" in str(info.value)
    with pytest.raises(ValidationError) as info:
        update_law(users[Role.ADMIN], law, {"short_titles": [""]})
    assert "简称必须是非空文字的列表" in str(info.value)


@pytest.mark.django_db
def test_shipped_library_loads_once(capsys):
    call_command("load_law_library")
    titles = set(Law.objects.values_list("title", flat=True))
    assert {"中华人民共和国行政处罚法", "中华人民共和国食品安全法", "城市市容和环境卫生管理条例"} <= titles
    assert Law.objects.get(title="中华人民共和国食品安全法").current_version.articles.get(number=34).paragraphs[0]["items"][1]
    assert load_shipped_library(SYSTEM) == []


@pytest.mark.django_db
def test_import_command_reports_counts_and_errors(tmp_path, capsys):
    path = tmp_path / "law.txt"
    path.write_text(PENALTY_LAW, encoding="gb18030")
    call_command("import_law", str(path), "--level", "law", "--effective", "2021-07-15", "--short-title", "行政处罚法")
    assert "86条，8章" in capsys.readouterr().out
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("import_law", str(tmp_path / "none.txt"), "--level", "law")
    with pytest.raises(CommandError, match="日期格式"):
        call_command("import_law", str(path), "--level", "law", "--effective", "2021/7/15")
