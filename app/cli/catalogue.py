"""`gongkai catalogue …`: search (docs/spec/command-line.md), add, list, show, mark-validity, changes since
the last filing to the province, mark-filed, warnings, the 索引号 pattern, rebuild the search index."""

from __future__ import annotations

import argparse


def _json_flag(p) -> None:
    # Accept --json after the sub-command too (docs/spec/command-line.md: `catalogue search QUERY --json`).
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="以 JSON 输出")


def register(subparsers) -> None:
    group = subparsers.add_parser("catalogue", help="政府信息公开目录：检索、登记、有效性、备案变更")
    sub = group.add_subparsers(dest="catalogue_command", metavar="操作")
    group.set_defaults(handler=lambda args, ctx: group.print_help() or 2)

    p = sub.add_parser("search", help="按信息名称和文号检索（一个字起，精确子串匹配）")
    p.add_argument("query", help="检索文字")
    p.add_argument("--limit", type=int, default=20, help="最多列出条数（默认20）")
    _json_flag(p)
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("add", help="登记一条目录信息")
    p.add_argument("--title", required=True, help="信息名称")
    p.add_argument("--summary", help="内容概述")
    p.add_argument("--publisher", help="发布机构（默认：本机关名称）")
    p.add_argument("--written-on", help="成文日期 YYYY-MM-DD")
    p.add_argument("--published-on", help="发布日期 YYYY-MM-DD")
    p.add_argument("--doc-number", help="文号，如 青政发〔2025〕3号")
    p.add_argument("--mode", default="主动公开", help="公开方式：主动公开 / 依申请公开 / 不予公开")
    p.add_argument("--category", help="主题分类")
    p.add_argument("--genre", help="体裁")
    p.add_argument("--keywords", help="关键词")
    p.add_argument("--scope", help="公开范围")
    p.add_argument("--validity", help="行政规范性文件的有效性：有效 / 失效 / 废止 / 修订")
    p.add_argument("--index-number", help="索引号（默认按设置的格式生成）")
    _json_flag(p)
    p.set_defaults(handler=cmd_add)

    p = sub.add_parser("list", help="按发布日期列出最近的目录信息")
    p.add_argument("--limit", type=int, default=20)
    _json_flag(p)
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", help="显示一条目录信息及其历史版本")
    p.add_argument("index_number", help="索引号")
    _json_flag(p)
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("mark-validity", help="标注行政规范性文件的有效性")
    p.add_argument("index_number", help="索引号")
    p.add_argument("validity", help="有效 / 失效 / 废止 / 修订")
    p.add_argument("--on", help="生效日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--replaced-by", help="替代文件的索引号")
    _json_flag(p)
    p.set_defaults(handler=cmd_mark_validity)

    p = sub.add_parser("changes-since-filing", help="上次向省级平台备案以来的变更")
    _json_flag(p)
    p.set_defaults(handler=cmd_changes)

    p = sub.add_parser("mark-filed", help="记录已向省级平台备案（此前的变更不再列出）")
    _json_flag(p)
    p.set_defaults(handler=cmd_mark_filed)

    p = sub.add_parser("warnings", help="逾期公开、有效性待审查、标准目录事项未公开")
    p.add_argument("--today", help="以该日期为准（YYYY-MM-DD，默认今天）")
    _json_flag(p)
    p.set_defaults(handler=cmd_warnings)

    p = sub.add_parser("set-pattern", help="设置索引号格式，如 {org_code}/{year}-{serial:05d}")
    p.add_argument("pattern", help="可用字段：{org_code} {year} {month} {serial}")
    p.set_defaults(handler=cmd_set_pattern)

    p = sub.add_parser("reindex", help="重建检索索引")
    p.set_defaults(handler=cmd_reindex)


def cmd_search(args, ctx) -> int:
    # Not the whole catalogue service (numbering, audit, interchange): a quick command.
    from app.catalogue import queries as catalogue

    with ctx.read_session() as s:
        out = catalogue.search(s, args.query, limit=args.limit)
    lines = [f"共 {out['total']} 条"] + [
        f"{r['published_on'] or '（未发布）'}  {r['index_number']}  {r['title']}"
        + (f"  {r['doc_number']}" if r["doc_number"] else "")
        + (f"  [{catalogue.VALIDITY_LABELS[r['validity']]}]" if r["validity"] else "")
        for r in out["results"]]
    ctx.emit(out, "\n".join(lines))
    return 0


def _entry_json(info) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in info.as_dict().items()}


