"""`gongkai keys …`, `gongkai package …` and `gongkai sync` from the command line."""

from __future__ import annotations

import json

from app.cli.main import main
from tests.helpers.package_receiver import Receiver
from tests.helpers.packages import add_applications


def test_keys_and_package_round_trip(county, township, tmp_path, capsys):
    c_db, t_db = county.target, township.target
    assert main(["--db", t_db, "keys", "export"]) == 0
    pem = capsys.readouterr().out
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    (tmp_path / "t.pem").write_text(pem)
    assert main(["--db", t_db, "--json", "keys", "show"]) == 0
    t_fp = json.loads(capsys.readouterr().out)["own"]["fingerprint"]

    assert main(["--db", c_db, "--json", "keys", "show"]) == 0
    c_code = None
    from app.core import profile

    with county.read_session() as s:
        c_code = profile.own_office_row(s).org_code
    with township.read_session() as s:
        t_code = profile.own_office_row(s).org_code
    capsys.readouterr()
    assert main(["--db", c_db, "keys", "trust", str(tmp_path / "t.pem"), "--org", t_code, "--name", "白沙镇"]) == 0
    assert t_fp in capsys.readouterr().out

    add_applications(township, 2)
    out = tmp_path / "p.gkpkg"
    assert main(["--db", t_db, "package", "export", "--to", c_code, "--out", str(out)]) == 0
    assert "序号 1" in capsys.readouterr().out
    assert main(["--db", c_db, "package", "import", str(out)]) == 0
    assert "新增2条" in capsys.readouterr().out
    assert main(["--db", c_db, "package", "import", str(out)]) == 0
    assert "已于此前导入" in capsys.readouterr().out

    (tmp_path / "bad.gkpkg").write_bytes(out.read_bytes()[:-40])
    assert main(["--db", c_db, "package", "import", str(tmp_path / "bad.gkpkg")]) != 0
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "Traceback" not in err
    assert main(["--db", c_db, "--json", "package", "list"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [i["state"] for i in listed["incoming"]] == ["rejected", "applied"]


def test_bad_destination_and_sync(county, capsys):
    db = county.target
    assert main(["--db", db, "package", "export", "--to", "12345", "--out", "x.gkpkg"]) != 0
    assert "接收方" in capsys.readouterr().err
    rx = Receiver().start()
    try:
        add_applications(county, 1)
        assert main(["--db", db, "sync", "--url", rx.url]) == 0
        assert "已接收1个" in capsys.readouterr().out
        assert len(rx.accepted) == 1
    finally:
        rx.stop()
