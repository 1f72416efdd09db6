"""Desensitisation of decision texts before publication (P15; DESIGN.md "Disclosure defaults").

A detector finds *spans* — where personal data sits, what kind it is and what replaces it — so that
the clerk sees every one before publishing, and :func:`desensitise` applies them. The detectors:

* identity numbers by pattern **and** the GB 11643 check character (a number after an identity label
  is masked even when its check character is wrong: a typo does not make it public);
* mobile and fixed-line phone numbers, except the numbers the agency publishes itself;
* bank accounts after an account label, and 16–19 digit card numbers passing the Luhn check;
* vehicle plates; dates of birth; home addresses after an address label;
* health and property details after their cue words;
* names: every name the case data knows (``known_names``) wherever it appears, and names that follow
  a role word (证人、员工、投诉人…) or continue such a list with 、. Names to keep (the party, a legal
  representative, officers) are never masked by the role-word detector; known names always are.

Nothing here touches the database: the services pass in what the case knows.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from zhifa.core.validators import id_check_char

# Categories a jurisdiction may switch on or off (identity numbers are always masked).
ID_NUMBER = "id_number"
PHONE = "phone"
BANK_ACCOUNT = "bank_account"
PLATE = "plate"
BIRTH_DATE = "birth_date"
ADDRESS = "address"
HEALTH = "health"
PROPERTY = "property"
NAME = "name"
MANUAL = "manual"
CUSTOM = "custom"

LABELS = {
    ID_NUMBER: "身份证件号码", PHONE: "电话号码", BANK_ACCOUNT: "银行账号", PLATE: "车牌号码", BIRTH_DATE: "出生日期",
    ADDRESS: "住址", HEALTH: "健康信息", PROPERTY: "财产信息", NAME: "自然人姓名", MANUAL: "人工遮蔽", CUSTOM: "自定义规则",
}
SWITCHABLE = (PHONE, BANK_ACCOUNT, PLATE, BIRTH_DATE, ADDRESS, HEALTH, PROPERTY, NAME)
# Earlier wins where two detectors claim overlapping text (the union is masked either way).
PRIORITY = {ID_NUMBER: 0, BANK_ACCOUNT: 1, PHONE: 2, PLATE: 3, BIRTH_DATE: 4, ADDRESS: 5, HEALTH: 6, PROPERTY: 7,
            NAME: 8, CUSTOM: 9, MANUAL: 10}

# Surnames: the common single-character ones and the compound ones (复姓) that a name may start with.
COMPOUND_SURNAMES = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 轩辕 端木 独孤 南宫 西门 百里 呼延 "
    "闻人 澹台 公冶 太史 申屠 赫连 濮阳 钟离 万俟 单于 鲜于 第五"
).split()
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭"
    "陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐"
    "易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳"
    "管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵"
    "苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮"
    "粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈"
    "伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展"
    "阴昝智幸奉植衡富尧闭由"
)
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭"
    "陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Characters that end a name rather than continue it ("员工王小明在店内": the name is 王小明, not 王小明在).
NOT_IN_NAME = frozenset("在的于称说等和与及向对将已未也是为把被从到并均都曾系即又现证供因所且或则乃便就还经受均作")

# Role words a name follows in decisions ("证人王小明", "店员李秀英、顾客刘建国"). The role-word detector trusts
# only the common surnames, so a word that follows a role word (消费者权益, 员工宿舍) is not taken for a name.
ROLE_WORDS = (
    "证人|见证人|员工|职工|雇员|店员|营业员|收银员|服务员|厨师|司机|驾驶员|举报人|投诉人|控告人|被询问人|"
    "委托代理人|代理人|在场人员|在场人|陪同人员|目击者|监护人|承租人|出租人|受害人|被害人|经办人|业务员|销售员|"
    "消费者|顾客|患者|病人|家属|学生|租户|工人|保安"
)

_ID18 = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{4})(\d{2})(\d{2})(\d{3})([0-9Xx])(?![0-9A-Za-z])")
_ID_LABEL = re.compile(
    r"(?:身份证件?号码?|公民身份号码|居民身份证|证件号码?|身份证)\s*[：:]?\s*((?:[0-9Xx][\s-]?){14,21}[0-9Xx])"
)
_MOBILE = re.compile(r"(?<![0-9])(?:(?:\+|00)?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}[-－—\s]?)\d{7,8}(?:[-－转]\d{1,5})?(?![0-9])")
_ACCOUNT_LABEL = re.compile(
    r"(?:银行卡号|银行账号|银行帐号|开户账号|账号|帐号|账户|帐户|卡号)\s*[：:]?\s*((?:\d[\s-]?){7,29}\d)"
)
_CARD = re.compile(r"(?<![0-9])\d{16,19}(?![0-9])")
_PLATE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领][A-HJ-NP-Z][·•．.\s]?"
    r"(?=[A-HJ-NP-Z0-9]*\d)[A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳](?![A-Za-z0-9])"
)
_DATE = r"(?:\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?)"
_BIRTH_LABELED = re.compile(r"(?:出生日期|出生年月日?|出生时间|生日|出生于|生于)\s*[：:为是]?\s*(" + _DATE + ")")
_BIRTH_TRAILING = re.compile(r"(\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)\s*(?:出生|生(?=[，,。；;、）)\s]|$))")
_ADDRESS_LABEL = re.compile(
    r"(?:家庭住址|家庭地址|现住址|住址|现住|户籍地址|户籍所在地|户籍地|户籍|居住地址|居住地|家住|暂住地?)\s*[：:为在于]?\s*"
    r"([^，,。；;、）)\n：:]{2,60})"
)
_HEALTH = re.compile(r"(?:患有|确诊为?|诊断为|病史|病情|病历|身体残疾|残疾等级|怀孕)\s*[：:为]?\s*([^，,。；;）)\n]{1,40})")
_PROPERTY = re.compile(r"(?:名下|存款余额|存款|个人收入|月收入|年收入|房产证号|不动产权证号?|不动产权证书号)\s*[：:为有]?\s*([^，,。；;）)\n]{1,40})")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_ROLE = re.compile(r"(?:" + ROLE_WORDS + r")\s*[：:]?\s*")
_DIVISION = re.compile(r"^(.{1,8}?(?:省|自治区))?(.{1,10}?(?:市|自治州|州|盟|地区))?(.{1,10}?(?:区|县|旗|市))?")
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class Span:
    """One stretch of personal data: where, what kind, what it said and what the public sees instead."""

    start: int
    end: int
    category: str
    original: str
    replacement: str

    @property
    def label(self) -> str:
        return LABELS.get(self.category, self.category)


@dataclass(frozen=True)
class Rules:
    """What a jurisdiction masks: switchable categories, extra patterns and the phone numbers it publishes."""

    categories: frozenset = frozenset(SWITCHABLE)
    patterns: tuple = ()  # (label, compiled regex)
    public_phones: frozenset = frozenset()


DEFAULT_RULES = Rules()


# Replacements --------------------------------------------------------------------------------


def surname_of(name: str) -> str:
    for compound in COMPOUND_SURNAMES:
        if name.startswith(compound) and len(name) > len(compound):
            return compound
    return name[:1]


def mask_name(name: str) -> str:
    """张三 → 张某, 张小明 → 张某某, 欧阳娜娜 → 欧阳某某."""
    name = name.strip()
    surname = surname_of(name)
    return surname + "某" * max(1, min(len(name) - len(surname), 2))


def looks_like_name(text: str) -> bool:
    return bool(_CJK_NAME.fullmatch(text)) and (text[:1] in SURNAMES or surname_of(text) in COMPOUND_SURNAMES)


def mask_address(address: str) -> str:
    """Keep the administrative divisions (省、市、区/县), hide the rest: 蚌埠市蚌山区涂山路8号 → 蚌埠市蚌山区****."""
    match = _DIVISION.match(address)
    kept = match.group(0) if match else ""
    if len(kept) >= len(address):
        kept = ""
    return kept + "****"


def _keep_ends(value: str, head: int, tail: int) -> str:
    digits = [c for c in value if c.isalnum()]
    if len(digits) <= head + tail:
        return "*" * len(digits)
    return "".join(digits[:head]) + "*" * (len(digits) - head - tail) + "".join(digits[len(digits) - tail:])


def _replacement(category: str, original: str) -> str:
    if category == ID_NUMBER:
        return _keep_ends(original, 6, 4) if len(original) >= 15 else "*" * len(original)
    if category == PHONE:
        digits = "".join(_DIGITS.findall(original))
        return digits[:3] + "****" + digits[-4:] if len(digits) == 11 and digits[0] == "1" else "*" * len(digits)
    if category == BANK_ACCOUNT:
        return _keep_ends(original, 0, 4)
    if category == PLATE:
        return original[:2] + "*****"
    if category == BIRTH_DATE:
        return "****年**月**日"
    if category == ADDRESS:
        return mask_address(original)
    if category == NAME:
        return mask_name(original)
    if category == MANUAL and looks_like_name(original):
        return mask_name(original)
    return "***"


# Detectors --------------------------------------------------------------------------------------


def is_id_number(value: str, today: datetime.date | None = None) -> bool:
    """GB 11643: 17 digits whose 7th–14th are a real birth date, and the right check character."""
    value = value.upper()
    if len(value) != 18 or not value[:17].isdigit():
        return False
    try:
        birth = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if not 1850 <= birth.year or birth > (today or timezone.localdate()):
        return False
    return id_check_char(value[:17]) == value[17]


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        n = int(char)
        if index % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _group_spans(pattern, text, category, group=0):
    for match in pattern.finditer(text):
        start, end = match.span(group)
        value = text[start:end].rstrip()
        if value:
            yield start, start + len(value), category


def _id_numbers(text):
    for match in _ID18.finditer(text):
        if is_id_number(match.group(0)):
            yield match.start(), match.end(), ID_NUMBER
    yield from _group_spans(_ID_LABEL, text, ID_NUMBER, 1)


def _phones(text, rules):
    public = rules.public_phones
    for pattern in (_MOBILE, _LANDLINE):
        for match in pattern.finditer(text):
            if "".join(_DIGITS.findall(match.group(0))) in public:
                continue
            yield match.start(), match.end(), PHONE


def _bank_accounts(text):
    yield from _group_spans(_ACCOUNT_LABEL, text, BANK_ACCOUNT, 1)
    for match in _CARD.finditer(text):
        if luhn_ok(match.group(0)) and not is_id_number(match.group(0)[:18]):
            yield match.start(), match.end(), BANK_ACCOUNT


def _birth_dates(text):
    yield from _group_spans(_BIRTH_LABELED, text, BIRTH_DATE, 1)
    yield from _group_spans(_BIRTH_TRAILING, text, BIRTH_DATE, 1)


def _name_at(text, start) -> int:
    """End of a 2–3 character name starting at ``start`` (a compound surname allows one more), or -1."""
    surname = next((c for c in COMPOUND_SURNAMES if text.startswith(c, start)), None)
    if surname is None and text[start:start + 1] not in COMMON_SURNAMES:
        return -1
    first = start + (len(surname) if surname else 1)
    end = first
    while end < len(text) and end - first < 2 and "\u4e00" <= text[end] <= "\u9fff" and text[end] not in NOT_IN_NAME:
        if text[end] == "某":
            return -1  # already masked (张某某)
        end += 1
    return end if end > first else -1


def _role_names(text, keep):
    """Names after a role word, and the names that continue the list with 、 (证人王小明、李红梅)."""
    for match in _ROLE.finditer(text):
        position = match.end()
        while True:
            end = _name_at(text, position)
            if end < 0:
                break
            name = text[position:end]
            if name not in keep:
                yield position, end, NAME
            if end < len(text) and text[end] in "、和及":
                position = end + 1
                role = _ROLE.match(text, position)  # 店员李秀英、顾客刘建国: the next name may bring its own role
                position = role.end() if role else position
                continue
            break


def _literal(text, term, category):
    term = term.strip()
    if len(term) < 2:
        return
    start = text.find(term)
    while start >= 0:
        yield start, start + len(term), category
        start = text.find(term, start + len(term))


def _custom(text, rules):
    for _label, pattern in rules.patterns:
        for match in pattern.finditer(text):
            if match.end() > match.start():
                yield match.start(), match.end(), CUSTOM


def find_spans(text: str, known_names: Iterable[str] = (), *, rules: Rules = DEFAULT_RULES,
               keep: Iterable[str] = (), known_terms: Iterable[tuple[str, str]] = (),
               extra_terms: Iterable[str] = ()) -> list[Span]:
    """Every stretch of personal data in ``text``, in order, overlaps merged.

    ``known_names``: natural persons the case names who must not appear (always masked).
    ``keep``: names that stay public (the party, a legal representative, officers).
    ``known_terms``: ``(category, value)`` pairs the case knows (a party's home address, phone).
    ``extra_terms``: what the clerk added by hand.
    """
    text = text or ""
    keep = {k.strip() for k in keep if k and k.strip()}
    on = rules.categories
    found = list(_id_numbers(text))
    if PHONE in on:
        found += _phones(text, rules)
    if BANK_ACCOUNT in on:
        found += _bank_accounts(text)
    if PLATE in on:
        found += _group_spans(_PLATE, text, PLATE)
    if BIRTH_DATE in on:
        found += _birth_dates(text)
    if ADDRESS in on:
        found += _group_spans(_ADDRESS_LABEL, text, ADDRESS, 1)
    if HEALTH in on:
        found += _group_spans(_HEALTH, text, HEALTH, 1)
    if PROPERTY in on:
        found += _group_spans(_PROPERTY, text, PROPERTY, 1)
    if NAME in on:
        found += _role_names(text, keep)
    for name in sorted({n.strip() for n in known_names if n and n.strip()}, key=len, reverse=True):
        found += _literal(text, name, NAME)
    for category, value in known_terms:
        found += _literal(text, value, category)
    for term in extra_terms:
        found += _literal(text, term, MANUAL)
    found += _custom(text, rules)
    return _merge(text, found)


def _merge(text, found) -> list[Span]:
    spans = []
    for start, end, category in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]), PRIORITY.get(f[2], 99))):
        if spans and start < spans[-1][1]:
            last = spans[-1]
            if end > last[1]:
                spans[-1] = (last[0], end, last[2], True)
            continue
        spans.append((start, end, category, False))
    result = []
    for start, end, category, merged in spans:
        original = text[start:end]
        replacement = "*" * len(original) if merged else _replacement(category, original)
        result.append(Span(start, end, category, original, replacement))
    return result


def apply(text: str, spans: Iterable[Span]) -> str:
    out, position = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        out.append(text[position:span.start])
        out.append(span.replacement)
        position = span.end
    out.append(text[position:])
    return "".join(out)


def desensitise(text: str, known_names: Iterable[str] = (), **options) -> str:
    """``text`` with every personal datum replaced (see :func:`find_spans` for the options)."""
    return apply(text or "", find_spans(text, known_names, **options))


def name_suggestions(text: str, exclude: Iterable[str] = ()) -> list[str]:
    """Words jieba takes for personal names that nothing masked: shown to the clerk to decide (not masked)."""
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    exclude = {e for e in exclude if e}
    text = text or ""
    titles = [m.span() for m in re.finditer(r"《[^》]*》", text)]  # 《食品安全法》: 安全法 is no one's name
    found, pending, position = [], None, 0  # pending: (name so far, where it starts)
    for word, flag in jieba.posseg.cut(text):
        if flag.startswith("nr") and pending is not None and len(pending[0]) == 1:
            pending = (pending[0] + word, pending[1])  # 李 + 红梅
        elif flag.startswith("nr"):
            if pending is not None:
                found.append(pending)
            pending = (word, position)
        elif pending is not None:
            found.append(pending)
            pending = None
        position += len(word)
    if pending is not None:
        found.append(pending)
    result = []
    for name, start in found:
        if any(a <= start < b for a, b in titles) or name in exclude or name in result or "某" in name:
            continue
        if looks_like_name(name) and not _ROLE.fullmatch(name):
            result.append(name)
    return result
