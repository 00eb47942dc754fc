"""The 行政复议机关 and the court a letter names, from the office's place (docs/spec/letters.md section 2).

行政复议法 (2023) arts. 24 and 27 decide the review body; 行政诉讼法 arts. 14, 15 and 18 the court.
Pure rules: the office profile (app/core/profile.py) and the letters call them.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import ValidationError

# The office's place: which body's act the letter is (the kind of office, not its size).
LEVELS = {
    "county": "县级人民政府办公室（以办公室名义出具文书）",
    "department": "县级人民政府工作部门",
    "township": "乡镇人民政府（街道办事处）",
    "county-government": "县级人民政府（以县政府名义出具文书）",
    "vertical": "实行垂直领导的机关（税务、海关、国家安全机关等）",
}

_ARL = "《中华人民共和国行政复议法》"
_ALP = "《中华人民共和国行政诉讼法》"

# (citation, what it says in short, what --parent-name names) per level; vertical has no derivation.
_RULES = {
    "county": (f"{_ARL}第二十四条第一款第（一）项", "对县级人民政府工作部门（含县人民政府办公室）作出的行政行为不服的，由本级人民政府管辖",
               "本级人民政府"),
    "department": (f"{_ARL}第二十四条第一款第（一）项", "对县级人民政府工作部门作出的行政行为不服的，由本级人民政府管辖",
                   "本级人民政府"),
    "township": (f"{_ARL}第二十四条第一款第（二）项", "对乡镇人民政府作出的行政行为不服的，由上一级（县级）人民政府管辖",
                 "县级人民政府"),
    "street": (f"{_ARL}第二十四条第一款第（三）项", "对县级人民政府依法设立的派出机关（街道办事处）作出的行政行为不服的，由设立它的人民政府管辖",
               "县级人民政府"),
    "county-government": (f"{_ARL}第二十四条第一款第（二）项", "对县级人民政府作出的行政行为不服的，由上一级（设区的市）人民政府管辖",
                          "设区的市人民政府"),
    "vertical": (f"{_ARL}第二十七条", "对实行垂直领导的行政机关、税务和国家安全机关的行政行为不服的，向上一级主管部门申请行政复议",
                 "上一级主管部门"),
}

_COURT_RULES = {
    "county-government": f"{_ALP}第十五条第（一）项：对县级以上地方人民政府所作的行政行为提起诉讼的案件，由中级人民法院管辖第一审；"
                         f"第十八条：由作出行政行为的机关所在地的法院管辖，高级人民法院可以确定跨行政区域管辖（集中管辖）。",
}
_COURT_DEFAULT = (f"{_ALP}第十四条：基层人民法院管辖第一审行政案件；第十八条：由作出行政行为的机关所在地的法院管辖，"
                  "经复议的案件也可以由复议机关所在地的法院管辖，高级人民法院可以确定跨行政区域管辖（集中管辖）。"
                  "请按本地集中管辖的规定填写。")


@dataclass(frozen=True)
class ReviewBody:
    """The review body a letter names, and why."""

    agency: str | None  # None: not known yet (the profile lacks the piece it is derived from)
    derived: str | None  # what the rule gives (None for a vertically managed body or a missing parent)
    rule: str  # citation and short content of the rule applied
    overridden: bool
    reason: str | None
    problem: str | None = None  # why the body cannot be checked against the rule (a letter refuses it)

    def describe(self) -> str:
        """One line for the clerk: the body and the rule (or the override and its reason)."""
        if self.problem:
            return f"行政复议机关：{self.agency or '未确定'}。{self.problem}"
        if self.agency is None:
            return f"行政复议机关：未确定。{self.rule}"
        if self.overridden:
            instead = f"未采用按规则确定的“{self.derived}”，" if self.derived else ""
            return f"行政复议机关：{self.agency}（{instead}理由：{self.reason}）。规则：{self.rule}"
        return f"行政复议机关：{self.agency}（依据{self.rule}）"


def _rule_key(level: str, name: str | None) -> str:
    if level not in LEVELS:
        raise ValidationError(f"机关层级“{level}”无法识别，只能是：{'、'.join(LEVELS.values())}。")
    if level == "township" and name and name.endswith("街道办事处"):
        return "street"
    return level


def parent_label(level: str, name: str | None = None) -> str:
    """What the parent name (--parent-name) must name for this level, e.g. 本级人民政府."""
    return _RULES[_rule_key(level, name)][2]


def rule_text(level: str, name: str | None = None) -> str:
    citation, content, _parent = _RULES[_rule_key(level, name)]
    return f"{citation}（{content}）"


def court_rule(level: str) -> str:
    """The rule behind the court setting (the name itself is the office's: 集中管辖 varies by place)."""
    if level not in LEVELS:
        raise ValidationError(f"机关层级“{level}”无法识别。")
    return _COURT_RULES.get(level, _COURT_DEFAULT)


def review_body(level: str, name: str | None, parent_name: str | None, review_agency: str | None,
                reason: str | None) -> ReviewBody:
    """The review body of an office: derived by the rule, or the office's own with the reason it gave.

    Raises ValidationError when a body given by hand contradicts the rule without a reason. A body that cannot
    be checked (the parent government is not named) comes back with ``problem`` set; letters refuse it
    (``for_letter``), the profile may be saved incomplete.
    """
    key = _rule_key(level, name)
    rule = rule_text(level, name)
    given = (review_agency or "").strip() or None
    why = (reason or "").strip() or None
    derived = None if key == "vertical" else ((parent_name or "").strip() or None)
    if key == "vertical":
        return ReviewBody(given, None, rule, False, why,
                          None if given else "实行垂直领导的机关须填写行政复议机关（上一级主管部门，--review-agency）。")
    if given is None or given == derived:
        missing = None if derived else f"请填写{parent_label(level, name)}的名称（--parent-name），由程序按{rule}确定。"
        return ReviewBody(derived, derived, rule, False, None, missing)
    if derived is None and why is None:
        # The rule cannot be checked: a letter would name a body nobody can verify.
        return ReviewBody(given, None, rule, False, None,
                          f"无法按{rule}核对：请填写{parent_label(level, name)}的名称（--parent-name），"
                          "或填写采用该机关的理由（--review-agency-reason）。")
    if why is None:
        raise ValidationError(
            f"行政复议机关“{given}”与规则不符：按{rule}，应为“{derived}”。如确需不同的机关，请填写理由"
            "（--review-agency-reason），理由将记入审计日志。")
    return ReviewBody(given, derived, rule, True, why)


def for_letter(body: ReviewBody) -> str:
    """The body a letter may name; ValidationError (naming what to fix) when it is missing or unverified."""
    if body.problem or body.agency is None:
        raise ValidationError("不能出具含救济途径的文书：" + (body.problem or "行政复议机关未确定。")
                              + "请在“设置—本机关信息”中补充（或运行 gongkai init）。")
    return body.agency
