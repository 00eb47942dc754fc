"""The detectors: identifiers only with a right check character, phones, e-mail, addresses, names on list pages."""

from __future__ import annotations

from app.redaction.detectors import detect, is_list_page, luhn_ok
from tests.helpers.redaction import PLANTED, credit_code, id_number, luhn_complete


def found(line: str, **kw) -> list[tuple[str, str]]:
    return [(s.kind, line[s.start:s.end]) for s in detect(line, **kw)]


def test_id_number_needs_its_check_character():
    good = id_number("11010119900307123")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert found(f"身份证号{good}。") == [("id_number", good)]
    assert ("id_number", bad) not in found(f"身份证号{bad}。")
    lower_x = id_number("11010119800101001")
    assert found(f"证号 {lower_x.lower()}")[0][0] == "id_number"


def test_bank_card_needs_luhn_and_credit_code_its_check_character():
    card = luhn_complete("622202123456789012")
    assert luhn_ok(card) and not luhn_ok(card[:-1] + str((int(card[-1]) + 1) % 10))
    assert found(f"卡号：{card}") == [("bank_card", card)]
    wrong = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert found(f"卡号：{wrong}") == []
    code = credit_code()
    assert found(f"代码{code}") == [("credit_code", code)]
    assert found(f"代码{code[:-1]}{'0' if code[-1] != '0' else '1'}") == []


def test_phones_email_and_address():
    assert found("手机 13812345678，座机 0571-87654321") == [("mobile", "13812345678"), ("landline", "0571-87654321")]
    assert found("电话：(0571)87654321") == [("landline", "(0571)87654321")]
    assert found("请发送至 wang.wu@example.com.cn 。") == [("email", "wang.wu@example.com.cn")]
    assert found("住址：浙江省杭州市西湖区文三路100号3幢2单元501室") == [
        ("address", "浙江省杭州市西湖区文三路100号3幢2单元501室")]
    # a serial number or a year is not a phone
    assert found("文号2026001号，共12345678910元") == []


def test_names_only_on_a_list_page_or_after_a_label():
    line = "张建国  男  45"
    assert found(line) == []
    assert found(line, names=True) == [("name", "张建国")]
    assert found("申请人：王小明，") == [("name", "王小明")]
    assert is_list_page("2026年度低保对象公示名单") and not is_list_page("关于做好防汛工作的通知")
    # table labels that begin with a surname character are not names
    assert found("银行卡  身份证  座机", names=True) == []


def test_negative_list_terms_are_found_as_they_are():
    assert found("涉及拆迁补偿协议的内容", terms=["拆迁补偿协议"]) == [("term", "拆迁补偿协议")]


def test_planted_values_each_detected_alone():
    for kind, values in PLANTED.items():
        for value in values:
            kinds = [k for k, text in found(f" {value} ", names=True) if text == value]
            assert kinds == [kind], (kind, value)
