"""`gongkai package …`, `gongkai keys …` and `gongkai sync` (docs/spec/packages.md; docs/spec/command-line.md)."""

from __future__ import annotations

from pathlib import Path


def register(subparsers) -> None:
    group = subparsers.add_parser("package", help="数据包：导出、导入、查看")
    sub = group.add_subparsers(dest="package_command", metavar="操作")
    group.set_defaults(handler=lambda args, ctx: _help(group))

    p = sub.add_parser("export", help="生成签名数据包（发往省级平台或上级机关）")
    p.add_argument("--to", required=True, help="接收方：province（省级平台）或机关的统一社会信用代码")
    p.add_argument("--out", required=True, help="数据包文件路径（.gkpkg）")
    p.add_argument("--full", action="store_true", help="全量导出（默认：自上次确认后的增量）")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import", help="校验并导入数据包")
    p.add_argument("file", help="数据包文件（.gkpkg）")
    p.add_argument("--accept-gap", action="store_true", help="缺少前序数据包时仍然导入（确认跳过缺号）")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("list", help="列出发出和收到的数据包、暂存的数据包和待处理的冲突")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("hub", help="代无网络连接的下级机关收取省级平台下发内容：查看或设置代收的机关")
    p.add_argument("--offices", nargs="*", metavar="机关代码", help="代收的下级机关（不带代码则清空）")
    p.set_defaults(handler=cmd_hub)

    p = sub.add_parser("relay", help="把代收的省级平台数据包写出，交下级机关导入")
    p.add_argument("--to", required=True, help="下级机关的统一社会信用代码")
    p.add_argument("--out", required=True, help="写出的目录")
    p.set_defaults(handler=cmd_relay)

    p = sub.add_parser("releases", help="省级平台下发的文书文字：列出，或对待决定的一项采用平台文字/保留本机关文字")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--take", type=int, metavar="编号", help="采用平台文字")
    what.add_argument("--keep", type=int, metavar="编号", help="保留本机关文字")
    p.set_defaults(handler=cmd_releases)

    keys = subparsers.add_parser("keys", help="签名密钥：导出本机公钥、登记可信公钥、查看指纹")
    ksub = keys.add_subparsers(dest="keys_command", metavar="操作")
    keys.set_defaults(handler=lambda args, ctx: _help(keys))
    p = ksub.add_parser("export", help="输出本机公钥（PEM）")
    p.set_defaults(handler=cmd_keys_export)
    p = ksub.add_parser("trust", help="登记发送方的公钥为可信")
    p.add_argument("file", help="对方的公钥文件（PEM）")
    p.add_argument("--org", required=True, help="对方的统一社会信用代码，或 province（省级平台）")
    p.add_argument("--name", help="对方机关名称")
    p.set_defaults(handler=cmd_keys_trust)
    p = ksub.add_parser("allow", help="登记可信发送方可以代报的下属机关（乡镇、部门）")
    p.add_argument("--org", required=True, help="可信发送方的统一社会信用代码")
    p.add_argument("--office", required=True, help="它可以代报的机关的统一社会信用代码")
    p.add_argument("--name", help="该机关名称")
    p.set_defaults(handler=cmd_keys_allow)
    p = ksub.add_parser("disallow", help="取消可信发送方代报某机关")
    p.add_argument("--org", required=True, help="可信发送方的统一社会信用代码")
    p.add_argument("--office", required=True, help="机关的统一社会信用代码")
    p.set_defaults(handler=cmd_keys_disallow)
    p = ksub.add_parser("show", help="显示本机公钥指纹和已登记的可信公钥")
    p.set_defaults(handler=cmd_keys_show)

    p = subparsers.add_parser("sync", help="与省级平台同步：生成增量数据包并发送排队中的数据包")
    p.add_argument("--url", help="省级平台地址（默认：设置中的地址）")
    p.add_argument("--token", help="访问令牌（不推荐：本机其他用户可在进程列表中看到；"
                                   "默认依次取 --token-stdin、环境变量 GONGKAI_SYNC_TOKEN、设置中的令牌）")
    p.add_argument("--token-stdin", action="store_true", help="从标准输入读取访问令牌（一行）")
    p.add_argument("--now", action="store_true", help="不等待重试间隔，立即重试排队中的数据包")
    p.set_defaults(handler=cmd_sync)

    plat = subparsers.add_parser("platform", help="参考省级平台：在本机运行，供对接调试和演示")
    psub = plat.add_subparsers(dest="platform_command", metavar="操作")
    plat.set_defaults(handler=lambda args, ctx: _help(plat))
    p = psub.add_parser("serve", help="启动参考省级平台（接收数据包、收件箱、确认；页面列出收到的内容）")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机）")
    p.add_argument("--port", type=int, default=8765, help="端口（默认 8765）")
    p.add_argument("--state", help="保存平台密钥和收到内容的目录（默认不保存，退出即清空）")
    p.set_defaults(handler=cmd_platform_serve)


