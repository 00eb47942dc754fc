"""The reference platform's page: what offices uploaded, what waits in their inboxes, online applications."""

from __future__ import annotations

from dataclasses import asdict
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.refplatform.server import Platform

FILES = {"applications": "依申请公开", "catalogue": "公开目录", "negative_list": "负面清单", "ledger": "工作台账",
         "calendar": "工作日历", "reports": "年度报告", "templates": "文书模板"}
STYLE = """body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:24px;color:#222}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:2px solid #b22;padding-bottom:4px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}
th{background:#f3f3f3}.muted{color:#777}.ok{color:#171}.wait{color:#b60}code{font-size:12px}"""


def state_json(p: Platform) -> dict:
    s = p.state
    with s.lock:
        return {"fault": p.fault, "key_id": s.public.key_id, "fingerprint": s.public.fingerprint,
                "received": [asdict(r) for r in s.received.values()], "inbox": [asdict(i) for i in s.inbox],
                "applications": [asdict(a) for a in s.applications.values()]}


def _table(headers: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return '<p class="muted">（无）</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def render(p: Platform) -> str:
    data = state_json(p)
    received = [[escape(r["received_at"].replace("T", " ")), escape(f"{r['sender_name']}（{r['sender']}）"),
                 str(r["sequence"]), escape("、".join(r["offices"])),
                 escape("，".join(f"{FILES.get(k[5:-6], k)} {v}条" for k, v in r["records"].items() if v) or "无记录"),
                 escape(r["signature"]), f"<code>{escape(r['package_id'])}</code>"] for r in reversed(data["received"])]
    inbox = [[str(i["seq"]), escape(i["created_at"].replace("T", " ")), escape(i["office"]), escape(i["summary"]),
              '<span class="ok">已确认 ' + escape(i["acknowledged_at"].replace("T", " ")) + "</span>"
              if i["acknowledged_at"]
              else '<span class="wait">待取回</span>', f"<code>{escape(i['package_id'])}</code>"]
             for i in reversed(data["inbox"])]
    apps = [[escape(a["platform_ref"]), escape(a["submitted_at"].replace("T", " ")), escape(a["office"]), escape(a["applicant_name"]),
             escape(a["content"][:60]), '<span class="ok">' + escape(a["serial"]) + "</span>" if a["serial"]
             else '<span class="wait">待机关登记</span>'] for a in reversed(data["applications"])]
    fault = "" if p.fault == "ok" else f'<p class="wait">模拟故障：{escape(p.fault)}</p>'
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>省级政务公开平台（参考实现）</title>
<style>{STYLE}</style></head><body>
<h1>省级政务公开平台（参考实现）</h1>
<p>平台公钥指纹：<code>{escape(data['fingerprint'])}</code>（密钥编号 {escape(data['key_id'])}）；
公钥：<a href="/platform-key.pem">/platform-key.pem</a>。接口说明见 docs/platform-openapi.yaml。</p>{fault}
<h2>收到的数据包（{len(received)}）</h2>
{_table(["收到时间", "发送方", "序号", "所含机关", "记录", "签名", "编号"], received)}
<h2>网上申请（{len(apps)}）</h2>
{_table(["平台编号", "提交时间", "受理机关", "申请人", "申请内容", "机关登记编号"], apps)}
<h2>各机关收件箱（{len(inbox)}）</h2>
{_table(["位置", "放入时间", "机关", "内容", "状态", "编号"], inbox)}
</body></html>"""
