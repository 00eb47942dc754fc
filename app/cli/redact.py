"""`gongkai redact …`: scan a document or a folder for personal data and negative-list terms, burn the
findings out of a copy, and the privacy scan of the catalogue's attachments (docs/spec/redaction.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(subparsers) -> None:
    group = subparsers.add_parser("redact", help="区分处理：查找并彻底遮盖个人信息和不予公开的内容")
    sub = group.add_subparsers(dest="redact_command", metavar="操作")
    group.set_defaults(handler=lambda args, ctx: group.print_help() or 2)
    json_flag = {"action": "store_true", "default": argparse.SUPPRESS, "help": "以 JSON 输出"}

    p = sub.add_parser("scan", help="查找 PDF、图片或文件夹中的个人信息和负面清单事项内容")
    p.add_argument("path", help="文件或文件夹（文件夹：上传网站前逐个检查其中的文件）")
    p.add_argument("--ocr", choices=["auto", "always", "never"], default="auto",
                   help="文字识别：auto 无文字层的页面才识别（默认）；always 每页都识别；never 不识别")
    p.add_argument("--no-terms", action="store_true", help="不查找负面清单事项的关键词（不打开数据库）")
    p.add_argument("--json", **json_flag)
    p.set_defaults(handler=cmd_scan)

    p = sub.add_parser("apply", help="按标注生成区分处理后的 PDF（遮盖处不留文字、不留字节、像素涂黑）")
    p.add_argument("path", help="原件（PDF、图片或 Office 文档）")
    p.add_argument("--findings", required=True, help="标注文件（redact scan --json 的输出，可修改）")
    p.add_argument("--out", required=True, help="输出的 PDF 文件")
    p.add_argument("--application", help="申请编号：把原件、副本和遮盖依据存入该申请的区分处理记录")
    p.add_argument("--no-ocr-check", action="store_true", help="生成后不再用文字识别复核（仍检查文字层和字节）")
    p.add_argument("--json", **json_flag)
    p.set_defaults(handler=cmd_apply)

    p = sub.add_parser("check-ocr", help="检查文字识别（OCR）组件：识别一段生成的文字")
    p.set_defaults(handler=cmd_check_ocr)

    p = sub.add_parser("catalogue", help="扫描公开目录中尚未扫描的附件，列出待审核队列")
    p.add_argument("--json", **json_flag)
    p.set_defaults(handler=cmd_catalogue)

    p = sub.add_parser("clear", help="确认待审核的附件可以公开")
    p.add_argument("scan_id", type=int, help="扫描结果编号（redact catalogue 列出）")
    p.set_defaults(handler=cmd_clear)


def _read(path: Path) -> bytes:
    from app.errors import UserError

    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取文件“{path}”：{exc.strerror or exc}。") from exc


def _terms(args, ctx):
    if args.no_terms:
        return []
    from app.redaction.terms import terms_in_force

    with ctx.read_session() as s:
        return terms_in_force(s)


def _lines(findings) -> list[str]:
    from app.redaction.detectors import KIND_LABELS

    return [f"  第{f.page}页 第{f.row}行  {KIND_LABELS.get(f.kind, f.kind)}  {f.text}" for f in findings]


def cmd_scan(args, ctx) -> int:
    from app.errors import UserError
    from app.redaction.document import SUFFIXES
    from app.redaction.scan import scan

    path = Path(args.path)
    terms = _terms(args, ctx)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        results, text = [], []
        for f in files:
            try:
                found = scan(_read(f), f.name, terms=terms, ocr=args.ocr)
                results.append({"path": str(f.relative_to(path)), **found.as_json()})
                text.append(f"{f.relative_to(path)}：{len(found.findings)} 处" if found.findings
                            else f"{f.relative_to(path)}：未发现")
                text += _lines(found.findings)
            except UserError as exc:  # one bad file does not hide the others; it is named and counted
                results.append({"path": str(f.relative_to(path)), "error": str(exc), "findings": []})
                text.append(f"{f.relative_to(path)}：无法扫描（{exc}）")
        hits = sum(len(r["findings"]) for r in results)
        failed = sum(1 for r in results if "error" in r)
        text.append(f"共检查 {len(files)} 个文件，发现 {hits} 处需要处理的内容" + (f"，{failed} 个文件无法扫描" if failed else "") + "。")
        ctx.emit({"files": results}, "\n".join(text))
        return 1 if failed else 0
    if not path.exists():
        raise UserError(f"文件“{path}”不存在。")
    result = scan(_read(path), path.name, terms=terms, ocr=args.ocr)
    text = [f"{path.name}：发现 {len(result.findings)} 处" if result.findings else f"{path.name}：未发现个人信息"]
    ctx.emit(result.as_json(), "\n".join(text + _lines(result.findings)))
    return 0


def cmd_apply(args, ctx) -> int:
    from app.errors import UserError, ValidationError
    from app.redaction.burn import burn_verified
    from app.redaction.scan import Finding

    path = Path(args.path)
    try:
        data = json.loads(_read(Path(args.findings)).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"标注文件“{args.findings}”不是有效的 JSON。") from exc
    items = data.get("findings") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValidationError("标注文件应包含 findings 列表。")
    findings = [Finding.from_json(item) for item in items]
    original = _read(path)
    out = Path(args.out)
    if args.application:
        from app import register
        from app.redaction.records import create_record, redacted_bytes

        with ctx.session() as s:
            app_row = register.get_by_serial(s, args.application)
            record = create_record(s, path.name, original, findings, application_id=app_row.id,
                                   ocr_check=not args.no_ocr_check)
            pdf = redacted_bytes(s, record.id)
        summary = {"record_id": record.id, "pages": record.pages, "boxes": record.boxes, "out": str(out),
                   "original_sha256": record.original_sha256, "redacted_sha256": record.redacted_sha256}
    else:
        burned = burn_verified(original, path.name, findings, ocr_check=not args.no_ocr_check)
        pdf = burned.pdf
        summary = {"pages": burned.pages, "boxes": len(findings), "out": str(out)}
    try:
        out.write_bytes(pdf)
    except OSError as exc:
        raise UserError(f"无法写入“{out}”：{exc.strerror or exc}。") from exc
    ctx.emit(summary, f"已生成区分处理后的文件“{out}”：{summary['pages']} 页，遮盖 {len(findings)} 处，已复核无残留。")
    return 0


def cmd_catalogue(args, ctx) -> int:
    from dataclasses import asdict

    from app.redaction.catalogue_scan import review_queue, scan_catalogue

    with ctx.session() as s:
        scanned = scan_catalogue(s)
        queue = review_queue(s)
    text = [f"本次扫描附件 {len(scanned)} 个；待审核 {len(queue)} 个。"]
    text += [f"  [{q.scan_id}] {q.index_number} {q.title} / {q.filename}：{q.status_label} {q.summary or q.message or ''}"
             for q in queue]
    ctx.emit({"scanned": len(scanned), "queue": [asdict(q) for q in queue]}, "\n".join(text))
    return 0


def cmd_clear(args, ctx) -> int:
    from app.redaction.catalogue_scan import clear_scan

    with ctx.session() as s:
        entry = clear_scan(s, args.scan_id)
    ctx.emit({"scan_id": entry.scan_id, "status": entry.status}, f"已确认“{entry.filename}”可以公开。")
    return 0


def cmd_check_ocr(args, ctx) -> int:
    from app.redaction.ocr import self_check

    seconds = self_check()
    ctx.emit({"ok": True, "seconds": round(seconds, 2)}, f"文字识别组件正常（识别用时 {seconds:.1f} 秒）。")
    return 0
