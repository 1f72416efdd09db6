"""The demo jurisdiction as data: 蚌埠市 (340300, Anhui) — its justice bureau and three enforcement agencies.

Dates are relative to the day of loading, so that the figures always have something to show:
two certificates expire within 30 days, one has expired, one is suspended, one revoked; three
people have had no training this year; the township team entrusted by the urban management
bureau has officers but no legal reviewer, so it falls below the 5% reviewer ratio (L1).
"""

import datetime
from dataclasses import dataclass, field

from zhifa.accounts.roles import Role
from zhifa.core.validators import uscc_check_char
from zhifa.testing import make_uscc

PASSWORD = "zhifa-demo-2026"
REGION = "340300"
CERTIFICATE_ISSUER = "蚌埠市人民政府"
CERTIFICATE_YEARS = 5


def uscc(region_code: str, serial: int, registrant: str = "11") -> str:
    """A valid credit code: ``11`` for an organ of state, ``12`` for a public institution (事业单位)."""
    first17 = registrant + make_uscc(region_code, serial)[2:17]
    return first17 + uscc_check_char(first17)


@dataclass(frozen=True)
class Cert:
    region_code: str
    issued_days_ago: int = 900
    expires_in: int | None = None  # days from today; by default CERTIFICATE_YEARS after issue
    status: str = "active"


@dataclass(frozen=True)
class Staff:
    name: str
    gender: str
    born: int
    department: str | None
    post: str = "officer"
    title: str = ""
    cert: Cert | None = None
    qualification: tuple[str, datetime.date, datetime.date] | None = None  # number, obtained, reviewing since
    trained: bool = True
    active: bool = True


def officer(name, gender, born, department, region_code, title="执法队员", **cert):
    """An enforcement officer with a certificate; ``cert`` keywords shape the certificate (expiry, status)."""
    trained = cert.pop("trained", True)
    active = cert.pop("active", True)
    return Staff(name, gender, born, department, "officer", title, Cert(region_code, **cert), trained=trained, active=active)


@dataclass(frozen=True)
class Dept:
    name: str
    functions: str = ""
    phone: str = ""
    is_review_body: bool = False


@dataclass(frozen=True)
class Equipment:
    serial_number: str
    kind: str
    model_name: str
    holder: str | None
    status: str = "in_service"
    assigned_days_ago: int = 300


@dataclass(frozen=True)
class Session:
    title: str  # ``{year}`` is replaced by the current year
    organiser: str
    hours: str
    days_ago: int
    only: tuple[str, ...] = ()  # attendees by name; empty means everyone who is ``trained``


@dataclass(frozen=True)
class AgencySpec:
    key: str
    name: str
    short_name: str
    uscc: str
    level: str
    region_code: str
    domain: str
    functions: str
    address: str
    phone: str
    contact_person: str
    category: str = ""  # enforcement category printed on its officers' certificates
    cert_prefix: str = ""  # certificate numbers: prefix + six-digit serial
    kind: str = "statutory"
    is_supervisory: bool = False
    entrusting: str | None = None
    superior: str | None = None
    departments: tuple[Dept, ...] = ()
    staff: tuple[Staff, ...] = ()
    devices: tuple[Equipment, ...] = ()
    trainings: tuple[Session, ...] = field(default_factory=tuple)


REVIEW_BODY = "负责本机关重大执法决定法制审核、规范性文件合法性审核、行政复议应诉和执法案卷评查。"
PUBLIC_LAW_TRAINING = Session("{year}年度行政执法人员公共法律知识培训", "蚌埠市司法局", "16.0", 200)

