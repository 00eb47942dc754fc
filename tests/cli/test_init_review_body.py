"""`gongkai init` derives the 行政复议机关 from --level and --parent-name (docs/spec/command-line.md)."""

from __future__ import annotations

import json

import pytest

from app.cli.main import main
from app.domain.identifiers import org_code_check_char

CODE = "11330127MB0000001" + org_code_check_char("11330127MB0000001")


@pytest.fixture
def dbfile(tmp_path):
    return str(tmp_path / "cli.sqlite3")


@pytest.mark.parametrize(("level", "name", "parent", "body"), [
    ("county", "青山县人民政府办公室", "青山县人民政府", "青山县人民政府"),
    ("department", "青山县教育局", "青山县人民政府", "青山县人民政府"),
    ("township", "白沙镇人民政府", "青山县人民政府", "青山县人民政府"),
    ("county-government", "青山县人民政府", "临江市人民政府", "临江市人民政府"),
])
def test_init_derives_the_body(dbfile, capsys, level, name, parent, body):
    assert main(["--db", dbfile, "--json", "init", "--org-name", name, "--org-code", CODE, "--level", level,
                 "--parent-name", parent]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["review_agency"] == body and "行政复议法" in out["review_rule"] and "行政诉讼法" in out["court_rule"]


def test_init_refuses_a_contradicting_body_then_takes_it_with_a_reason(dbfile, capsys):
    args = ["--db", dbfile, "init", "--org-name", "青山县人民政府办公室", "--org-code", CODE, "--level", "county",
            "--parent-name", "青山县人民政府", "--review-agency", "临江市人民政府"]
    assert main(args) != 0
    err = capsys.readouterr().err
    assert "青山县人民政府" in err and "--review-agency-reason" in err
    assert main([*args, "--review-agency-reason", "经市政府法制机构确认"]) == 0
    assert "经市政府法制机构确认" in capsys.readouterr().out


def test_vertical_body_must_give_review_agency(dbfile, capsys):
    base = ["--db", dbfile, "init", "--org-name", "青山县税务局", "--org-code", CODE, "--level", "vertical"]
    assert main(base) != 0 and "垂直领导" in capsys.readouterr().err
    assert main([*base, "--review-agency", "临江市税务局"]) == 0
    assert "临江市税务局" in capsys.readouterr().out


def test_changing_the_parent_derives_again(dbfile, capsys):
    common = ["--db", dbfile, "--json", "init", "--org-name", "青山县人民政府办公室", "--org-code", CODE]
    assert main([*common, "--parent-name", "青山县人民政府"]) == 0
    capsys.readouterr()
    assert main([*common, "--parent-name", "青川县人民政府"]) == 0
    assert json.loads(capsys.readouterr().out)["review_agency"] == "青川县人民政府"
