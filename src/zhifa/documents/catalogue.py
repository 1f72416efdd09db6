"""The shipped document formats (文书格式文本, R1): one definition per template, in one unified layout.

Each :class:`Spec` says where a document belongs (``procedure:stage`` keys of the national
procedures), which number series it takes (``number_kind``: the "罚" of 蚌市监罚〔2026〕12号; empty
for records and forms, which carry the case number instead), which fields the officer fills in,
which facts of the case must be known before it can be drafted, and its body as a short list of
blocks. ``build_templates.py`` turns the blocks into the DOCX files under ``data/``;
:func:`zhifa.documents.loader.load_shipped_templates` turns the rest into ``DocumentTemplate`` rows.

Placeholders are Jinja for docxtpl: ``case``, ``agency``, ``party``/``parties``, ``officers`` come
from the case (:mod:`.render`), ``f`` holds the officer's fields, ``number`` and ``date`` are the
issue-time marks replaced when the document is issued.
"""

from dataclasses import dataclass, field

# The marks a draft carries where the issue fills in the document number and the issue date.
NUMBER_MARK = "［签发时编号］"
DATE_MARK = "［签发日期］"

RECONSIDERATION = (
    "如不服本决定，可以在收到本决定书之日起六十日内依法向{{ f.reconsideration_body }}申请行政复议，"
    "或者在六个月内依法向{{ f.court }}提起行政诉讼。"
)
REMEDY_FIELDS = [
    {"name": "reconsideration_body", "label": "行政复议机关", "kind": "text", "required": True,
     "help": "如：蚌埠市人民政府"},
    {"name": "court", "label": "行政诉讼管辖法院", "kind": "text", "required": True, "help": "如：蚌埠市蚌山区人民法院"},
]
PARTY_BLOCK = ("para", "当事人：{{ party.description }}")
OFFICERS = ("para", "执法人员：{{ officers_text }}")


@dataclass(frozen=True)
class Spec:
    code: str
    title: str
    stages: list[str]
    blocks: list[tuple]
    fields: list[dict] = field(default_factory=list)
    number_kind: str = ""
    case_data: list[str] = field(default_factory=list)
    signature: str = "seal"  # "seal": agency and date; "record": signatures of those present


def text(name, label, required=True, help=""):
    return {"name": name, "label": label, "kind": "text", "required": required, "help": help}


def area(name, label, required=True, help=""):
    return {"name": name, "label": label, "kind": "textarea", "required": required, "help": help}


def rows(name, label, columns, required=True, help=""):
    return {"name": name, "label": label, "kind": "rows", "columns": columns, "required": required,
            "help": help or "每行一项，各栏之间用“|”分隔：" + "|".join(columns)}