def _help(parser) -> int:
    parser.print_help()
    return 2


def _plain(obj):
    import dataclasses

    return dataclasses.asdict(obj) if dataclasses.is_dataclass(obj) else obj


def cmd_export(args, ctx) -> int:
    from app import packages

    with ctx.session() as s:
        info = packages.export_package(s, to=args.to, out_path=Path(args.out), full=args.full)
    kind = "全量" if info.kind == "full" else "增量"
    ctx.emit(_plain(info) | {"content": None},
             f"已生成{kind}数据包 {info.path}（发往 {info.recipient}，序号 {info.sequence}，{info.records} 条记录，"
             f"编号 {info.package_id}）。")
    return 0


def cmd_import(args, ctx) -> int:
    from app import packages
    from app.errors import UserError

    try:
        with ctx.session() as s:
            out = packages.import_file(s, args.file, accept_gap_now=args.accept_gap)
    except UserError as exc:
        with ctx.session() as s:
            packages.note_rejected_file(s, args.file, exc.message)
        raise
    ctx.emit(_plain(out), out.message)
    return 0 if out.state != "held" else 4


def cmd_list(args, ctx) -> int:
    from app import packages

    with ctx.read_session() as s:
        data = {"outgoing": [_plain(o) | {"receipt": o.receipt} for o in packages.list_outgoing(s)],
                "incoming": [_plain(i) for i in packages.list_incoming(s)],
                "conflicts": [_plain(c) for c in packages.list_conflicts(s)]}
    lines = ["发出的数据包："]
    lines += [f"  {o['created_at']:%Y-%m-%d %H:%M} → {o['recipient']} 序号{o['sequence']} {o['state']} "
              f"{o['records']}条 {o['package_id']}" for o in data["outgoing"]] or ["  （无）"]
    lines.append("收到的数据包：")
    lines += [f"  {i['received_at']:%Y-%m-%d %H:%M} ← {i['sender'] or '-'} 序号{i['sequence'] or '-'} {i['state']}"
              f"{'：' + i['error'] if i['error'] else ''}{_held_for(i)}" for i in data["incoming"]] or ["  （无）"]
    lines.append(f"待处理的冲突：{len(data['conflicts'])} 条")
    ctx.emit(data, "\n".join(lines))
    return 0


def _held_for(incoming: dict) -> str:
    """A package held for a locked year (app/packages/held.py): the years it waits for."""
    years = (incoming.get("summary") or {}).get("locked_years") if incoming["state"] == "held" else None
    return f"（涉及已发布的{'、'.join(f'{y}年度' for y in years)}，解锁后用 package import 或在“数据交换”中导入）" \
        if years else ""


def cmd_hub(args, ctx) -> int:
    from app.packages import hub

    if args.offices is not None:
        with ctx.session() as s:
            codes = hub.set_hub_offices(s, args.offices)
    with ctx.read_session() as s:
        codes = hub.hub_offices(s)
        relayed = hub.list_relay(s)
    lines = [f"代收的下级机关：{'、'.join(codes) or '（无）'}"]
    lines += [f"  {r.recipient} 序号{r.sequence} {r.summary} {'已交付' if r.handed_over else '待交付'}"
              f"{'，已确认' if r.acknowledged else ''}" for r in relayed]
    ctx.emit({"offices": codes, "relay": [_plain(r) for r in relayed]}, "\n".join(lines))
    return 0


def cmd_relay(args, ctx) -> int:
    from app.packages import hub

    with ctx.session() as s:
        paths = hub.export_relay(s, args.to, Path(args.out))
    ctx.emit([str(p) for p in paths], f"已写出 {len(paths)} 个省级平台数据包，请交 {args.to} 依次导入：\n"
             + "\n".join(f"  {p}" for p in paths))
    return 0


def cmd_releases(args, ctx) -> int:
    from app.packages import releases

    if args.take is not None or args.keep is not None:
        with ctx.session() as s:
            info = releases.settle_template_release(s, args.take if args.take is not None else args.keep,
                                                    take=args.take is not None)
        ctx.emit(_plain(info), f"{info.kind}/{info.key}：{releases.STATE_LABELS[info.state]}。")
        return 0
    with ctx.read_session() as s:
        items = releases.list_template_releases(s)
    lines = [f"  {r.id} {r.kind}/{r.key} {releases.STATE_LABELS.get(r.state, r.state)}：{(r.text or '（撤回）')[:60]}"
             for r in items] or ["  （无）"]
    ctx.emit([_plain(r) for r in items], "平台下发的文书文字：\n" + "\n".join(lines))
    return 0


