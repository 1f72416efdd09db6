"""Chinese numerals as laws write them: 第一千二百六十条, 第一百零五条, 第十条, 第（二）项.

Laws number articles, paragraphs and items with Chinese numerals (the Civil Code reaches
第一千二百六十条); penalty decisions also use Arabic digits. Both parse to ``int``.
"""

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS) + "0123456789０１２３４５６７８９"
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_numeral(text: str) -> int:
    """``"一千二百六十"`` → 1260; ``"十"`` → 10; ``"二十一"`` → 21; ``"一百零五"`` → 105; ``"34"`` → 34.

    Raises ``ValueError`` (Chinese message) for anything that is not a well-formed numeral below 10000.
    """
    text = (text or "").strip().translate(_FULLWIDTH)
    if not text:
        raise ValueError("数字为空")
    if text.isdigit():
        return int(text)
    total = 0
    digit = None
    last_unit = 10000
    seen_zero = False
    for char in text:
        if char in DIGITS:
            value = DIGITS[char]
            if digit is not None:
                # 一二 is not a numeral in legal text (only 一〇五-style digit strings, handled below).
                raise ValueError(f"“{text}”不是规范的中文数字")
            if value == 0:
                seen_zero = True
                continue
            digit = value
        elif char in UNITS:
            unit = UNITS[char]
            if unit >= last_unit:
                raise ValueError(f"“{text}”中数位顺序错误")
            if digit is None:
                if unit != 10 or total:
                    # “十” alone at the start means 10; “一百十” is not how laws write 110.
                    if not (unit == 10 and seen_zero):
                        raise ValueError(f"“{text}”中“{char}”前缺少数字")
                digit = 1
            total += digit * unit
            digit = None
            last_unit = unit
            seen_zero = False
        else:
            raise ValueError(f"“{text}”含有非数字字符“{char}”")
    if digit is not None:
        total += digit
    if total == 0 and not seen_zero:
        raise ValueError(f"“{text}”不是数字")
    return total


def to_numeral(number: int) -> str:
    """1260 → ``"一千二百六十"``; 10 → ``"十"``; 105 → ``"一百零五"``; 110 → ``"一百一十"``."""
    if not 0 < number < 10000:
        raise ValueError("只支持1至9999")
    names = "零一二三四五六七八九"
    parts = []
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    pending_zero = False
    for value, unit in units:
        digit = number // value % 10
        if digit == 0:
            if parts:
                pending_zero = True
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        if not (value == 10 and digit == 1 and not parts):
            parts.append(names[digit])
        parts.append(unit)
    return "".join(parts)
