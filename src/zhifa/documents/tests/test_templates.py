"""R1: every shipped template, in the one unified format, fills in from a realistic case."""

import pytest

from zhifa.documents import catalogue, convert, render
from zhifa.documents.catalogue import DATE_MARK, NUMBER_MARK
from zhifa.documents.models import DocumentTemplate

from .tools import pdf_fonts, pdf_text


def sample_fields(template):
    values = {}
    for spec in template.fields:
        if spec["kind"] == "rows":
            values[spec["name"]] = [[f"{spec['label']}{i}{c}" for c in range(len(spec["columns"]))][: len(spec["columns"])]
                                    for i in (1, 2)]
        else:
            values[spec["name"]] = f"{spec['label']}内容"
    return values


@pytest.mark.django_db
def test_r1_every_spec_of_the_catalogue_is_loaded_as_a_template_with_its_docx():
    assert set(DocumentTemplate.objects.values_list("code", flat=True)) == set(catalogue.BY_CODE)
    for template in DocumentTemplate.objects.all():
        assert render.is_docx((render.template_path(template.source)).read_bytes()), template.code


@pytest.mark.django_db
def test_r1_the_key_documents_of_every_shipped_procedure_have_a_template():
    titles = set(DocumentTemplate.objects.values_list("title", flat=True))
    assert {"立案审批表", "现场检查笔录", "询问笔录", "行政处罚事先告知书", "听证通知书", "行政处罚决定书", "送达回证",
            "结案审批表", "卷宗封面", "卷内目录", "当场行政处罚决定书", "查封（扣押）决定书", "查封（扣押）财物清单",
            "检查结果记录表", "准予行政许可决定书", "不予行政许可决定书", "不予立案审批表", "不予行政处罚决定书",
            "法制审核意见书"} <= titles


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(catalogue.BY_CODE))
def test_r1_each_template_renders_a_case_into_a_pdf_with_embedded_cjk_fonts(code, case, tmp_path):
    template = DocumentTemplate.objects.get(code=code)
    context = render.case_context(case)
    context["f"] = render.clean_fields(template, sample_fields(template))
    docx = render.render_docx(template, context)
    docx, marks = render.fill_marks(docx, number="蚌市监罚〔2026〕7号", date="2026年3月9日")
    assert DATE_MARK in marks
    assert (NUMBER_MARK in marks) == bool(template.number_kind)
    pdf = convert.docx_to_pdf(docx)
    text = pdf_text(pdf, tmp_path)
    assert case.agency.name in text and template.title in text
    assert ("蚌市监罚〔2026〕7号" in text) if template.number_kind else (case.display_number in text)
    assert "2026年3月9日" in text
    for spec in template.fields:
        if spec["kind"] != "rows":
            assert f"{spec['label']}内容" in text, spec["name"]
    if "parties" in template.case_data or template.code in {"penalty_decision", "summary_decision"}:
        assert "蚌埠市好运来食品有限公司" in text
    if "penalty" in template.case_data:
        assert "罚款人民币50,000.00元" in text and "没收违法所得人民币360.00元" in text
    fonts = pdf_fonts(pdf, tmp_path)
    assert fonts and all(embedded == "yes" for _, embedded in fonts), fonts
    assert any("CJK" in name for name, _ in fonts)


@pytest.mark.django_db
def test_r1_the_decision_states_what_pl_article_59_requires(case, tmp_path):
    from .conftest import DECISION_FIELDS

    template = DocumentTemplate.objects.get(code="penalty_decision")
    context = render.case_context(case)
    context["f"] = render.clean_fields(template, DECISION_FIELDS)
    text = pdf_text(convert.docx_to_pdf(render.render_docx(template, context)), tmp_path)
    for expected in ("蚌埠市好运来食品有限公司", "统一社会信用代码", "违法事实", "过期牛奶照片12张",
                     "《中华人民共和国食品安全法》第一百二十四条第一款", "十五日内缴纳罚款", "六十日内", "蚌埠市人民政府",
                     "六个月内", "蚌埠市蚌山区人民法院"):
        assert expected in text, expected


@pytest.mark.django_db
def test_r1_the_rights_notice_names_the_statement_defence_and_hearing_rights_and_the_five_days(case, tmp_path):
    template = DocumentTemplate.objects.get(code="penalty_notice")
    context = render.case_context(case)
    context["f"] = render.clean_fields(template, {"reasons": "一般情节"})
    text = pdf_text(convert.docx_to_pdf(render.render_docx(template, context)), tmp_path)
    for expected in ("陈述、申辩的权利", "要求听证的权利", "五个工作日内", "第四十四条", "第六十四条", "罚款人民币50,000.00元",
                     "第三十四条第（十）项"):
        assert expected in text, expected


def test_text_from_the_officer_is_escaped_not_interpreted():
    class T:
        source = "inquiry_record.docx"
    context = {"agency": {"name": "A"}, "case": {"number": "N"}, "party": {"description": ""}, "officers_text": "",
               "f": {"asked_at": "<b>&", "place": "{{ secret }}", "respondent": "x", "respondent_identity": "y",
                     "qa": "问：a\n答：b"}}
    docx = render.render_docx(T, context)
    import io
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    assert "&lt;b&gt;&amp;" in xml and "{{ secret }}" in xml and "<w:br/>" in xml


def test_a_missing_libreoffice_is_a_clear_error(settings):
    settings.DOCUMENTS_SOFFICE = "/nonexistent/soffice"
    with pytest.raises(convert.ConverterMissing, match="找不到 LibreOffice"):
        convert.docx_to_pdf(b"PK")