AGENCIES = (
    AgencySpec(
        key="justice", name="蚌埠市司法局", short_name="蚌司", uscc=uscc(REGION, 27010), level="city",
        region_code=REGION, domain="司法行政", is_supervisory=True,
        functions="负责全市行政执法协调监督工作，承担行政执法人员资格管理和执法证件核发、行政执法案卷评查、"
                  "行政执法监督检查和统计年报，指导行政执法三项制度的落实。",
        address="蚌埠市蚌山区东海大道 1688 号", phone="0552-2021100", contact_person="周文",
        departments=(
            Dept("办公室", "文电、会务、政务公开。", "0552-2021101"),
            Dept("行政执法协调监督科", "行政执法监督、执法证件管理、案卷评查。", "0552-2021118"),
            Dept("法制科", REVIEW_BODY, "0552-2021126", is_review_body=True),
        ),
        staff=(
            Staff("周文", "M", 1980, "行政执法协调监督科", "leader", "行政执法协调监督科科长"),
            Staff("陆晓芸", "F", 1991, "行政执法协调监督科", "other", "执法监督员"),
        ),
    ),
    AgencySpec(
        key="market", name="蚌埠市市场监督管理局", short_name="蚌市监", uscc=uscc(REGION, 27021), level="city",
        region_code=REGION, domain="市场监管", category="市场监管综合执法", cert_prefix="34030021",
        functions="负责市场综合监督管理，统一登记市场主体，组织市场监管综合执法，承担反不正当竞争、价格监督检查、"
                  "产品质量、食品安全、特种设备安全、计量标准和知识产权等领域的行政处罚与行政强制。",
        address="蚌埠市蚌山区胜利中路 218 号", phone="0552-2052100", contact_person="杨丽",
        departments=(
            Dept("办公室", "文电、财务、政务公开与执法信息公示。", "0552-2052101"),
            Dept("法制科", REVIEW_BODY, "0552-2052132", is_review_body=True),
            Dept("执法稽查支队", "查办全市重大、复杂、跨区域市场监管违法案件。", "0552-2052150"),
            Dept("龙子湖分局", "龙子湖区辖区市场监管执法。", "0552-3015100"),
            Dept("蚌山分局", "蚌山区辖区市场监管执法。", "0552-2052300"),
            Dept("禹会分局", "禹会区辖区市场监管执法。", "0552-4021200"),
            Dept("淮上分局", "淮上区辖区市场监管执法。", "0552-3721100"),
        ),
        staff=(
            Staff("张明", "M", 1970, None, "leader", "局长"),
            Staff("王建国", "M", 1975, "执法稽查支队", "leader", "支队长", Cert(REGION, 1700)),
            Staff("刘芳", "F", 1988, "法制科", "reviewer", "法制审核员",
                  qualification=("A20163403021057", datetime.date(2017, 2, 20), datetime.date(2019, 3, 1))),
            Staff("杨丽", "F", 1992, "办公室", "other", "政务公开专员"),
            officer("陈志强", "M", 1985, "执法稽查支队", REGION, "执法稽查支队副支队长", issued_days_ago=1300),
            officer("李娜", "F", 1990, "执法稽查支队", REGION, issued_days_ago=1100),
            officer("赵磊", "M", 1987, "执法稽查支队", REGION, issued_days_ago=1800, expires_in=12),
            officer("孙婷", "F", 1993, "执法稽查支队", REGION, issued_days_ago=400, trained=False),
            officer("周海涛", "M", 1982, "龙子湖分局", "340302", "分局局长", issued_days_ago=1500),
            officer("吴静", "F", 1989, "龙子湖分局", "340302", issued_days_ago=950),
            officer("徐斌", "M", 1979, "蚌山分局", "340303", issued_days_ago=1200, status="suspended"),
            officer("朱晓燕", "F", 1991, "蚌山分局", "340303", issued_days_ago=700),
            officer("马超", "M", 1986, "禹会分局", "340304", issued_days_ago=880),
            officer("胡雪梅", "F", 1984, "禹会分局", "340304", issued_days_ago=1000),
            officer("郭鹏", "M", 1990, "淮上分局", "340311", issued_days_ago=640),
            officer("何娟", "F", 1995, "淮上分局", "340311", issued_days_ago=300),
        ),
        devices=(
            Equipment("BB-SJ-ZFJLY-001", "body_camera", "DSJ-V8 执法记录仪", "陈志强"),
            Equipment("BB-SJ-ZFJLY-002", "body_camera", "DSJ-V8 执法记录仪", "李娜"),
            Equipment("BB-SJ-ZFJLY-003", "body_camera", "DSJ-V8 执法记录仪", "周海涛", assigned_days_ago=500),
            Equipment("BB-SJ-ZFJLY-004", "body_camera", "DSJ-V8 执法记录仪", "马超", assigned_days_ago=420),
            Equipment("BB-SJ-ZFJLY-005", "body_camera", "DSJ-V8 执法记录仪", None, status="repair"),
            Equipment("BB-SJ-YDZF-001", "handheld", "移动执法终端 ZF-T5", "王建国", assigned_days_ago=180),
        ),
        trainings=(
            PUBLIC_LAW_TRAINING,
            Session("{year}年市场监管综合执法业务能力提升培训", "蚌埠市市场监督管理局", "24.0", 90,
                    only=("王建国", "刘芳", "陈志强", "李娜", "赵磊", "周海涛", "吴静", "马超")),
        ),
    ),
    AgencySpec(
        key="ecology", name="蚌埠市生态环境局", short_name="蚌环", uscc=uscc(REGION, 27032), level="city",
        region_code=REGION, domain="生态环境", category="生态环境保护综合执法", cert_prefix="34030032",
        functions="负责全市生态环境监督管理，统一负责生态环境监督执法，依法查处大气、水、土壤、固体废物、"
                  "噪声和辐射污染等环境违法行为，实施按日连续处罚、查封扣押等行政强制。",
        address="蚌埠市龙子湖区东海大道 4399 号", phone="0552-3108200", contact_person="罗敏",
        departments=(
            Dept("办公室", "文电、政务公开与执法信息公示。", "0552-3108201"),
            Dept("法制科", REVIEW_BODY, "0552-3108236", is_review_body=True),
            Dept("生态环境保护综合行政执法支队", "全市生态环境执法检查与案件查办。", "0552-3108260"),
            Dept("龙子湖分局", "龙子湖区辖区生态环境执法。", "0552-3016300"),
            Dept("怀远分局", "怀远县辖区生态环境执法。", "0552-8022300"),
        ),
        staff=(
            Staff("林国栋", "M", 1968, None, "leader", "局长"),
            Staff("罗敏", "F", 1987, "法制科", "reviewer", "法制科科长",
                  qualification=("A20183403041162", datetime.date(2019, 3, 4), datetime.date(2021, 9, 1))),
            officer("梁宇", "M", 1983, "生态环境保护综合行政执法支队", REGION, "执法支队支队长", issued_days_ago=1400),
            officer("宋佳", "F", 1992, "生态环境保护综合行政执法支队", REGION, issued_days_ago=1790, expires_in=25),
            officer("郑伟", "M", 1980, "生态环境保护综合行政执法支队", REGION, issued_days_ago=1845, expires_in=-20),
            officer("谢丹", "F", 1990, "生态环境保护综合行政执法支队", REGION, issued_days_ago=800),
            officer("韩冬", "M", 1986, "龙子湖分局", "340302", issued_days_ago=760),
            officer("唐亮", "M", 1988, "龙子湖分局", "340302", issued_days_ago=610),
            officer("冯秀兰", "F", 1985, "怀远分局", "340321", issued_days_ago=990),
            officer("于洋", "M", 1994, "怀远分局", "340321", issued_days_ago=260),
        ),
        devices=(
            Equipment("BB-HB-ZFJLY-001", "body_camera", "DSJ-H9 执法记录仪", "梁宇"),
            Equipment("BB-HB-ZFJLY-002", "body_camera", "DSJ-H9 执法记录仪", "韩冬"),
            Equipment("BB-HB-ZFJLY-003", "body_camera", "DSJ-H9 执法记录仪", "冯秀兰", assigned_days_ago=150),
            Equipment("BB-HB-WRJ-001", "other", "多旋翼无人机（执法取证）", "谢丹", assigned_days_ago=90),
        ),
        trainings=(
            PUBLIC_LAW_TRAINING,
            Session("{year}年生态环境执法大练兵专题培训", "蚌埠市生态环境局", "12.0", 60,
                    only=("罗敏", "梁宇", "宋佳", "谢丹", "韩冬", "于洋")),
        ),
    ),
    AgencySpec(
        key="urban", name="蚌埠市城市管理行政执法局", short_name="蚌城管", uscc=uscc(REGION, 27043), level="city",
        region_code=REGION, domain="城市管理", category="城市管理综合执法", cert_prefix="34030043",
        functions="集中行使市容环境卫生、园林绿化、市政公用、城市规划（违法建设查处）、城市道路停车等方面"
                  "法律法规规章规定的行政处罚权及相关行政强制措施，指导县区和乡镇（街道）城市管理执法工作。",
        address="蚌埠市禹会区涂山路 966 号", phone="0552-4088300", contact_person="彭丽娟",
        departments=(
            Dept("办公室", "文电、政务公开与执法信息公示。", "0552-4088301"),
            Dept("法制科", REVIEW_BODY, "0552-4088326", is_review_body=True),
            Dept("市容秩序执法大队", "市容市貌、占道经营、户外广告执法。", "0552-4088350"),
            Dept("违法建设查处大队", "违法建设、渣土运输与建筑工地执法。", "0552-4088370"),
        ),
        staff=(
            Staff("曹振华", "M", 1971, None, "leader", "局长"),
            Staff("彭丽娟", "F", 1989, "法制科", "reviewer", "法制审核员",
                  qualification=("A20203403031318", datetime.date(2021, 2, 26), datetime.date(2021, 8, 2))),
            officer("董建", "M", 1984, "市容秩序执法大队", REGION, "大队长", issued_days_ago=1250),
            officer("袁梦", "F", 1993, "市容秩序执法大队", REGION, issued_days_ago=520),
            officer("蒋涛", "M", 1981, "市容秩序执法大队", "340303", issued_days_ago=1600),
            officer("沈立新", "M", 1977, "违法建设查处大队", REGION, "原执法队员（已调离）", issued_days_ago=1500,
                    status="revoked", active=False, trained=False),
            officer("余洁", "F", 1990, "违法建设查处大队", "340304", issued_days_ago=870),
            officer("程刚", "M", 1985, "违法建设查处大队", "340302", issued_days_ago=730, trained=False),
            officer("蔡明", "M", 1987, "违法建设查处大队", "340311", issued_days_ago=450),
        ),
        devices=(
            Equipment("BB-CG-ZFJLY-001", "body_camera", "DSJ-V8 执法记录仪", "董建"),
            Equipment("BB-CG-ZFJLY-002", "body_camera", "DSJ-V8 执法记录仪", "余洁", assigned_days_ago=210),
            Equipment("BB-CG-ZFJLY-003", "body_camera", "DSJ-V6 执法记录仪", None, status="retired"),
            Equipment("BB-CG-XJ-001", "camera", "数码相机 EOS 90D（取证）", "蒋涛", assigned_days_ago=700),
        ),
        trainings=(
            PUBLIC_LAW_TRAINING,
            Session("{year}年城市管理执法规范化建设培训", "蚌埠市城市管理行政执法局", "8.0", 45,
                    only=("彭丽娟", "董建", "袁梦", "余洁")),
        ),
    ),
    AgencySpec(
        key="township", name="蚌埠市淮上区小蚌埠镇综合行政执法队", short_name="小蚌埠执法队",
        uscc=uscc("340311", 27054, registrant="12"), level="township", region_code="340311", domain="城市管理",
        kind="entrusted", entrusting="urban", superior="urban",
        category="城市管理综合执法", cert_prefix="34031154",
        functions="受蚌埠市城市管理行政执法局委托，在小蚌埠镇辖区内以委托机关名义实施市容环境卫生、"
                  "违法建设查处等城市管理行政处罚，重大执法决定由委托机关法制审核。",
        address="蚌埠市淮上区小蚌埠镇政务中心 2 楼", phone="0552-3760110", contact_person="吕志刚",
        departments=(
            Dept("综合执法一中队", "镇区市容秩序与环境卫生。"),
            Dept("综合执法二中队", "农村违法建设与渣土管理。"),
        ),
        staff=(
            Staff("吕志刚", "M", 1976, None, "leader", "队长"),
            officer("苏军", "M", 1988, "综合执法一中队", "340311", issued_days_ago=680),
            officer("魏晓丽", "F", 1991, "综合执法一中队", "340311", issued_days_ago=560),
            officer("丁浩", "M", 1990, "综合执法二中队", "340311", issued_days_ago=340, trained=False),
            officer("任杰", "M", 1986, "综合执法二中队", "340311", issued_days_ago=910),
        ),
        devices=(
            Equipment("BB-XBB-ZFJLY-001", "body_camera", "DSJ-V6 执法记录仪", "苏军"),
            Equipment("BB-XBB-ZFJLY-002", "body_camera", "DSJ-V6 执法记录仪", "任杰", assigned_days_ago=120),
        ),
        trainings=(
            Session("{year}年乡镇综合行政执法业务培训", "蚌埠市城市管理行政执法局", "12.0", 150),
        ),
    ),
)