SPECS = [
    # 行政处罚普通程序 ------------------------------------------------------------------------
    Spec(
        "filing_approval", "立案审批表", ["penalty_general:lead", "penalty_general:filing"],
        fields=[area("reasons", "立案理由及依据"), area("officer_opinion", "承办人意见"),
                area("head_opinion", "负责人审批意见", required=False)],
        case_data=["parties"],
        blocks=[("table", [
            ("案源编号", "{{ case.lead_number }}"), ("案由", "{{ case.title }}"),
            ("当事人", "{{ parties_text }}"), ("案源登记日期", "{{ case.received_on }}"),
            ("简要案情", "{{ case.summary }}"), ("立案理由及依据", "{{ f.reasons }}"),
            ("承办人员", "{{ officers_text }}"), ("承办人意见", "{{ f.officer_opinion }}"),
            ("负责人审批意见", "{{ f.head_opinion }}"),
        ])], signature="form",
    ),
    Spec(
        "no_filing_approval", "不予立案审批表", ["penalty_general:lead", "penalty_general:not_filed"],
        fields=[area("reasons", "不予立案理由及依据"), area("officer_opinion", "承办人意见"),
                area("head_opinion", "负责人审批意见", required=False)],
        blocks=[("table", [
            ("案源编号", "{{ case.lead_number }}"), ("案由", "{{ case.title }}"),
            ("涉及当事人", "{{ parties_text }}"), ("案源登记日期", "{{ case.received_on }}"),
            ("简要情况", "{{ case.summary }}"), ("不予立案理由及依据", "{{ f.reasons }}"),
            ("承办人员", "{{ officers_text }}"), ("承办人意见", "{{ f.officer_opinion }}"),
            ("负责人审批意见", "{{ f.head_opinion }}"),
        ])], signature="form",
    ),
    Spec(
        "inspection_record", "现场检查笔录",
        ["penalty_general:investigation", "penalty_simple:check", "inspection:on_site"],
        fields=[text("inspected_at", "检查时间", help="如：2026年3月5日9时至10时30分"),
                text("place", "检查地点"), text("present", "当事人在场人员", help="姓名、职务"),
                area("findings", "检查情况")],
        blocks=[
            ("para", "检查时间：{{ f.inspected_at }}"), ("para", "检查地点：{{ f.place }}"),
            PARTY_BLOCK, ("para", "在场人员：{{ f.present }}"), OFFICERS,
            ("para", "执法人员已向当事人出示执法证件，告知其依法享有陈述、申辩的权利和申请执法人员回避的权利，"
                     "当事人表示不申请回避。"),
            ("para", "检查情况：{{ f.findings }}"),
        ], signature="record",
    ),
    Spec(
        "inquiry_record", "询问笔录", ["penalty_general:investigation"],
        fields=[text("asked_at", "询问时间"), text("place", "询问地点"), text("respondent", "被询问人"),
                text("respondent_identity", "被询问人身份", help="与当事人的关系、职务，身份证件号码"),
                area("qa", "询问内容", help="一问一答，每行以“问：”或“答：”开头")],
        blocks=[
            ("para", "询问时间：{{ f.asked_at }}"), ("para", "询问地点：{{ f.place }}"),
            ("para", "被询问人：{{ f.respondent }}（{{ f.respondent_identity }}）"), OFFICERS,
            ("para", "执法人员已出示执法证件，告知被询问人应当如实回答询问、协助调查，作伪证的应当承担法律责任，"
                     "并告知其有申请执法人员回避的权利。"),
            ("para", "{{ f.qa }}"),
            ("para", "以上笔录已向被询问人宣读（或交其阅看），被询问人确认无误。"),
        ], signature="record",
    ),
    Spec(
        "legal_review_opinion", "法制审核意见书", ["penalty_general:legal_review"], number_kind="审",
        fields=[area("scope", "审核内容", help="主体资格、事实证据、法律适用、程序、裁量基准等"),
                area("opinion", "审核意见"),
                text("conclusion", "审核结论", help="同意、建议补充调查、建议修改后报审或不同意"),
                text("reviewers", "审核人员")],
        case_data=["parties", "facts"],
        blocks=[
            ("para", "{{ agency.name }}："),
            ("para", "承办机构报送的{{ case.title }}（案件编号：{{ case.number }}）拟作出的行政执法决定，"
                     "依据《重大执法决定法制审核办法》进行了法制审核。"),
            PARTY_BLOCK, ("para", "违法事实：{{ case.facts }}"),
            ("para", "审核内容：{{ f.scope }}"), ("para", "审核意见：{{ f.opinion }}"),
            ("para", "审核结论：{{ f.conclusion }}"), ("para", "审核人员：{{ f.reviewers }}"),
        ],
    ),
    Spec(
        "penalty_notice", "行政处罚事先告知书", ["penalty_general:notice", "penalty_simple:notify"], number_kind="告",
        fields=[area("reasons", "拟处罚的理由", help="裁量情节及适用的裁量基准"),
                text("contact", "联系人及电话", required=False)],
        case_data=["parties", "facts", "provisions_violated", "provisions_penalised", "penalty"],
        blocks=[
            ("para", "{{ party.name }}："),
            ("para", "经查，你（单位）{{ case.facts }}"),
            ("para", "以上事实违反了{{ case.provisions_violated }}的规定。"),
            ("para", "{{ f.reasons }}"),
            ("para", "依据{{ case.provisions_penalised }}的规定，本机关拟对你（单位）作出如下行政处罚：{{ case.penalty }}。"),
            ("para", "根据《中华人民共和国行政处罚法》第四十四条、第四十五条、第六十三条、第六十四条的规定，"
                     "你（单位）享有陈述、申辩的权利；对拟作出的较大数额罚款等行政处罚，有要求听证的权利。"
                     "如需陈述、申辩或者要求听证，请在收到本告知书之日起五个工作日内向本机关提出；"
                     "逾期未提出的，视为放弃上述权利。"),
            ("para", "联系人及电话：{{ f.contact }}　本机关地址：{{ agency.address }}"),
        ],
    ),
    Spec(
        "hearing_notice", "听证通知书", ["penalty_general:statement", "penalty_general:hearing"], number_kind="听",
        fields=[text("hearing_at", "听证时间"), text("hearing_place", "听证地点"), text("host", "听证主持人"),
                text("clerk", "书记员", required=False)],
        case_data=["parties"],
        blocks=[
            ("para", "{{ party.name }}："),
            ("para", "根据你（单位）的申请，本机关决定于{{ f.hearing_at }}在{{ f.hearing_place }}"
                     "就{{ case.title }}（案件编号：{{ case.number }}）举行听证。"),
            ("para", "听证主持人：{{ f.host }}　书记员：{{ f.clerk }}"),
            ("para", "你（单位）可以亲自参加听证，也可以委托一至二人代理；委托代理人参加的，应当提交授权委托书。"
                     "你（单位）认为主持人与本案有直接利害关系的，有权申请回避。无正当理由不参加听证或者未经许可"
                     "中途退出听证的，视为放弃听证权利（《中华人民共和国行政处罚法》第六十四条）。"),
        ],
    ),
    Spec(
        "penalty_decision", "行政处罚决定书", ["penalty_general:decision"], number_kind="罚",
        fields=[area("evidence", "证据", help="认定违法事实的证据，逐项列明"),
                area("reasons", "处罚理由", help="裁量情节、陈述申辩和听证意见的采纳情况"),
                text("payment", "缴款方式", help="如：持本决定书到中国工商银行蚌埠分行各网点缴纳"), *REMEDY_FIELDS],
        case_data=["parties", "facts", "provisions_violated", "provisions_penalised", "penalty"],
        blocks=[
            ("para", "当事人：{{ party.description }}"),
            ("para", "违法事实：{{ case.facts }}"),
            ("para", "上述事实有以下证据证明：{{ f.evidence }}"),
            ("para", "当事人的上述行为违反了{{ case.provisions_violated }}的规定。{{ f.reasons }}"),
            ("para", "依据{{ case.provisions_penalised }}的规定，本机关决定对当事人作出如下行政处罚：{{ case.penalty }}。"),
            ("para", "当事人应当自收到本决定书之日起十五日内缴纳罚款（{{ f.payment }}）。到期不缴纳罚款的，"
                     "本机关可以每日按罚款数额的百分之三加处罚款（《中华人民共和国行政处罚法》第六十七条、第七十二条）。"),
            ("para", RECONSIDERATION),
        ],
    ),
    Spec(
        "no_penalty_decision", "不予行政处罚决定书", ["penalty_general:decision"], number_kind="不罚",
        fields=[area("evidence", "证据"),
                area("reasons", "不予行政处罚的理由及依据", help="如：违法行为轻微并及时改正，没有造成危害后果"
                                                          "（《中华人民共和国行政处罚法》第三十三条第一款）"),
                *REMEDY_FIELDS],
        case_data=["parties", "facts"],
        blocks=[
            ("para", "当事人：{{ party.description }}"),
            ("para", "经查：{{ case.facts }}"),
            ("para", "上述事实有以下证据证明：{{ f.evidence }}"),
            ("para", "{{ f.reasons }}"),
            ("para", "本机关决定对当事人不予行政处罚。"),
            ("para", RECONSIDERATION),
        ],
    ),
    Spec(
        "delivery_receipt", "送达回证",
        ["penalty_general:decision", "penalty_general:delivery", "licence:decision", "licence:issued"],
        fields=[text("served_document", "送达文书名称及文号"), text("recipient", "受送达人"),
                text("method", "送达方式", help="直接送达、留置送达、邮寄送达、电子送达等"),
                text("served_at", "送达时间"), text("served_place", "送达地点"),
                text("note", "备注", required=False)],
        blocks=[("table", [
            ("案由", "{{ case.title }}"), ("送达文书名称及文号", "{{ f.served_document }}"),
            ("受送达人", "{{ f.recipient }}"), ("送达方式", "{{ f.method }}"), ("送达时间", "{{ f.served_at }}"),
            ("送达地点", "{{ f.served_place }}"), ("送达人", "{{ officers_text }}"),
            ("受送达人签名或盖章", ""), ("备注", "{{ f.note }}"),
        ])], signature="form",
    ),
    Spec(
        "closure_approval", "结案审批表", ["penalty_general:execution", "penalty_general:closure"],
        fields=[area("execution", "执行情况"), area("officer_opinion", "承办人意见"),
                area("head_opinion", "负责人审批意见", required=False)],
        case_data=["parties"],
        blocks=[("table", [
            ("案由", "{{ case.title }}"), ("当事人", "{{ parties_text }}"), ("立案日期", "{{ case.filed_on }}"),
            ("处罚决定", "{{ case.penalty }}"), ("执行情况", "{{ f.execution }}"), ("承办人员", "{{ officers_text }}"),
            ("承办人意见", "{{ f.officer_opinion }}"), ("负责人审批意见", "{{ f.head_opinion }}"),
        ])], signature="form",
    ),
    Spec(
        "file_cover", "卷宗封面", ["penalty_general:closure", "penalty_general:archive"],
        fields=[text("retention", "保管期限", help="永久、长期或短期"), text("volumes", "本卷册数", required=False),
                text("pages", "本卷页数", required=False), text("period", "起止日期", required=False)],
        blocks=[("table", [
            ("执法主体", "{{ agency.name }}"), ("案件编号", "{{ case.number }}"), ("案由", "{{ case.title }}"),
            ("当事人", "{{ parties_text }}"), ("处理结果", "{{ case.penalty }}"), ("立案日期", "{{ case.filed_on }}"),
            ("结案日期", "{{ case.closed_on }}"), ("起止日期", "{{ f.period }}"), ("本卷册数", "{{ f.volumes }}"),
            ("本卷页数", "{{ f.pages }}"), ("保管期限", "{{ f.retention }}"), ("承办人员", "{{ officers_text }}"),
        ])], signature="form",
    ),
    Spec(
        "file_index", "卷内目录", ["penalty_general:closure", "penalty_general:archive"],
        fields=[rows("entries", "卷内文件", ["序号", "文件名称", "文号", "日期", "页号"])],
        blocks=[("rows", "entries", ["序号", "文件名称", "文号", "日期", "页号"])], signature="form",
    ),
    # 行政处罚简易程序 ------------------------------------------------------------------------
    Spec(
        "summary_decision", "当场行政处罚决定书", ["penalty_simple:decision"], number_kind="当罚",
        fields=[text("occurred_at", "违法时间"), text("place", "违法地点"),
                text("payment", "履行方式", help="当场缴纳（二百元以下罚款等）或到指定银行缴纳"), *REMEDY_FIELDS],
        case_data=["parties", "facts", "provisions_violated", "provisions_penalised", "penalty"],
        blocks=[
            PARTY_BLOCK,
            ("para", "违法时间：{{ f.occurred_at }}　违法地点：{{ f.place }}"),
            ("para", "违法事实：{{ case.facts }}"),
            ("para", "以上行为违反了{{ case.provisions_violated }}的规定，依据{{ case.provisions_penalised }}"
                     "和《中华人民共和国行政处罚法》第五十一条的规定，当场作出如下行政处罚：{{ case.penalty }}。"),
            ("para", "履行方式：{{ f.payment }}。当事人应当自收到本决定书之日起十五日内缴纳罚款。"),
            OFFICERS,
            ("para", RECONSIDERATION),
        ],
    ),
    # 行政强制措施 -------------------------------------------------------------------------
    Spec(
        "onsite_record", "现场笔录", ["compulsion_seizure:on_site"],
        fields=[text("occurred_at", "实施时间"), text("place", "实施地点"),
                text("present", "当事人或见证人", help="当事人不到场的，邀请见证人到场（行政强制法第十八条）"),
                area("process", "实施情况")],
        blocks=[
            ("para", "实施时间：{{ f.occurred_at }}"), ("para", "实施地点：{{ f.place }}"), PARTY_BLOCK,
            ("para", "当事人或见证人：{{ f.present }}"), OFFICERS,
            ("para", "执法人员出示执法证件，通知当事人到场，当场告知当事人采取行政强制措施的理由、依据"
                     "以及当事人依法享有的权利、救济途径，听取了当事人的陈述和申辩。"),
            ("para", "实施情况：{{ f.process }}"),
        ], signature="record",
    ),
    Spec(
        "seizure_decision", "查封（扣押）决定书", ["compulsion_seizure:on_site"], number_kind="强",
        fields=[text("measure", "强制措施", help="查封或扣押"), area("reasons", "理由"),
                text("basis", "依据", help="法律、法规条款"), text("place_of_custody", "财物存放地点"),
                text("period", "期限", help="不得超过三十日"), *REMEDY_FIELDS],
        case_data=["parties"],
        blocks=[
            ("para", "{{ party.name }}："),
            ("para", "因{{ f.reasons }}，依据{{ f.basis }}的规定，本机关决定对你（单位）的有关场所、设施或者财物"
                     "（详见查封（扣押）财物清单）予以{{ f.measure }}。"),
            ("para", "{{ f.measure }}期限为{{ f.period }}，财物存放于{{ f.place_of_custody }}。"
                     "对物品需要进行检测、检验、检疫或者技术鉴定的，检测期间不计入期限（《中华人民共和国行政强制法》第二十五条）。"),
            ("para", "你（单位）享有陈述、申辩的权利。" + RECONSIDERATION),
        ],
    ),
    Spec(
        "seizure_list", "查封（扣押）财物清单", ["compulsion_seizure:on_site"],
        fields=[rows("entries", "财物", ["序号", "名称", "规格", "数量", "备注"])],
        case_data=["parties"],
        blocks=[PARTY_BLOCK, ("rows", "entries", ["序号", "名称", "规格", "数量", "备注"]),
                ("para", "以上财物经当事人（见证人）核对无误。")], signature="record",
    ),
    # 行政检查 ---------------------------------------------------------------------------
    Spec(
        "inspection_result", "检查结果记录表", ["inspection:result"],
        fields=[text("inspected_at", "检查时间"), area("matters", "检查事项"), area("result", "检查结果"),
                text("conclusion", "处理意见", help="未发现问题、责令整改或移交立案查处")],
        blocks=[("table", [
            ("检查对象", "{{ parties_text }}"), ("检查时间", "{{ f.inspected_at }}"), ("检查人员", "{{ officers_text }}"),
            ("检查事项", "{{ f.matters }}"), ("检查结果", "{{ f.result }}"), ("处理意见", "{{ f.conclusion }}"),
        ])], signature="form",
    ),
    # 行政许可 ---------------------------------------------------------------------------
    Spec(
        "licence_grant", "准予行政许可决定书", ["licence:decision"], number_kind="许",
        fields=[text("application", "申请事项"), text("applied_on", "申请日期"), area("content", "许可内容"),
                text("validity", "有效期限", required=False), text("basis", "依据")],
        case_data=["parties"],
        blocks=[
            ("para", "{{ party.name }}："),
            ("para", "你（单位）于{{ f.applied_on }}提出的{{ f.application }}申请，经审查，符合法定条件、标准。"
                     "依据{{ f.basis }}的规定，本机关决定准予行政许可。"),
            ("para", "许可内容：{{ f.content }}"), ("para", "有效期限：{{ f.validity }}"),
            ("para", "本机关将自作出决定之日起十个工作日内向你（单位）颁发、送达行政许可证件（《中华人民共和国行政许可法》第四十四条）。"),
        ],
    ),
    Spec(
        "licence_refusal", "不予行政许可决定书", ["licence:decision"], number_kind="不许",
        fields=[text("application", "申请事项"), text("applied_on", "申请日期"), area("reasons", "不予许可的理由"),
                text("basis", "依据"), *REMEDY_FIELDS],
        case_data=["parties"],
        blocks=[
            ("para", "{{ party.name }}："),
            ("para", "你（单位）于{{ f.applied_on }}提出的{{ f.application }}申请，经审查，{{ f.reasons }}"),
            ("para", "依据{{ f.basis }}的规定，本机关决定不予行政许可（《中华人民共和国行政许可法》第三十八条第二款）。"),
            ("para", RECONSIDERATION),
        ],
    ),
]

BY_CODE = {spec.code: spec for spec in SPECS}

# Facts of the case a template may need, with the name the officer sees (the field of the case to fill in).
CASE_DATA = {
    "parties": "当事人",
    "facts": "违法事实",
    "provisions_violated": "违反条款",
    "provisions_penalised": "处罚依据",
    "penalty": "拟处罚种类及金额",
}

# Documents of one stage that stand for one another: either decision satisfies the stage (guard documents_issued).
ALTERNATIVES = [
    {"行政处罚决定书", "不予行政处罚决定书"},
    {"准予行政许可决定书", "不予行政许可决定书"},
]
