"""Detectors of personal data and negative-list terms in a line of text (no I/O, no boxes).

Each detector yields spans (start, end, kind) over the line's characters; the scan maps the spans to boxes.
Identifiers are accepted only when their check character is right (居民身份证 GB 11643, 统一社会信用代码
GB 32100, bank cards Luhn), so a 18-digit serial number is not proposed as an ID number. See
docs/spec/redaction.md for the kinds and the grounds proposed for each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from app.domain.identifiers import is_valid_id_number, is_valid_org_code

# kind -> what the clerk reads (the 部分公开 reply names the kinds of the withheld parts too)
KIND_LABELS = {
    "id_number": "身份证号码",
    "mobile": "手机号码",
    "landline": "固定电话号码",
    "bank_card": "银行卡号",
    "credit_code": "统一社会信用代码",
    "email": "电子邮箱",
    "address": "住址",
    "name": "姓名",
    "term": "负面清单事项内容",
    "manual": "手工标注内容",
}


@dataclass(frozen=True)
class Span:
    start: int
    end: int  # exclusive
    kind: str
    term: str | None = None  # the negative-list term matched (kind "term")


_NOT_DIGIT_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_DIGIT_AFTER = r"(?![0-9A-Za-z])"
_ID = re.compile(_NOT_DIGIT_BEFORE + r"[1-9]\d{16}[\dXx]" + _NOT_DIGIT_AFTER)
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
_LANDLINE = re.compile(r"(?<![\d-])(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}-)\d{7,8}(?:-\d{1,4})?(?!\d)")
_BANK = re.compile(r"(?<!\d)(?:\d[ ]?){15,18}\d(?!\d)")
_CREDIT = re.compile(_NOT_DIGIT_BEFORE + r"[0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10}" + _NOT_DIGIT_AFTER)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_HAN = r"\u4e00-\u9fff"
# A house address: administrative places, then a road, village or estate, then a number (号, 室, 栋 …).
_ADDRESS = re.compile(
    rf"(?:[{_HAN}]{{1,8}}?(?:省|自治区|市|州|盟|县|区|旗|镇|乡|街道|社区|村|组))*"
    rf"[{_HAN}0-9]{{1,12}}?(?:路|街|巷|弄|道|大道|村|组|小区|花园|苑|公寓)"
    rf"[0-9０-９一二三四五六七八九十百零〇-]+(?:号|弄|栋|幢|单元|室|楼|组)"
    rf"(?:[0-9０-９一二三四五六七八九十百零〇-]+(?:号|栋|幢|单元|室|楼|层))*"
)
_ADDRESS_LABELS = ("住址", "地址", "住所", "家住", "居住", "户籍", "现住")
# The 百家姓 surnames most often met (single and compound); a 公示 table's name cell is a surname and one or
# two more hanzi standing alone between cell gaps.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄"
    "窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查"
    "麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴"
    "盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭"
    "况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
                      "司徒", "夏侯", "令狐", "端木", "西门", "南宫", "独孤", "轩辕", "呼延", "百里")
_NAME_CELL = re.compile(rf"(?<![{_HAN}])[{_HAN}]{{2,4}}(?![{_HAN}])")
# On a list page a name cell is often read run together with the next cell's label: 张建国身份证 …
_NAME_BEFORE_LABEL = re.compile(rf"(?<![{_HAN}])([{_HAN}]{{2,3}})(?=身份证|电话|住址|性别|年龄|联系|手机|男|女)")
_NAME_AFTER_LABEL = re.compile(rf"(?:姓名|申请人|联系人|户主|收款人|负责人)[:：\s]*([{_HAN}]{{2,4}})(?![{_HAN}])")
# Words of two to four hanzi that begin with a surname character but are not names in a 公示 table.
_NOT_NAMES = {
    "公示", "名单", "姓名", "性别", "年龄", "住址", "地址", "电话", "备注", "金额", "合计", "序号", "时间", "日期",
    "身份证", "身份证号", "联系电话", "手机号码", "家庭住址", "户籍地址", "银行卡号", "开户银行", "单位", "金额元",
    "男", "女", "汉族", "人民", "政府", "城关镇", "周岁", "万元", "元", "高级", "中级", "初级", "石油", "安全",
    "林业", "农业", "水利", "交通", "公安", "民政", "文化", "卫生", "教育", "财政", "城乡", "社区", "乡镇",
    "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "四川",
    "贵州", "云南", "陕西", "甘肃", "青海", "宁夏", "新疆", "西藏", "吉林", "辽宁", "黑龙江", "河北", "山西",
    "内蒙古", "北京", "天津", "上海", "重庆", "申请", "申请人", "信息", "公开", "时限", "向阳", "和平", "平安",
    "常住", "应当", "全额", "全年", "成员", "家庭", "关于", "方式", "项目", "情况", "标准", "类别", "资金",
    "银行卡", "银行", "座机", "邮箱", "承办企业", "承办", "企业", "单位名称", "户主", "联系人", "经办人",
    "审核", "审批", "公示期", "异议", "反映", "县民政局", "民政局", "统一", "代码", "社会", "信用",
}
# A page is read as a 公示 list when it says so; only then are bare name cells proposed.
_LIST_HINTS = ("公示", "名单", "花名册", "姓名")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _looks_like_name(word: str) -> bool:
    if word in _NOT_NAMES or len(word) > 4:
        return False
    if word[:2] in _COMPOUND_SURNAMES:
        return len(word) in (3, 4)
    return word[0] in _SURNAMES and len(word) in (2, 3)


def is_list_page(text: str) -> bool:
    """Whether a page's text reads as a 公示 list or a table of persons (then name cells are proposed)."""
    return any(hint in text for hint in _LIST_HINTS)