@dataclass(frozen=True)
class AdviserSpec:
    name: str
    kind: str
    organisation: str
    licence_number: str
    region_code: str
    specialties: str
    phone: str = ""
    is_available: bool = True


ADVISERS = (
    AdviserSpec("孙立明", "legal_adviser", "安徽珠城律师事务所", "13403201010562217", REGION,
                "行政处罚、行政复议与行政诉讼", "0552-2936610"),
    AdviserSpec("韩雪", "legal_adviser", "安徽龙湖律师事务所", "13403201511873402", REGION,
                "市场监管、食品药品、知识产权", "0552-3126675"),
    AdviserSpec("郑国庆", "public_lawyer", "蚌埠市司法局", "23403201610091125", REGION,
                "行政执法监督、规范性文件审查", "0552-2021126"),
    AdviserSpec("何婉清", "public_lawyer", "蚌埠市市场监督管理局", "23403201910104430", REGION,
                "市场监管执法、重大执法决定法制审核", "0552-2052132"),
    AdviserSpec("潘建军", "legal_adviser", "安徽淮上律师事务所", "13403200812205519", "340311",
                "城乡规划、违法建设、征收拆迁", "0552-3725588", is_available=False),
)


@dataclass(frozen=True)
class LoginSpec:
    username: str
    role: str
    agency: str | None  # an AgencySpec key
    person: str | None  # a Staff name in that agency
    region_code: str = ""


LOGINS = (
    LoginSpec("officer", Role.OFFICER, "market", "陈志强"),
    LoginSpec("dept_head", Role.DEPT_HEAD, "market", "王建国"),
    LoginSpec("reviewer", Role.REVIEWER, "market", "刘芳"),
    LoginSpec("agency_head", Role.AGENCY_HEAD, "market", "张明"),
    LoginSpec("publisher", Role.PUBLISHER, "market", "杨丽"),
    LoginSpec("supervisor", Role.SUPERVISOR, "justice", "周文", region_code=REGION),
    LoginSpec("admin", Role.ADMIN, None, None, region_code=REGION),
)

# Birthplaces for the ID numbers: Bengbu's districts and counties (GB/T 2260).
BIRTHPLACES = ("340302", "340303", "340304", "340311", "340321", "340322", "340323")
