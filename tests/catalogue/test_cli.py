"""`gongkai catalogue …`: the contract JSON of search, and the other sub-commands."""

from __future__ import annotations

import json

from app.cli.main import main


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_search_json_contract(db, capsys):
    path = db.url
    code, out, _ = _run(capsys, "--db", path, "catalogue", "add", "--title", "关于印发青山县文明城市创建方案的通知",
                        "--doc-number", "青政发〔2025〕3号", "--written-on", "2025-03-01", "--published-on",
                        "2025-03-04", "--validity", "有效")
    assert code == 0
    _run(capsys, "--db", path, "catalogue", "add", "--title", "青山县2024年财政决算公开", "--published-on", "2025-06-01")
    code, out, _ = _run(capsys, "--db", path, "catalogue", "search", "青", "--limit", "1", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["total"] == 2 and len(data["results"]) == 1
    assert data["results"][0] == {"index_number": data["results"][0]["index_number"],
                                  "title": "青山县2024年财政决算公开", "doc_number": None,
                                  "published_on": "2025-06-01", "validity": None}
    data = json.loads(_run(capsys, "--db", path, "--json", "catalogue", "search", "〔2025〕")[1])
    assert data["total"] == 1 and data["results"][0]["validity"] == "valid"
    assert data["results"][0]["doc_number"] == "青政发〔2025〕3号"


def test_other_commands_and_errors(db, capsys):
    path = db.url
    _run(capsys, "--db", path, "catalogue", "add", "--title", "测试文件", "--validity", "有效")
    number = json.loads(_run(capsys, "--db", path, "catalogue", "list", "--json")[1])[0]["index_number"]
    code, out, _ = _run(capsys, "--db", path, "catalogue", "mark-validity", number, "废止", "--on", "2025-05-01")
    assert code == 0 and "废止" in out
    shown = json.loads(_run(capsys, "--db", path, "catalogue", "show", number, "--json")[1])
    assert shown["validity"] == "repealed" and len(shown["revisions"]) == 1
    changes = json.loads(_run(capsys, "--db", path, "catalogue", "changes-since-filing", "--json")[1])
    assert [c["kind"] for c in changes["changes"]] == ["created"]
    _run(capsys, "--db", path, "catalogue", "mark-filed")
    changes = json.loads(_run(capsys, "--db", path, "catalogue", "changes-since-filing", "--json")[1])
    assert changes["changes"] == [] and changes["last_filed_at"]
    code, _, err = _run(capsys, "--db", path, "catalogue", "search", "   ")
    assert code != 0 and "请输入" in err and "Traceback" not in err
    code, _, err = _run(capsys, "--db", path, "catalogue", "show", "不存在")
    assert code != 0 and "没有索引号" in err


def test_set_pattern(db, capsys):
    code, out, _ = _run(capsys, "--db", db.url, "catalogue", "set-pattern", "{org_code}-{year}{month:02d}-{serial:04d}")
    assert code == 0 and "-202603-0012" in out
    code, _, err = _run(capsys, "--db", db.url, "catalogue", "set-pattern", "{org_code}/{year}")
    assert code != 0 and "{serial}" in err
    _run(capsys, "--db", db.url, "catalogue", "add", "--title", "测试", "--written-on", "2025-07-09")
    listed = json.loads(_run(capsys, "--db", db.url, "catalogue", "list", "--json")[1])
    assert listed[0]["index_number"].endswith("-202507-0001")
