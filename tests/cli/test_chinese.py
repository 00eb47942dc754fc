"""The command line as a clerk meets it: argparse's own words in Chinese, code lists in the help, and no
database made by a mistyped --db."""

from __future__ import annotations

import re

import pytest

from app.cli.main import build_parser, main, translate_argparse_message

ENGLISH = ("usage:", "options:", "positional arguments", "show this help message", "error:")


def _all_parsers(parser):
    yield parser
    for action in parser._actions:
        if action.choices and hasattr(action, "_name_parser_map"):
            for sub in dict.fromkeys(action._name_parser_map.values()):
                yield from _all_parsers(sub)


def test_every_help_of_every_command_is_chinese():
    parsers = list(_all_parsers(build_parser()))
    assert len(parsers) > 30  # every area's sub-commands, nested ones included
    for parser in parsers:
        text = parser.format_help()
        assert text.startswith("用法：")
        for word in ENGLISH:
            assert word not in text, (parser.prog, word)
        assert "显示本帮助并退出" in text
        assert not re.search(r"--[a-z-]+ [A-Z_]{2,}\b", text), (parser.prog, text)  # no English placeholders


def test_every_option_of_init_is_explained():
    parser = next(p for p in _all_parsers(build_parser()) if p.prog.endswith(" init"))
    for action in parser._actions:
        assert action.help, action.option_strings


def test_outcome_codes_are_listed_with_their_labels():
    parser = next(p for p in _all_parsers(build_parser()) if p.prog.endswith(" letter"))
    text = parser.format_help()
    assert re.search(r"denied_state_secret +不予公开：属于国家秘密", text)
    assert "closed_fee_unpaid" in text


def test_help_columns_line_up_with_chinese_placeholders(capsys):
    with pytest.raises(SystemExit):
        main(["demo", "-h"])
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  --")]
    from app.cli.main import display_width

    starts = {display_width(re.match(r"(\s*\S.*?\s{2,})", line).group(1)) for line in lines}
    assert len(starts) == 1, lines


@pytest.mark.parametrize(("english", "chinese"), [
    ("the following arguments are required: --year", "缺少必需的参数：--year"),
    ("argument --level: invalid choice: 'city' (choose from 'county', 'township')",
     "参数 --level 的值 'city' 无效，可选：'county', 'township'"),
    ("argument --seed: invalid int value: 'x'", "参数 --seed 的值 'x' 不是有效的整数"),
    ("argument --db: expected one argument", "参数 --db 需要一个值"),
    ("unrecognized arguments: --bogus", "无法识别的参数：--bogus"),
])
def test_argparse_errors_in_chinese(english, chinese):
    assert translate_argparse_message(english) == chinese


def test_argument_error_is_one_chinese_line(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["demo", "--seed", "x"])
    assert exc.value.code == 2
    assert capsys.readouterr().err == "错误：参数 --seed 的值 'x' 不是有效的整数。（使用 gongkai demo -h 查看用法）\n"


def test_a_mistyped_db_is_refused_and_not_created(tmp_path, capsys):
    missing = tmp_path / "typo.sqlite3"
    assert main(["--db", str(missing), "check"]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "不存在" in err
    assert not missing.exists()
    assert not list(tmp_path.glob("typo*"))


def test_init_creates_the_database(tmp_path):
    from app.domain.identifiers import org_code_check_char

    path = tmp_path / "new.sqlite3"
    code = "11330127MB0000001" + org_code_check_char("11330127MB0000001")
    assert main(["--db", str(path), "init", "--org-name", "青山县人民政府办公室", "--org-code", code]) == 0
    assert path.exists()
    assert main(["--db", str(path), "check"]) == 0


def test_demo_prints_chinese_lines(tmp_path, capsys):
    from app.cli.core import DEMO_LABELS

    path = tmp_path / "demo.sqlite3"
    assert main(["--db", str(path), "demo", "--requests", "30", "--catalogue", "40", "--ledger", "20",
                 "--today", "2026-03-02"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("已生成示例数据：\n")
    assert "{" not in out and "'" not in out
    assert re.search(r"依申请公开：30 件", out)
    assert main(["--db", str(path), "--json", "check"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "report", "annual", "--year", "2025"]) == 0
    table = capsys.readouterr().out
    from app.reports import labels as L

    for key in L.ROW_KEYS:  # every row's whole label, on one line
        label = L.row_label(key).replace(L.ROW_RESULTS_LABEL, "")
        assert any(line.endswith(label) for line in table.splitlines()), label
    import json

    summary_keys = set()

    def walk(d):
        for k, v in d.items():
            summary_keys.add(k)
            if isinstance(v, dict):
                walk(v)

    capsys.readouterr()
    main(["--db", str(tmp_path / "again.sqlite3"), "--json", "demo", "--requests", "5", "--catalogue", "5",
          "--ledger", "5", "--today", "2026-03-02"])
    walk(json.loads(capsys.readouterr().out))
    assert summary_keys <= set(DEMO_LABELS), summary_keys - set(DEMO_LABELS)


@pytest.mark.parametrize(("environ", "platform", "refused"), [
    ({}, "linux", True),
    ({"DISPLAY": ":0"}, "linux", False),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({}, "win32", False),
])
def test_no_display_is_told_before_qt(environ, platform, refused):
    from app.paths import display_problem

    problem = display_problem(environ, platform)
    assert bool(problem) is refused
    if refused:
        assert "DISPLAY" in problem and "图形界面" in problem


def test_window_without_display_exits_with_the_message(monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert main([]) == 3
    assert "没有可用的图形界面" in capsys.readouterr().err


def test_demo_fills_an_office_set_up_with_init(tmp_path, capsys):
    import json

    from app.domain.identifiers import org_code_check_char

    path = tmp_path / "township.sqlite3"
    code = "11330127MB2000002" + org_code_check_char("11330127MB2000002")
    assert main(["--db", str(path), "init", "--org-name", "石门县白沙镇人民政府", "--org-code", code,
                 "--level", "township"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "demo", "--requests", "20", "--catalogue", "20", "--ledger", "10",
                 "--today", "2026-03-02"]) == 0
    out = capsys.readouterr().out
    assert "本机关信息中补填的示例值：上级机关名称、行政复议机关、人民法院、文号机关代字" in out
    assert "机关：1 个" in out  # a township holds no other township
    from app.core.profile import get_own_office
    from app.storage.db import Database

    db = Database.open(str(path))
    try:
        with db.read_session() as s:
            office = get_own_office(s)
    finally:
        db.dispose()
    assert (office.level, office.review_agency, office.court, office.doc_prefix) == (
        "township", "石门县人民政府", "石门县人民法院", "白沙公开")
    assert main(["--db", str(path), "--json", "check"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