def detect(line: str, *, terms: Iterable[str] = (), names: bool = False) -> list[Span]:
    """Every span of personal data in ``line``; ``terms``: negative-list terms to find as they are;
    ``names``: also propose bare 2–4 hanzi cells that read as names (a 公示 list page)."""
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: str, term: str | None = None) -> None:
        if any(start < e and s < end for s, e in taken):
            return  # a longer, surer finding already covers it (ID numbers before bank cards …)
        taken.append((start, end))
        spans.append(Span(start, end, kind, term))

    for m in _ID.finditer(line):
        if is_valid_id_number(m.group().upper()):
            add(m.start(), m.end(), "id_number")
    for m in _CREDIT.finditer(line):
        if is_valid_org_code(m.group()):
            add(m.start(), m.end(), "credit_code")
    for m in _EMAIL.finditer(line):
        add(m.start(), m.end(), "email")
    for m in _BANK.finditer(line):
        digits = m.group().replace(" ", "")
        if 16 <= len(digits) <= 19 and luhn_ok(digits):
            add(m.start(), m.end(), "bank_card")
    for m in _MOBILE.finditer(line):
        add(m.start(), m.end(), "mobile")
    for m in _LANDLINE.finditer(line):
        add(m.start(), m.end(), "landline")
    for m in _ADDRESS.finditer(line):
        start = m.start()
        for label in _ADDRESS_LABELS:  # "李四住址青山县…": the address begins after its label
            at = line.rfind(label, m.start(), m.end())
            if at >= 0:
                start = max(start, at + len(label))
        if m.end() - start >= 4:
            add(start, m.end(), "address")
    for term in terms:
        if not term:
            continue
        for m in re.finditer(re.escape(term), line):
            add(m.start(), m.end(), "term", term)
    for m in _NAME_AFTER_LABEL.finditer(line):
        if _looks_like_name(m.group(1)):
            add(m.start(1), m.end(1), "name")
    if names:
        for m in _NAME_BEFORE_LABEL.finditer(line):
            if _looks_like_name(m.group(1)):
                add(m.start(1), m.end(1), "name")
        for m in _NAME_CELL.finditer(line):
            if _looks_like_name(m.group()):
                add(m.start(), m.end(), "name")
    spans.sort(key=lambda s: s.start)
    return spans


def iter_kinds() -> Iterator[tuple[str, str]]:
    yield from KIND_LABELS.items()
