"""The office's letter layout: 信函格式 and the printed seal image, set by the clerk, audited, applied to
every letter issued (app/letters/layout.py, `gongkai letter-format`)."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image
from sqlalchemy import select

from app import letters
from app.cli.main import main
from app.core import profile
from app.errors import ValidationError
from app.storage.models.core import AuditEntry
from tests.helpers.letters import pdf_words

SERIAL_OUTCOME = "unavailable_not_held"


def _seal(size: int = 300) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (size, size), (220, 0, 0, 180)).save(out, "PNG")
    return out.getvalue()


def _store_seal(db, image: bytes) -> None:
    with db.session() as s:
        data = profile.get_own_office(s).as_dict()
        data["seal_image"] = image
        profile.save_profile(s, data)


def _app_id(imported, sample_records) -> int:
    serial = next(r["serial"] for r in sample_records[:60] if r["outcome"] == SERIAL_OUTCOME)
    return imported[serial]


def test_nothing_changes_until_the_office_turns_it_on(db, imported, sample_records):
    with db.read_session() as s:
        assert letters.get_layout(s) == letters.LetterLayout(False, False, False)
        pdf = letters.render_preview(s, _app_id(imported, sample_records), "reply")
    assert b"/Subtype /Image" not in pdf
    first_page = pdf_words(pdf)[0]
    assert not [w for w in first_page if w[1] < 37 - 1], "nothing above the 版心 without 信函格式"


def test_seal_needs_a_stored_readable_image_and_warns(db, imported):
    with db.session() as s, pytest.raises(ValidationError, match="尚未存储本机关的印章图像"):
        letters.set_layout(s, print_seal=True)
    _store_seal(db, b"not an image")
    with db.session() as s, pytest.raises(ValidationError, match="无法读取"):
        letters.set_layout(s, print_seal=True)
    _store_seal(db, _seal(40))
    with db.session() as s, pytest.raises(ValidationError, match="模糊"):
        letters.set_layout(s, print_seal=True)
    _store_seal(db, _seal())
    with db.session() as s:
        warnings = letters.set_layout(s, print_seal=True)
    assert warnings == [letters.SEAL_WARNING]
    with db.read_session() as s:
        assert letters.get_layout(s).print_seal
        audited = s.execute(select(AuditEntry.entity_id).where(AuditEntry.entity == "setting")).scalars().all()
    assert "letters.print_seal" in audited, "the change is in the audit trail"


def test_issued_letter_carries_letterhead_and_seal(db, imported, sample_records):
    _store_seal(db, _seal())
    with db.session() as s:
        letters.set_layout(s, letterhead=True, print_seal=True)
    with db.session() as s:
        info = letters.issue_letter(s, _app_id(imported, sample_records), "reply",
                                    extra={"search_done": "检索了本机关的档案和业务系统，未找到该信息"})
        pdf = letters.reprint(s, info.id)
    words = pdf_words(pdf)
    mark = [w for w in words[0] if w[1] < 37]
    assert "".join(w[4] for w in mark) == "测试县人民政府办公室"
    number = next(w for w in words[0] if w[4] == info.doc_number)
    assert number[2] == pytest.approx(28 + 156, abs=0.4), "发文字号 flush right under the rule"
    assert b"/Subtype /Image" in pdf
    if len(words) == 1:
        assert not [w for w in words[0] if w[1] > 262 and "—" in w[4]], "no page number on a 信函's first page"


def test_removed_seal_image_refuses_the_letter(db, imported, sample_records):
    _store_seal(db, _seal())
    with db.session() as s:
        letters.set_layout(s, print_seal=True)
        office = profile.own_office_row(s)
        office.seal_image = None
    with db.session() as s, pytest.raises(ValidationError, match="印章图像已被删除"):
        letters.issue_letter(s, _app_id(imported, sample_records), "reply",
                             extra={"search_done": "检索了本机关的档案和业务系统，未找到该信息"})


def test_cli_letter_format_shows_sets_and_warns(db, imported, capsys):
    assert main(["--db", str(db.url), "--json", "letter-format"]) == 0
    out = capsys.readouterr().out
    shown = json.loads(out[out.index("{"):])
    assert shown == {"letterhead": False, "print_seal": False, "has_seal": False, "warnings": []}
    assert main(["--db", str(db.url), "letter-format", "--seal", "on"]) != 0
    assert "尚未存储本机关的印章图像" in capsys.readouterr().err
    _store_seal(db, _seal())
    assert main(["--db", str(db.url), "letter-format", "--letterhead", "on", "--seal", "on"]) == 0
    captured = capsys.readouterr()
    assert "信函格式：使用" in captured.out and "印章图像：印出" in captured.out
    assert "不等于加盖实体印章" in captured.err
    assert main(["--db", str(db.url), "letter-format", "--seal", "off"]) == 0
    assert "印章图像：不印出" in capsys.readouterr().out