def cmd_keys_export(args, ctx) -> int:
    from app import packages

    with ctx.session() as s:
        info = packages.ensure_own_key(s)
    ctx.emit({"key_id": info.key_id, "fingerprint": info.fingerprint, "pem": info.pem}, info.pem.rstrip("\n"))
    return 0


def cmd_keys_trust(args, ctx) -> int:
    from app import packages
    from app.errors import ValidationError

    try:
        pem = Path(args.file).read_bytes()
    except OSError as exc:
        raise ValidationError(f"无法读取公钥文件“{args.file}”：{exc.strerror or exc}。") from None
    with ctx.session() as s:
        info = packages.trust_key(s, pem, args.org, args.name)
    ctx.emit(_plain(info), f"已登记 {info.org_code} 的公钥，指纹 {info.fingerprint}（请与对方电话核对）。")
    return 0


def cmd_keys_allow(args, ctx) -> int:
    from app import packages

    with ctx.session() as s:
        info = packages.allow_office(s, args.org, args.office, args.name)
    ctx.emit(_plain(info), f"已登记：{args.org} 可以代报机关 {info.office_code} {info.office_name or ''}的数据。")
    return 0


def cmd_keys_disallow(args, ctx) -> int:
    from app import packages

    with ctx.session() as s:
        packages.disallow_office(s, args.org, args.office)
    ctx.emit({"org": args.org, "office": args.office}, f"已取消：{args.org} 不再可以代报机关 {args.office}。")
    return 0


def cmd_keys_show(args, ctx) -> int:
    from app import packages

    with ctx.session() as s:
        own = packages.ensure_own_key(s)
        trusted = packages.list_trusted(s)
        allowed = {t.org_code: packages.allowed_offices(s, t.org_code) for t in trusted}
    lines = [f"本机公钥指纹：{own.fingerprint}（密钥编号 {own.key_id}）", "可信公钥："]
    for t in trusted:
        lines.append(f"  {t.org_code} {t.org_name or ''} 指纹 {t.fingerprint}（{t.added_by or ''} {t.added_at:%Y-%m-%d}）")
        lines += [f"    可代报：{a.office_code} {a.office_name or ''}" for a in allowed[t.org_code]]
    if not trusted:
        lines.append("  （无）")
    ctx.emit({"own": _plain(own), "trusted": [_plain(t) | {"offices": [_plain(a) for a in allowed[t.org_code]]}
                                              for t in trusted]}, "\n".join(lines))
    return 0


def cmd_sync(args, ctx) -> int:
    import sys

    from app.errors import ValidationError
    from app.packages import platform as packages_sync

    token = args.token
    if args.token_stdin:
        if args.token is not None:
            raise ValidationError("--token 与 --token-stdin 只能使用其一。")
        token = sys.stdin.readline().strip()
        if not token:
            raise ValidationError("标准输入中没有访问令牌。")
    report = packages_sync.sync(ctx.database(), url=args.url, token=token, operator=ctx.operator,
                                force=args.now)
    inbox = report.inbox
    data = {"queued": report.queued, "results": report.results, "waiting": report.waiting,
            "warnings": report.warnings,
            "inbox": None if inbox is None else {
                "fetched": inbox.fetched, "applied": inbox.applied, "held": inbox.held, "duplicate": inbox.duplicate,
                "refused": inbox.refused, "acknowledged": inbox.acknowledged, "error": inbox.error,
                "registered": [vars(r) for r in inbox.registered],
                "moved": [{"serial": m.serial, "old": str(m.old), "new": str(m.new)} for m in inbox.moved]}}
    ctx.emit(data, report.message)
    failed = "retry" in report.results.values() or (inbox is not None and (inbox.error or inbox.refused))
    return 5 if failed else 0


def cmd_platform_serve(args, ctx) -> int:
    import os

    from app.refplatform import Platform

    token = os.environ.get("GONGKAI_PLATFORM_TOKEN", "").strip() or None
    try:
        platform = Platform(args.host, args.port, token=token, state_dir=Path(args.state) if args.state else None)
    except OSError as exc:
        from app.errors import ValidationError

        raise ValidationError(f"无法在 {args.host}:{args.port} 启动参考平台：{exc.strerror or exc}。") from None
    print(f"参考省级平台已启动：{platform.url}/（页面）；平台公钥：{platform.url}/platform-key.pem\n"
          f"公钥指纹：{platform.state.public.fingerprint}；"
          f"{'需要访问令牌（GONGKAI_PLATFORM_TOKEN）' if token else '未设访问令牌'}。按 Ctrl+C 停止。", flush=True)
    try:
        platform.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        platform.httpd.server_close()
    return 0
