"""The Chinese name of every editable template key (设置 › 文书模板 lists these, never the raw keys)."""

from __future__ import annotations

from app.register.codes import APPLICANT_KINDS, CHANNELS, OUTCOMES

# The part of a key before its first dot (or after "common/").
BASE_NAMES = {
    "title": "标题",
    "doc_code": "文号代字（如“函”）",
    "addressee": "主送（称呼）",
    "opening": "开头语",
    "body": "正文",
    "act": "本文书的自称（如“本通知”）",
    "closing": "结束语",
    "required": "出具前必须填写的内容（字段名）",
    "remedy_kind": "救济途径的写法（standard / review_first / partial / none）",
    "remedy_you": "救济途径中对收文人的称呼",
    "outcome": "答复正文",
    "note": "附注（联系电话）",
    "recital": "收到申请的叙述",
    "signature": "落款",
    "you": "对申请人的称呼",
    "channel": "提交方式的写法",
    "remedy": "救济途径告知",
    "standard": "收费标准的写法",
}
DEFAULT_NAMES = {
    "correction_items": "默认：需补正的事项",
    "correction_period": "默认：补正期限",
    "delivery": "默认：提供信息的方式",
    "party_you": "默认：对第三方或其他机关的称呼",
    "payment_method": "默认：缴费渠道",
    "proper_channel": "默认：应当通过的渠道（信访、投诉、举报等）",
    "provided": "默认：予以公开的部分",
    "publication": "默认：公开出版物的种类",
    "publication_source": "默认：公开出版物的获取途径",
    "where_public": "默认：已主动公开信息的获取途径",
    "withheld_statement": "默认：不予公开部分及其理由的写法",
}
REMEDY_NAMES = {"standard": "复议或诉讼任选", "review_first": "复议前置", "partial": "部分公开（复议前置）"}
FEE_METHOD_NAMES = {"per_request": "按件计收", "per_page": "按量计收"}


def template_key_label(key: str) -> str:
    """"outcome.partial" → "答复正文（部分公开）", "common/you.natural_person" → "通用：对申请人的称呼（自然人）".
    An unknown key raises KeyError (tests/letters/ui/test_ui.py lists every key of every kind)."""
    common = key.startswith("common/")
    name = key.split("/", 1)[1] if common else key
    base, _, variant = name.partition(".")
    if base == "default":
        text = DEFAULT_NAMES[variant]
    else:
        text = BASE_NAMES[base]
        if variant:
            qualifier = (OUTCOMES.get(variant) or CHANNELS.get(variant) or APPLICANT_KINDS.get(variant)
                         or ("组织" if variant == "organisation" else None) or FEE_METHOD_NAMES.get(variant)
                         or REMEDY_NAMES[variant])
            text += f"（{qualifier}）"
    return ("通用：" if common else "") + text
