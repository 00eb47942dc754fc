"""`gongkai redact …` end to end: scan a file and a folder (JSON as documented), apply, the catalogue queue."""

from __future__ import annotations

import json

from app.cli.main import main
from tests.helpers.redaction import PLANTED, text_pdf


def _run(db, capsys, *argv):
    target = str(db.path) if db.path else str(db.url)
    code = main(["--db", target, "--operator", "命令行", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_scan_then_apply(db, capsys, tmp_path, gongshi_pdf):
    src = tmp_path / "公示.pdf"
    src.write_bytes(gongshi_pdf)
    code, out, err = _run(db, capsys, "--json", "redact", "scan", str(src))
    assert code == 0, err
    data = json.loads(out)
    first = data["findings"][0]
    assert set(first) >= {"page", "kind", "text", "box"} and len(first["box"]) == 4
    assert {f["text"] for f in data["findings"]} >= set(PLANTED["id_number"])
    assert all(f["page"] == 2 and f["box"][1] < f["box"][3] for f in data["findings"])
    findings = tmp_path / "findings.json"
    findings.write_text(out, encoding="utf-8")
    target = tmp_path / "out.pdf"
    code, out, err = _run(db, capsys, "redact", "apply", str(src), "--findings", str(findings), "--out", str(target),
                          "--no-ocr-check")
    assert code == 0, err
    assert "已复核无残留" in out
    assert PLANTED["id_number"][0].encode() not in target.read_bytes()


def test_negative_list_terms_come_from_the_database(db, capsys, tmp_path):
    _run(db, capsys, "negative-list", "add", "--name", "拆迁补偿协议", "--category", "个人隐私",
         "--keywords", "补偿协议编号")
    src = tmp_path / "a.pdf"
    src.write_bytes(text_pdf([["附：补偿协议编号 BC-2026-17"]]))
    code, out, _ = _run(db, capsys, "--json", "redact", "scan", str(src))
    assert [f["kind"] for f in json.loads(out)["findings"]] == ["term"]
    code, out, _ = _run(db, capsys, "--json", "redact", "scan", "--no-terms", str(src))
    assert json.loads(out)["findings"] == []


def test_scan_a_folder_before_upload(db, capsys, tmp_path, gongshi_pdf):
    folder = tmp_path / "网站上传"
    (folder / "子目录").mkdir(parents=True)
    (folder / "公示.pdf").write_bytes(gongshi_pdf)
    (folder / "子目录" / "通知.pdf").write_bytes(text_pdf([["关于做好防汛工作的通知"]]))
    (folder / "坏文件.pdf").write_bytes(b"broken")
    (folder / "说明.txt").write_text("ignored")
    code, out, err = _run(db, capsys, "redact", "scan", "--no-terms", str(folder))
    assert code == 1  # a file that could not be scanned is not passed over in silence
    assert "公示.pdf：" in out and "子目录/通知.pdf：未发现" in out and "坏文件.pdf：无法扫描" in out
    assert "共检查 3 个文件" in out


def test_bad_findings_file_is_a_clear_error(db, capsys, tmp_path, gongshi_pdf):
    src = tmp_path / "a.pdf"
    src.write_bytes(gongshi_pdf)
    bad = tmp_path / "f.json"
    bad.write_text('{"findings": [{"page": 1, "box": [10, 10, 5, 20]}]}', encoding="utf-8")
    code, _, err = _run(db, capsys, "redact", "apply", str(src), "--findings", str(bad), "--out", str(tmp_path / "o.pdf"))
    assert code != 0 and "无效" in err and not (tmp_path / "o.pdf").exists()
