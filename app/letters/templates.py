"""Letter templates: defaults in resources/letters/, office overrides in the database, field filling."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from functools import cache

from app.errors import UserError, ValidationError
from app.letters import legal_basis
from app.paths import resource_path

KINDS = ("receipt", "correction", "extension", "consultation", "public_interest_notice",
         "agency_consultation", "fee", "reason_request", "reply")
COMMON = "common"

_PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([a-z0-9_]+))?\}")
# "《条例》第十四条和《条例》第三十六条…" reads as "《条例》第十四条、第三十六条…".
_SAME_LAW = re.compile(r"(《[^》]+》(?:（[^）]+）)?)(第[^《，。；：]*?)(?:和|、)\1")
_CONDITIONAL = re.compile(r"\[\[([a-z_]+)\|(.*?)\]\]", re.S)


@cache
def default_template(kind: str) -> dict[str, str]:
    """The shipped wording of a kind (or of ``common``), key -> text."""
    if kind != COMMON and kind not in KINDS:
        raise ValidationError(f"未知的文书种类“{kind}”。")
    data = json.loads(resource_path("letters", f"{kind}.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def editable_keys(kind: str) -> list[str]:
    """Keys the office may override for a kind: the kind's own, then the shared ones (prefixed common/)."""
    own = list(default_template(kind))
    shared = [f"{COMMON}/{k}" for k in default_template(COMMON)]
    return own + shared


class TemplateSet:
    """The wording of one kind: office overrides first, then the kind's default, then the shared default.

    Override keys are the kind's keys, or ``common/<key>`` for shared wording (one override serves every kind).
    """

    def __init__(self, kind: str, overrides: Mapping[str, str] | None = None) -> None:
        self.kind = kind
        self.overrides = dict(overrides or {})
        self._own = default_template(kind)
        self._common = default_template(COMMON)

    def get(self, key: str, outcome: str | None = None) -> str | None:
        names = ([f"{key}.{outcome}"] if outcome else []) + [key]
        for name in names:
            if name in self.overrides:
                return self.overrides[name]
            if name in self._own:
                return self._own[name]
            if f"{COMMON}/{name}" in self.overrides:
                return self.overrides[f"{COMMON}/{name}"]
            if name in self._common:
                return self._common[name]
        return None


class Filler:
    """Fills {field}, {cite:KEY}, {law:KEY} and [[field|…]] in template text.

    A field comes from ``fields`` (application, office, clerk input), else from a template of the same name
    (e.g. {recital}), else from the template's ``default.<field>``. Missing fields are collected in
    ``missing``; in preview mode they show as 【请填写：…】 so the clerk sees what to enter.
    """

    def __init__(self, templates: TemplateSet, fields: Mapping[str, object], on: dt.date, *,
                 outcome: str | None = None, labels: Mapping[str, str] | None = None, preview: bool = False) -> None:
        self.templates = templates
        self.fields = fields
        self.on = on
        self.outcome = outcome
        self.labels = labels or {}
        self.preview = preview
        self.missing: list[str] = []
        self.cited: list[str] = []

    def value(self, name: str, depth: int = 0) -> str:
        raw = self.fields.get(name)
        if raw not in (None, ""):
            return str(raw)
        if depth > 5:
            raise UserError(f"文书模板中的“{name}”循环引用自身，请检查模板。")
        for key in (name, f"default.{name}"):
            if "." not in key and key in ("title", "body", "addressee", "closing"):
                continue
            text = self.templates.get(key, self.outcome)
            if text is not None:
                return self.fill(text, depth + 1)
        return ""

    def fill(self, text: str, depth: int = 0) -> str:
        def conditional(m: re.Match) -> str:
            return m.group(2) if self.value(m.group(1), depth) else ""

        text = _CONDITIONAL.sub(conditional, text)

        def placeholder(m: re.Match) -> str:
            name, arg = m.group(1), m.group(2)
            if arg is not None:
                entry = legal_basis.lookup(arg, self.on)
                if arg not in self.cited:
                    self.cited.append(arg)
                if name == "cite":
                    return entry.citation()
                if name == "law":
                    return entry.law
                if name == "text":
                    return entry.text
                raise UserError(f"文书模板中的“{m.group(0)}”无法识别，请检查模板。")
            value = self.value(name, depth)
            if value:
                return value
            if name not in self.missing:
                self.missing.append(name)
            return f"【请填写：{self.labels.get(name, name)}】" if self.preview else ""

        text = _PLACEHOLDER.sub(placeholder, text)
        while True:  # one law cited three times merges in two passes
            merged = _SAME_LAW.sub(r"\1\2、", text)
            if merged == text:
                return text
            text = merged


def check_template_text(text: str) -> None:
    """Reject override text with unknown legal-basis keys or broken markup (clear Chinese message)."""
    if text.count("[[") != text.count("]]"):
        raise ValidationError("模板中的“[[”与“]]”不成对，请检查。")
    stripped = _PLACEHOLDER.sub("", _CONDITIONAL.sub(lambda m: m.group(2), text))
    if "{" in stripped or "}" in stripped:
        raise ValidationError("模板中有不完整的{字段}，字段名只能用小写英文字母和下划线。")
    known = legal_basis.keys()
    for m in _PLACEHOLDER.finditer(text):
        if m.group(2) is not None:
            if m.group(1) not in ("cite", "law", "text"):
                raise ValidationError(f"模板中的“{m.group(0)}”无法识别：法律依据只能写作{{cite:…}}、{{law:…}}或{{text:…}}。")
            if m.group(2) not in known:
                raise ValidationError(f"模板引用了不存在的法律依据“{m.group(2)}”。")
