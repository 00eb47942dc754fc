"""Core sub-commands: init, check, backup, restore, demo."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("init", help="创建或修改本机关信息")
    p.add_argument("--org-name", required=True, help="机关全称")
    p.add_argument("--org-code", required=True, help="统一社会信用代码（18位）")
    p.add_argument("--level", choices=["county", "department", "township", "county-government", "vertical"],
                   help="机关层级（决定行政复议机关）：county 县政府办公室、department 县政府工作部门、township 乡镇（街道）、"
                        "county-government 以县政府名义、vertical 垂直管理机关；默认 county")
    p.add_argument("--short-name", help="机关简称（用于界面和报表标题）")
    p.add_argument("--parent-code", help="上级机关统一社会信用代码")
    p.add_argument("--parent-name", help="本级人民政府（县政府办公室、工作部门）、县级人民政府（乡镇）或设区的市人民政府（县政府）的名称")
    p.add_argument("--review-agency", help="行政复议机关（不填则按行政复议法第二十四条由层级和 --parent-name 确定；垂直管理机关必填）")
    p.add_argument("--review-agency-reason", help="行政复议机关与规则不同时的理由（记入审计日志）")
    p.add_argument("--court", help="管辖人民法院（行政诉讼法第十四、十五、十八条；注意本地集中管辖）")
    p.add_argument("--doc-prefix", help="文号机关代字，如 青政公开")
    p.add_argument("--phone", help="联系电话（写入文书落款）")
    p.add_argument("--address", help="通讯地址（写入文书落款）")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("check", help="检查数据库完整性与审计日志")
    p.add_argument("--repair-head", action="store_true",
                   help="审计日志链头记录缺失时，按完好的日志重建链头（修复本身记入审计日志）")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("backup", help="在线备份数据库")
    p.add_argument("--out", required=True, help="备份文件路径")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="从备份恢复（原数据库另存为备份）")
    p.add_argument("file", help="备份文件")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("demo", help="生成示例县级机关数据（可重复：同一种子得到同样数据）")
    p.add_argument("--seed", type=int, default=2026, help="随机种子：同一种子生成同样的数据")
    p.add_argument("--requests", type=int, default=400, help="依申请公开件数")
    p.add_argument("--catalogue", type=int, default=2000, help="公开目录条目数")
    p.add_argument("--ledger", type=int, default=600, help="台账记录数")
    p.add_argument("--today", help="示例数据的“今天”（YYYY-MM-DD，默认今天）")
    p.set_defaults(handler=cmd_demo)


def cmd_init(args, ctx) -> int:
    from app.core import profile

    data = {
        "name": args.org_name, "org_code": args.org_code, "level": args.level,
        "short_name": args.short_name, "parent_org_code": args.parent_code, "parent_name": args.parent_name,
        "review_agency": args.review_agency, "review_agency_reason": args.review_agency_reason,
        "court": args.court, "doc_prefix": args.doc_prefix, "contact_phone": args.phone,
        "contact_address": args.address,
    }
    data = {k: v for k, v in data.items() if v is not None}
    with ctx.session() as s:
        if profile.has_profile(s):
            current = profile.get_own_office(s).as_dict()
            if args.review_agency is None and not current.get("review_agency_reason"):
                current["review_agency"] = None  # derived before: derive again from the new place
            current.update(data)
            data = current
        saved = profile.save_profile(s, data)
        body = profile.review_body(saved)
    from app.domain.review_body import court_rule

    result = {**saved.as_dict(), "review_rule": body.rule, "court_rule": court_rule(saved.level)}
    # One line (scripts read the first line); the rules are in --json as review_rule and court_rule.
    ctx.emit(result, f"已保存本机关信息：{saved.name}（{saved.org_code}）。{body.describe().rstrip('。')}。"
                     f"人民法院：{saved.court or '未填写'}（{court_rule(saved.level)}）")
    return 0


def cmd_check(args, ctx) -> int:
    from app.core.integrity import run_check

    if getattr(args, "repair_head", False):
        from app.core import audit

        with ctx.session() as s:
            seq, head = audit.repair_head(s)
        ctx.emit({"repaired": True, "seq": seq, "hash": head}, f"已按审计日志第{seq}条重建链头，修复已记入审计日志。")
        return 0

    with ctx.read_session() as s:
        report = run_check(s)
        if report.ok:
            _check_issued_reports(s, report)
    if ctx.json:
        ctx.emit({"ok": report.ok, "problems": report.problems, "checked": report.checked,
                  "audit_entries": report.audit_entries, "chain_head": report.chain_head})
    elif report.ok:
        print(f"检查通过：{'、'.join(report.checked)}。审计日志共 {report.audit_entries} 条，链头 {report.chain_head[:16]}…")
    else:
        import sys

        sys.stderr.write(f"检查未通过：{report.problems[0]}\n")
        for extra in report.problems[1:]:
            sys.stderr.write(f"  - {extra}\n")
    return 0 if report.ok else 1


def _check_issued_reports(session, report) -> None:
    """An issued annual report whose figures no longer follow from the data (docs/spec/annual-report.md 6)."""
    from app.reports.issued import issued_mismatches

    report.checked.append("已发布年度报告与数据一致")
    for mismatch in issued_mismatches(session):
        report.problems.append(mismatch.message())
    report.ok = not report.problems


def cmd_backup(args, ctx) -> int:
    from app.storage.backup import backup_to

    out = backup_to(ctx.database(), args.out)
    ctx.emit({"backup": str(out)}, f"已备份到 {out}")
    return 0


def cmd_restore(args, ctx) -> int:
    from app.core.backup import restore

    kept = restore(ctx.database(), args.file, operator=ctx.operator)
    ctx.emit({"restored_from": args.file, "replaced_saved_as": str(kept)},
             f"已从 {args.file} 恢复。原数据库已另存为 {kept}")
    return 0


def cmd_demo(args, ctx) -> int:

    from app.domain.dates import parse_date
    from app.workbench.demo import build_demo

    today = parse_date(args.today, "--today 日期")
    sizes = {"requests": args.requests, "catalogue": args.catalogue, "ledger": args.ledger}
    summary = build_demo(ctx.database(), seed=args.seed, sizes=sizes, today=today, operator=ctx.operator)
    ctx.emit(summary, demo_summary_text(summary))
    return 0


# What `demo` made, in the clerk's words (keys are the areas' summary keys; a key missing here is shown as is
# so a new area's figure is never dropped, and tests/cli/test_chinese.py checks that every key has a label).
DEMO_LABELS = {
    "offices": ("机关", "个"), "requests": ("依申请公开", "件"), "catalogue": ("公开目录条目", "条"),
    "negative_list": ("负面清单事项", "项"), "negative_list_citations": ("负面清单引用", "处"),
    "ledger": ("台账记录", "条"), "letters": ("文书", "份"), "reports": ("年度报告", ""),
    "packages": ("数据交换", ""), "issued": ("已发布年度", ""), "trusted_keys": ("可信公钥", "个"),
    "incoming": ("收到的数据包", "个"), "filled": ("本机关信息中补填的示例值", ""),
}


def _demo_value(value, unit: str) -> str:
    if isinstance(value, dict):
        return "，".join(f"{DEMO_LABELS[k][0] if k in DEMO_LABELS else k} "
                        f"{_demo_value(v, DEMO_LABELS[k][1] if k in DEMO_LABELS else '')}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        years = all(isinstance(v, int) and v > 1900 for v in value)
        return "、".join(f"{v}年" if years else str(v) for v in value)
    return f"{value} {unit}".rstrip()


def demo_summary_text(summary: dict) -> str:
    """The summary of `demo`, one line per area: "依申请公开：60 件"."""
    lines = ["已生成示例数据："]
    for key, value in summary.items():
        label, unit = DEMO_LABELS.get(key, (key, ""))
        lines.append(f"  {label}：{_demo_value(value, unit)}")
    return "\n".join(lines)
