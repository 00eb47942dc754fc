"""Packages: exported packages carry the sender's audit chain head; correctly signed packages from a trusted
sender whose records are malformed are refused with a Chinese message and change nothing."""

from __future__ import annotations

import copy
import io
import json
import random
import zipfile

import pytest

from app.errors import UserError
from tests.helpers.offices import township_data
from tests.helpers.reliability import BUDGETS, assert_user_message, db_digest, fuzz_examples

MUTATED: dict[str, int] = {}


@pytest.fixture
def linked(db, tmp_path):
    """The county (`db`) and a township that trust each other's keys; the township holds 6 applications."""
    from app import packages, register
    from app.core import profile
    from app.storage.db import Database

    township = Database.open(tmp_path / "township.sqlite3", backup=False)
    with township.session() as s:
        profile.save_profile(s, township_data())
        t_key = packages.ensure_own_key(s)
    with db.session() as s:
        c_key = packages.ensure_own_key(s)
        c_code = profile.own_office_row(s).org_code
        packages.trust_key(s, t_key.pem, township_data()["org_code"], "白沙镇人民政府")
    with township.session() as s:
        packages.trust_key(s, c_key.pem, c_code, "测试县人民政府办公室")
        for i in range(6):
            register.register_application(s, {
                "received_on": f"2025-04-{i + 1:02d}", "channel": "in_person", "applicant_kind": "natural_person",
                "applicant_name": f"镇民{i}", "content": f"申请公开第{i}号文件", "receipt_note": "当面提交"})
    yield db, township, c_code
    township.dispose()


def _members(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n not in ("manifest.json", "manifest.sig")}


def test_exported_package_carries_the_chain_head(linked, tmp_path):
    from app import packages
    from app.core import audit
    from app.storage.models.core import AuditEntry

    county, township, c_code = linked
    with township.read_session() as s:
        head_before = audit.chain_head(s)
    with township.session() as s:
        packages.export_package(s, to=c_code, out_path=tmp_path / "p.gkpkg")
    with zipfile.ZipFile(tmp_path / "p.gkpkg") as zf:
        manifest = json.loads(zf.read("manifest.json"))
    head = manifest["audit_head"]
    assert head["seq"] >= head_before[0] > 0
    with township.read_session() as s:  # the head names a real entry of the sender's chain
        entry = s.get(AuditEntry, head["seq"])
        assert entry is not None and entry.hash == head["hash"]
        assert audit.verify_chain(s) is None


NASTY = [None, True, 12, -1, 1e308, "", " ", "2025-02-30", "9999-99-99", [], {}, ["x"], {"a": 1}, "\ud800",
         "x" * 20000, "330106199001011235", "not-a-code", "a\x00b", "=1+1", "１２", 10 ** 30]
FIELDS = ["id", "updated_at", "deleted", "serial", "office", "received_on", "channel", "content", "outcome",
          "replied_on", "applicant", "applicant.kind", "applicant.name", "applicant.id_number", "applicant.phone",
          "correction", "consultations", "extension", "fee", "fee.amount_yuan", "extension.working_days"]


def _mutate_record(rng: random.Random, rec: dict) -> dict:
    rec = copy.deepcopy(rec)
    for _ in range(rng.randint(1, 2)):
        path = rng.choice(FIELDS).split(".")
        target = rec
        if len(path) == 2:
            if not isinstance(target.get(path[0]), dict):
                target[path[0]] = {}
            target = target[path[0]]
        target[path[-1]] = rng.choice(NASTY)
    return rec


@BUDGETS
def test_signed_packages_with_malformed_records_are_refused_cleanly(linked, tmp_path, budget):
    from app import packages
    from tests.helpers.packages import craft

    county, township, c_code = linked
    with township.session() as s:
        packages.export_package(s, to=c_code, out_path=tmp_path / "p.gkpkg")
    members = _members((tmp_path / "p.gkpkg").read_bytes())
    lines = [json.loads(x) for x in members["data/applications.jsonl"].splitlines() if x.strip()]
    assert lines, "the export holds no applications"
    rng = random.Random(5)
    counts = {"refused": 0, "accepted": 0}
    sequence = 1
    for n in range(fuzz_examples(30)):
        bad = list(lines)
        i = rng.randrange(len(bad))
        bad[i] = _mutate_record(rng, bad[i])
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in bad).encode("utf-8", "surrogatepass")
        package = craft(township, {**members, "data/applications.jsonl": data}, recipient=c_code, sequence=sequence)
        before = db_digest(county)
        try:
            with county.session() as s:
                packages.import_package(s, package)
        except UserError as exc:
            counts["refused"] += 1
            assert_user_message(exc.message)
            assert db_digest(county) == before, f"mutation {n}: a refused package changed the data"
            continue
        counts["accepted"] += 1
        sequence += 1
    MUTATED["signed packages with malformed records"] = sum(counts.values())
    print(f"\nsigned packages with malformed records: {counts}")
    assert counts["refused"] > 0


def test_structural_package_attacks_are_refused(linked, tmp_path):
    """Path traversal, absolute paths, a member not in the manifest, a compression bomb."""
    from app import packages
    from tests.helpers.packages import craft

    county, township, c_code = linked
    with township.session() as s:
        packages.export_package(s, to=c_code, out_path=tmp_path / "p.gkpkg")
    members = _members((tmp_path / "p.gkpkg").read_bytes())
    attacks = {
        "traversal": dict(extra_members={"../../evil.jsonl": b"{}\n"}),
        "absolute": dict(extra_members={"/etc/passwd": b"x"}),
        "unlisted": dict(extra_members={"data/extra.jsonl": b"{}\n"}),
        "bomb": dict(extra_members={"data/bomb.jsonl": b" " * (64 << 20)}),
    }
    before = db_digest(county)
    for kwargs in attacks.values():
        package = craft(township, members, recipient=c_code, **kwargs)
        with pytest.raises(UserError) as info:
            with county.session() as s:
                packages.import_package(s, package)
        assert_user_message(info.value.message)
    MUTATED["structural attacks"] = len(attacks)
    assert db_digest(county) == before
