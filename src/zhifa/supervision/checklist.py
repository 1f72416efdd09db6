"""The shipped case-file evaluation checklist (评查标准): seven parts, 100 points; a jurisdiction edits its own copy."""

DEFAULT_NAME = "行政处罚案卷评查标准（默认）"
DEFAULT_DESCRIPTION = "按执法主体、事实证据、法律适用、自由裁量、执法程序、执法文书、立卷归档七个方面评分，满分100分。"

DEFAULT_ITEMS = (
    ("subject_authority", "subject", "执法主体合法，在法定职权范围内实施", 5),
    ("subject_officers", "subject", "执法人员具有执法资格，不少于两人并出示执法证件", 5),
    ("facts_clear", "facts", "违法事实清楚，定性准确", 10),
    ("evidence_sufficient", "facts", "证据确实充分，证据之间能够相互印证", 10),
    ("evidence_lawful", "facts", "证据收集合法，文字和音像记录完整", 5),
    ("law_correct", "law", "适用法律、法规、规章正确，引用条款具体准确", 15),
    ("law_cited", "law", "决定书载明违反的条款和处罚依据", 5),
    ("discretion_benchmark", "discretion", "按裁量基准确定处罚种类和幅度，说明裁量理由", 10),
    ("procedure_steps", "procedure", "立案、调查、审批等环节符合法定程序和期限", 8),
    ("procedure_rights", "procedure", "依法告知陈述、申辩、听证等权利并听取意见", 6),
    ("procedure_review", "procedure", "重大执法决定经法制审核和集体讨论", 6),
    ("documents_complete", "documents", "执法文书齐全、规范，填写完整准确", 6),
    ("documents_delivery", "documents", "文书依法送达，送达回证完整", 4),
    ("archiving_timely", "archiving", "结案后30日内立卷归档，卷内材料排列规范", 5),
)


def load_default_checklist(checklist_model, item_model):
    """Create the default checklist once (a data migration and tests call it; it never changes an edited one)."""
    checklist, created = checklist_model.objects.get_or_create(name=DEFAULT_NAME,
                                                               defaults={"description": DEFAULT_DESCRIPTION})
    if created:
        item_model.objects.bulk_create([
            item_model(checklist=checklist, code=code, category=category, text=text, points=points, order=i)
            for i, (code, category, text, points) in enumerate(DEFAULT_ITEMS)])
    return checklist


def restore_after_migrate(sender, apps=None, **kwargs):
    """``post_migrate`` receiver: the default checklist survives a ``flush`` (as the test runner does)."""
    from django.apps import apps as global_apps

    apps = apps or global_apps
    try:
        checklist, item = apps.get_model("supervision", "Checklist"), apps.get_model("supervision", "ChecklistItem")
    except LookupError:
        return
    load_default_checklist(checklist, item)