def cmd_add(args, ctx) -> int:
    from app import catalogue
    from app.core import profile

    with ctx.session() as s:
        data = {"title": args.title, "summary": args.summary, "written_on": args.written_on,
                "published_on": args.published_on, "doc_number": args.doc_number, "disclosure_mode": args.mode,
                "category": args.category, "genre": args.genre, "keywords": args.keywords, "scope": args.scope,
                "publisher": args.publisher or profile.get_own_office(s).name,
                "index_number": args.index_number}
        if args.validity:
            data["validity"] = args.validity
        info = catalogue.create_entry(s, data)
    ctx.emit(_entry_json(info), f"已登记：{info.index_number}  {info.title}")
    return 0


def cmd_list(args, ctx) -> int:
    from app.catalogue import queries as catalogue_query

    with ctx.read_session() as s:
        src = catalogue_query.EntrySource(s)
        rows = src.rows(src.ids(0, args.limit))
    items = list(rows.values())
    ctx.emit(items, "\n".join(f"{r['published_on'] or '（未发布）'}  {r['index_number']}  {r['title']}"
                              for r in items) or "（无）")
    return 0


def cmd_show(args, ctx) -> int:
    from app import catalogue

    with ctx.read_session() as s:
        info = catalogue.get_by_index_number(s, args.index_number)
        revs = catalogue.revisions(s, info.id)
    data = _entry_json(info)
    data["revisions"] = [{"revision": r.revision, "action": r.action, "changed_at": r.changed_at.isoformat(),
                          "operator": r.operator} for r in revs]
    labels = {"index_number": "索引号", "title": "信息名称", "summary": "内容概述", "publisher": "发布机构",
              "written_on": "成文日期", "published_on": "发布日期", "doc_number": "文号",
              "disclosure_mode": "公开方式", "category": "主题分类", "validity": "有效性", "revision": "版本"}
    text = "\n".join(f"{label}：{data[k] if data[k] is not None else ''}" for k, label in labels.items())
    ctx.emit(data, text + f"\n历史版本：{len(revs)} 个")
    return 0


def cmd_mark_validity(args, ctx) -> int:
    from app import catalogue

    with ctx.session() as s:
        info = catalogue.get_by_index_number(s, args.index_number)
        replaced = catalogue.get_by_index_number(s, args.replaced_by).id if args.replaced_by else None
        info = catalogue.mark_validity(s, info.id, args.validity, on=args.on, replaced_by_id=replaced)
    ctx.emit(_entry_json(info), f"已标注：{info.index_number} {catalogue.VALIDITY_LABELS[info.validity]}")
    return 0


def cmd_changes(args, ctx) -> int:
    from app import catalogue

    kinds = {"created": "新增", "updated": "修改", "deleted": "删除"}
    with ctx.read_session() as s:
        marker = catalogue.last_filed_at(s)
        changes = catalogue.changes_since_filing(s)
    data = {"last_filed_at": marker.isoformat() if marker else None,
            "changes": [{"index_number": c.index_number, "title": c.title, "kind": c.kind, "revision": c.revision,
                         "updated_at": c.updated_at.isoformat()} for c in changes]}
    head = f"上次备案：{marker:%Y-%m-%d %H:%M}（UTC）" if marker else "尚未备案"
    ctx.emit(data, "\n".join([head, f"变更 {len(changes)} 条"]
                             + [f"{kinds[c.kind]}  {c.index_number}  {c.title}" for c in changes]))
    return 0


def cmd_mark_filed(args, ctx) -> int:
    from app import catalogue

    with ctx.session() as s:
        at = catalogue.mark_filed(s)
    ctx.emit({"last_filed_at": at.isoformat()}, "已记录备案时间。")
    return 0


def cmd_warnings(args, ctx) -> int:
    import datetime as dt

    from app import catalogue

    today = catalogue.parse_date(args.today, "日期") or dt.date.today()
    with ctx.read_session() as s:
        found = catalogue.warnings(s, today)
    data = {kind: [{"message": w.message, "due": w.due.isoformat() if w.due else None,
                    "provisional": w.provisional} for w in items] for kind, items in found.items()}
    titles = {"late_publication": "逾期公开", "unreviewed": "有效性待审查", "idle_item": "标准目录事项未公开"}
    lines = []
    for kind, items in found.items():
        lines.append(f"{titles[kind]}：{len(items)} 条")
        lines.extend(f"  {w.message}" for w in items[:20])
    ctx.emit(data, "\n".join(lines))
    return 0


def cmd_set_pattern(args, ctx) -> int:
    from app import catalogue

    with ctx.session() as s:
        catalogue.set_index_pattern(s, args.pattern)
        sample = args.pattern.strip().format(org_code="11330127MB0000001X", year=2026, month=3, serial=12)
    ctx.emit({"pattern": args.pattern.strip(), "example": sample}, f"已设置索引号格式，示例：{sample}")
    return 0


def cmd_reindex(args, ctx) -> int:
    from app.catalogue import fulltext as search

    with ctx.session() as s:
        n = search.rebuild(s)
    ctx.emit({"indexed": n}, f"已重建检索索引：{n} 条。")
    return 0
